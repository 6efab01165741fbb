"""The plan's facts are read as counts grouped by period: a period counts in its school year,
and its reports in the window in which they are checked, even when it began the year before."""

from datetime import date

import pytest

from monitoring.models import PlanItem, WorkPlan
from monitoring.plan import plan_progress, plan_with_items
from tests import factories

pytestmark = pytest.mark.django_db


def test_summer_practice_of_last_year_is_checked_in_january_but_not_scheduled_this_year():
    plan = WorkPlan.objects.create(year=2026)
    for content, evidence, months in (("График", "schedule", "8"), ("Отчёты", "reports", "1,6")):
        PlanItem.objects.create(
            plan=plan, section="organisation", content=content, timing="months",
            months=months, evidence=evidence,
        )  # fmt: skip
    summer = factories.PracticePeriodFactory(start=date(2026, 7, 20), end=date(2026, 8, 10))
    autumn = factories.PracticePeriodFactory(start=date(2026, 10, 5), end=date(2026, 10, 17))
    for period, statuses in ((summer, ["checked", "submitted"]), (autumn, ["checked"])):
        for status in statuses:
            factories.PlacementFactory(period=period, report_status=status)
    factories.PlacementFactory(period=autumn, report_status="submitted", status="cancelled")
    factories.StudentFactory(group=autumn.group, status="expelled")  # not a studying student

    plan = plan_with_items(WorkPlan.objects.filter(pk=plan.pk)).get()
    progress = {e.item.content: e for e in plan_progress(plan, today=date(2027, 2, 1))}

    # The schedule counts this school year's period only; its group has two studying students
    # (the expelled one aside), one of them placed: not complete.
    assert progress["График"].occurrences[0].evidence == "Распределение завершено: 0 из 1 периодов"
    # January checks the summer's two reports and the autumn's one (the cancelled one aside).
    january = progress["Отчёты"].occurrences[0]
    assert january.evidence == "Отчётов проверено: 2 из 3" and not january.done
