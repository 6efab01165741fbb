"""What the formula guard costs: writing a large export with and without it.

    .venv/bin/python bench/spreadsheet_guard.py

Builds a Dataset of 5,000 rows × 12 columns shaped like the partner export (texts,
numbers, one in ten texts beginning with «=», «-» or «+»), then writes it as XLSX and
CSV with tablib alone and with kitek_portal.spreadsheets.render(). The two sides are
interleaved, 7 pairs each; it prints the median and range of each and the difference.
No database is needed.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

import tablib  # noqa: E402

from kitek_portal import spreadsheets  # noqa: E402

ROWS, PAIRS = 5000, 7


def dataset():
    data = tablib.Dataset(headers=[f"Столбец {n}" for n in range(12)])
    for row in range(ROWS):
        lead = ["=1+1", "-Альфа", "+7 3812 00-00-00"][row % 3] if row % 10 == 0 else "ООО «Сказка»"
        data.append(
            [
                lead,
                f"Омск, ул. Ленина, {row}",
                "7707083893",
                row,
                row * 1.5,
                "Действующий",
                "Торговля, Общественное питание",
                "43.02.14",
                "База практики",
                4,
                "",
                "примечание",
            ]
        )
    return data


def seconds(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def report(label, times):
    median = statistics.median(times)
    return f"{label:<28} median {median:6.3f} s  range {min(times):.3f}–{max(times):.3f} s"


def main():
    data = dataset()
    for file_format in ("xlsx", "csv"):
        plain, guarded = [], []
        for _ in range(PAIRS):
            plain.append(seconds(lambda f=file_format: data.export(f)))
            guarded.append(seconds(lambda f=file_format: spreadsheets.render(data, f)))
        print(f"{file_format.upper()}, {ROWS:,} rows × 12 columns, {PAIRS} interleaved pairs")
        print(report("  tablib alone", plain))
        print(report("  spreadsheets.render", guarded))
        diff = statistics.median(guarded) - statistics.median(plain)
        print(f"  guard costs {diff:+.3f} s ({diff / statistics.median(plain):+.0%})")


if __name__ == "__main__":
    main()
