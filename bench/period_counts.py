"""Counting each practice period's students and placements: joined counts against subqueries.

    DATABASE_URL=postgres://… .venv/bin/python bench/period_counts.py

On the large college (bench/large_college.py, built if missing) it runs, for the current
school year's periods, the query the annual plan and the coverage indicator used to run
(``Count(..., distinct=True)`` over the group's students, the placements and the supervisors
joined at once: their product per period) and the one they run now
(``monitoring.plan.period_counts`` + a supervisors subquery), alternating the two over 7
pairs, and prints the median and range of each. Both must return the same rows.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import large_college

PAIRS = 7


def joined(periods):
    from django.db.models import Count, Q

    return periods.annotate(
        students=Count(
            "group__students", filter=Q(group__students__status="studying"), distinct=True
        ),
        placed=Count("placements", filter=~Q(placements__status="cancelled"), distinct=True),
        without_mentor=Count(
            "placements",
            filter=~Q(placements__status="cancelled") & Q(placements__mentor__isnull=True),
            distinct=True,
        ),
        supervisor_count=Count("supervisors", distinct=True),
    )


def subqueries(periods):
    from monitoring.plan import count_of, period_counts
    from practice.models import PracticePeriod

    return period_counts(periods).annotate(
        supervisor_count=count_of(PracticePeriod.supervisors.through.objects, practiceperiod="pk")
    )


def rows(queryset):
    fields = ("pk", "students", "placed", "without_mentor", "supervisor_count")
    return sorted(queryset.values_list(*fields))


def main():
    from monitoring.plan import current_school_year, year_span
    from practice.models import PracticePeriod

    periods = PracticePeriod.objects.filter(start__range=year_span(current_school_year()))
    assert rows(joined(periods)) == rows(subqueries(periods)), "the two disagree"
    times = {"joined counts": [], "subqueries": []}
    for _ in range(PAIRS):
        for label, build in (("joined counts", joined), ("subqueries", subqueries)):
            started = time.perf_counter()
            rows(build(periods))
            times[label].append((time.perf_counter() - started) * 1000)
    print(f"{periods.count()} periods of the current school year, {PAIRS} interleaved pairs")
    for label, runs in times.items():
        print(
            f"{label:14} median {statistics.median(runs):6.0f} ms ({min(runs):.0f}–{max(runs):.0f})"
        )


if __name__ == "__main__":
    large_college.setup()
    large_college.build()
    main()
