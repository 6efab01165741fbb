"""How long the placement schedule takes, and how much of it is the portal's own work.

    .venv/bin/python bench/schedule_speed.py

On the large college of bench/large_college.py (built if missing) it prints:
- the schedule page (HTML) for one specialty: 2,000 rows;
- the schedule PDF for one specialty's industrial practice: 1,000 rows, through the view;
- WeasyPrint alone rendering the same HTML, already rendered by Django;
- the SQL queries each request ran.
The portal's overhead is the PDF time minus WeasyPrint's own.
"""

import statistics
import time

from large_college import build, setup

RUNS = 3


def timed(fn):
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    setup()
    build()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from accounts.models import User
    from practice.document_views import schedule_context
    from practice.models import Specialty

    head, _ = User.objects.get_or_create(username="bench-head", defaults={"role": "head"})
    client = Client()
    client.force_login(head)
    specialty = Specialty.objects.get(code="43.02.14")
    params = {"specialty": specialty.pk}

    with CaptureQueriesContext(connection) as queries:
        page_time, page = timed(lambda: client.get("/practice/schedule/", params))
    rows = page.content.decode().count("<tr><td>")
    print(
        f"schedule page, {rows} rows: {page_time * 1000:.0f} ms, "
        f"{len(queries) // RUNS} SQL queries per request"
    )

    pdf_params = {**params, "kind": "industrial", "format": "pdf"}
    with CaptureQueriesContext(connection) as queries:
        pdf_time, pdf = timed(lambda: client.get("/practice/schedule/", pdf_params))
    print(
        f"schedule PDF, 1000 rows, through the view: {pdf_time:.2f} s, "
        f"{len(queries) // RUNS} SQL queries per request, {len(pdf.content) // 1024} KiB"
    )

    from django.template.loader import render_to_string

    from kitek_portal.pdf import pdf_context

    html = render_to_string(
        "practice/pdf/schedule.html", pdf_context(schedule_context(head, pdf_params))
    )

    def weasyprint_alone():
        # The same fonts (@font-face needs a FontConfiguration), nothing of Django.
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            font_config=FontConfiguration()
        )

    weasy_time, _ = timed(weasyprint_alone)
    print(f"WeasyPrint alone, same HTML: {weasy_time:.2f} s")
    overhead = pdf_time - weasy_time
    print(f"portal overhead: {overhead:.2f} s ({overhead / pdf_time * 100:.0f}% of the PDF time)")


if __name__ == "__main__":
    main()
