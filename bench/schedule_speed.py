"""How long the placement schedule takes, and how much of it is the portal's own work.

    .venv/bin/python bench/schedule_speed.py [--pairs 5] [--variants | --variants-only]

On the large college of bench/large_college.py (built if missing; set DATABASE_URL as for it)
it prints, each as the median and range of --pairs runs:
- the schedule page (HTML) for one specialty, and its SQL queries;
- the schedule PDF of one specialty's industrial practice, the portal's whole work (queries,
  template, WeasyPrint), interleaved pair by pair with WeasyPrint alone rendering the same
  HTML, so that drift of a shared machine falls on both sides alike; the portal's overhead is
  the median of the pairwise differences;
- with --variants, WeasyPrint alone on the first 300 rows, interleaved pairs of the schedule
  as shipped and a variant of it: ``table-layout: auto`` instead of fixed, subsetting the fonts
  with fontTools instead of HarfBuzz, no ``page-break-inside: avoid`` on rows.
"""

import argparse
import logging
import re
import statistics
import time
from contextlib import nullcontext

from large_college import build, setup


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def spread(times, unit="s"):
    scale = 1000 if unit == "ms" else 1
    low, mid, high = min(times) * scale, statistics.median(times) * scale, max(times) * scale
    digits = 0 if unit == "ms" else 2
    return f"median {mid:.{digits}f} {unit} (range {low:.{digits}f}–{high:.{digits}f})"


def interleaved(pairs, left, right):
    """Run left and right alternately (the first of each pair alternates too)."""
    times = {"left": [], "right": []}
    for n in range(pairs):
        order = [("left", left), ("right", right)]
        for side, fn in order if n % 2 == 0 else reversed(order):
            times[side].append(timed(fn)[0])
    return times["left"], times["right"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--variants", action="store_true")
    parser.add_argument("--variants-only", action="store_true", help="skip the page and the PDF")
    args = parser.parse_args()
    setup()
    build()
    from django.conf import settings
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from accounts.models import User
    from kitek_portal.pdf import pdf_context
    from practice.document_views import schedule_context
    from practice.models import Specialty

    head = User.objects.get(username="head")
    client = Client()
    client.force_login(head)
    specialty = Specialty.objects.get(code="43.02.14")
    params = {"specialty": str(specialty.pk)}
    print(f"database: {connection.vendor}, {args.pairs} runs per figure")
    pdf_params = {**params, "kind": "industrial"}
    html = render_to_string(
        "practice/pdf/schedule.html", pdf_context(schedule_context(head, pdf_params))
    )

    def weasyprint_alone(source=html):
        # The same fonts (@font-face needs a FontConfiguration), nothing of Django.
        return HTML(string=source, base_url=str(settings.BASE_DIR)).write_pdf(
            font_config=FontConfiguration()
        )

    if not args.variants_only:
        measure_page_and_pdf(args.pairs, client, head, params, pdf_params, weasyprint_alone)
    if args.variants or args.variants_only:
        compare_variants(args.pairs, html, weasyprint_alone)


def measure_page_and_pdf(pairs, client, head, params, pdf_params, weasyprint_alone):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kitek_portal.pdf import render_pdf
    from practice.document_views import schedule_context

    page_times = []
    for _ in range(pairs):
        with CaptureQueriesContext(connection) as queries:
            elapsed, page = timed(lambda: client.get("/practice/schedule/", params))
        page_times.append(elapsed)
    rows = page.content.decode().count("<tr><td>")
    print(
        f"schedule page, one specialty, {rows} rows shown, {len(page.content) // 1024} KiB: "
        f"{spread(page_times, 'ms')}, {len(queries)} SQL queries"
    )

    rows = len(schedule_context(head, pdf_params)["placements"])

    def portal():
        return render_pdf("practice/pdf/schedule.html", schedule_context(head, pdf_params))

    with CaptureQueriesContext(connection) as queries:
        size = len(portal())
    portal_times, weasy_times = interleaved(pairs, portal, weasyprint_alone)
    print(f"schedule PDF, {rows} rows, {size // 1024} KiB, {len(queries)} SQL queries:")
    print(f"  portal (queries, template, WeasyPrint): {spread(portal_times)}")
    print(f"  WeasyPrint alone, same HTML:           {spread(weasy_times)}")
    overhead = [p - w for p, w in zip(portal_times, weasy_times, strict=True)]
    print(
        f"  portal overhead: median {statistics.median(overhead):.2f} s "
        f"(range {min(overhead):.2f}–{max(overhead):.2f}), "
        f"{statistics.median(overhead) / statistics.median(portal_times) * 100:.0f}% of the PDF"
    )


def compare_variants(pairs, html, render):
    import weasyprint.pdf.fonts

    # The first 300 rows of the same schedule.
    head, _, tail = html.partition("<tbody>")
    body, _, end = tail.partition("</tbody>")
    rows = re.findall(r"<tr>.*?</tr>", body, flags=re.S)[:300]
    shipped = f"{head}<tbody>{''.join(rows)}</tbody>{end}"

    class FontToolsSubsetting:
        """What WeasyPrint does without libharfbuzz-subset (its warning silenced here)."""

        def __enter__(self):
            self.saved = weasyprint.pdf.fonts.harfbuzz_subset
            weasyprint.pdf.fonts.harfbuzz_subset = None
            self.level = logging.getLogger("weasyprint").level
            logging.getLogger("weasyprint").setLevel(logging.ERROR)

        def __exit__(self, *exc):
            weasyprint.pdf.fonts.harfbuzz_subset = self.saved
            logging.getLogger("weasyprint").setLevel(self.level)

    variants = {
        "table-layout: auto": (shipped.replace("table-layout: fixed", "table-layout: auto"), None),
        "fonts subset by fontTools": (shipped, FontToolsSubsetting),
        "rows may break across pages": (
            shipped.replace("tr { page-break-inside: avoid; }", ""),
            None,
        ),
    }
    print(f"WeasyPrint alone, {len(rows)} rows: the schedule as shipped against a variant")
    for name, (variant, patch) in variants.items():

        def run_variant(variant=variant, patch=patch):
            with patch() if patch else nullcontext():
                return render(variant)

        shipped_times, variant_times = interleaved(pairs, lambda: render(shipped), run_variant)
        ratio = statistics.median(variant_times) / statistics.median(shipped_times)
        print(
            f"  {name}: {spread(variant_times)} against shipped {spread(shipped_times)} "
            f"(shipped takes {1 / ratio:.2f}× the variant's time)"
        )


if __name__ == "__main__":
    main()
