"""The annual plan against what was done: each item's occurrences, the evidence the portal
already holds for them, and the plan's completion.

``plan_progress(plan)`` reads everything in a fixed number of queries whatever the size of the
college: one query per kind of evidence over the whole school year, then matching in memory.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from meetings.models import Meeting
from practice.models import Placement, PracticePeriod, SiteVisit, Student

from .models import MONTHS_NOMINATIVE, PlanItem, WorkPlan

PLANNED, DUE, DONE, OVERDUE = "planned", "due", "done", "overdue"
STATE_LABELS = {
    PLANNED: "Запланировано",
    DUE: "Срок наступил",
    DONE: "Выполнено",
    OVERDUE: "Просрочено",
}
MONTHLY = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
BIMONTHLY = ((9, 10), (11, 12), (1, 2), (3, 4), (5, 6))


def current_school_year(today=None):
    """The school year (by its first calendar year) that ``today`` falls in: from September."""
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def month_window(plan_year, first, last=None):
    """Dates of months of a plan: August belongs to the preparations before the school year,
    September to July to the school year itself."""
    last = last or first
    start_year = plan_year if first >= 8 else plan_year + 1
    end_year = plan_year if last >= 8 else plan_year + 1
    end_day = calendar.monthrange(end_year, last)[1]
    return datetime.date(start_year, first, 1), datetime.date(end_year, last, end_day)


def year_span(plan_year):
    return datetime.date(plan_year, 9, 1), datetime.date(plan_year + 1, 8, 31)


@dataclass
class Occurrence:
    start: datetime.date
    end: datetime.date
    label: str
    done: bool = False
    evidence: str = ""
    state: str = PLANNED

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass
class ItemProgress:
    item: PlanItem
    occurrences: list = field(default_factory=list)
    link: str = ""

    @property
    def done_count(self):
        return sum(o.done for o in self.occurrences)

    @property
    def state(self):
        states = {o.state for o in self.occurrences}
        for state in (OVERDUE, DUE, PLANNED):
            if state in states:
                return state
        return DONE

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def occurrences_of(item, plan_year):
    """The windows in which the item must be done."""
    if item.timing == PlanItem.Timing.MONTHS:
        runs, order = [], sorted(item.month_numbers, key=lambda m: (m < 8, m))
        for month in order:
            if runs and (runs[-1][-1] % 12) + 1 == month:
                runs[-1].append(month)
            else:
                runs.append([month])
        return [
            Occurrence(*month_window(plan_year, run[0], run[-1]), label=_months_label(run))
            for run in runs
        ]
    if item.timing == PlanItem.Timing.MONTHLY:
        return [
            Occurrence(*month_window(plan_year, m), label=MONTHS_NOMINATIVE[m - 1].capitalize())
            for m in MONTHLY
        ]
    if item.timing == PlanItem.Timing.BIMONTHLY:
        return [
            Occurrence(*month_window(plan_year, a, b), label=_months_label([a, b]))
            for a, b in BIMONTHLY
        ]
    start, end = year_span(plan_year)
    return [Occurrence(start, end, label="В течение учебного года")]


def _months_label(run):
    names = [MONTHS_NOMINATIVE[m - 1] for m in run]
    text = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
    return text.capitalize()


def plan_with_items(queryset=None):
    # Not ``queryset or …``: that would evaluate the queryset, and an empty one means all plans.
    queryset = WorkPlan.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch(
            "items",
            queryset=PlanItem.objects.prefetch_related("responsible", "manual_evidence"),
        )
    )


def plan_progress(plan, today=None, items=None):
    """Every item of the plan (or the given ones) with its occurrences matched against the
    records."""
    today = today or timezone.localdate()
    facts = _YearFacts(plan.year)
    progress = []
    items = plan.items.all() if items is None else items
    # The document's order: its sections as Table 4 has them, then the items' numbers.
    sections = [value for value, _label in PlanItem.Section.choices]
    for item in sorted(items, key=lambda i: (sections.index(i.section), i.position, i.pk)):
        entry = ItemProgress(item, occurrences_of(item, plan.year))
        for occurrence in entry.occurrences:
            occurrence.done, occurrence.evidence = facts.check(item, occurrence)
            if occurrence.done:
                occurrence.state = DONE
            elif occurrence.end < today:
                occurrence.state = OVERDUE
            elif occurrence.start <= today:
                occurrence.state = DUE
        entry.link = facts.link(item)
        progress.append(entry)
    return progress


def completion(progress):
    """Percentages of done occurrences: the whole plan, per section, per responsible user."""

    def percent(entries):
        total = sum(len(e.occurrences) for e in entries)
        return round(100 * sum(e.done_count for e in entries) / total) if total else 0

    sections = defaultdict(list)
    people = defaultdict(list)
    for entry in progress:
        sections[entry.item.get_section_display()].append(entry)
        for user in entry.item.responsible.all():
            people[user].append(entry)
    return {
        "total": percent(progress),
        "sections": {name: percent(entries) for name, entries in sections.items()},
        "people": sorted(
            ((user, percent(entries), len(entries)) for user, entries in people.items()),
            key=lambda row: row[0].last_name,
        ),
    }


def count_of(queryset, **outer):
    """A correlated COUNT subquery, e.g. ``count_of(Placement.objects, period="pk")``.

    Counting several relations of a row through joins multiplies them (students × placements
    × supervisors of each period): on a large college that was seconds. One subquery per
    count stays linear."""
    rows = queryset.filter(**{k: OuterRef(v) for k, v in outer.items()}).order_by()
    rows = rows.values(next(iter(outer))).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def period_counts(periods):
    """Periods with their group's studying students, placements (not cancelled) and those
    placements still without a mentor."""
    placements = Placement.objects.exclude(status="cancelled")
    return periods.with_counts().annotate(
        without_mentor=count_of(placements.filter(mentor__isnull=True), period="pk"),
    )


class _YearFacts:
    """What the portal holds for one school year, read once (one query per kind).

    Placements are read as counts grouped by period: as four subqueries of each period
    (with students and supervisors) the query was costed so high on a large college that
    PostgreSQL compiled it (JIT) for longer than it ran, and the reports were thousands of
    placements read one by one."""

    def __init__(self, plan_year):
        self.plan_year = plan_year
        start, end = year_span(plan_year)
        window_start = datetime.date(plan_year, 8, 1)

        # Two small subqueries per period (index lookups; ~20 units of cost each, well under
        # the cost at which PostgreSQL compiles a query, for thousands of periods).
        periods = (
            PracticePeriod.objects.filter(start__range=(start, end))
            .order_by()
            .values_list(
                "pk",
                count_of(Student.objects.filter(status=Student.Status.STUDYING), group="group_id"),
                count_of(PracticePeriod.supervisors.through.objects, practiceperiod="pk"),
            )
        )
        # Placements (not cancelled) by period: of the year's periods, and of the periods
        # whose reports are checked in the year (those ending from August on).
        in_year = Q(period__start__range=(start, end)) | Q(period__end__range=(window_start, end))
        by_period = (
            Placement.objects.exclude(status="cancelled")
            .filter(in_year)
            .order_by()
            .values_list("period_id", "period__end")
            .annotate(
                placed=Count("pk"),
                without_mentor=Count("pk", filter=Q(mentor__isnull=True)),
                checked=Count("pk", filter=Q(report_status=Placement.Report.CHECKED)),
            )
        )
        placements = {}
        self.reports = []  # (end of the period, placements, of them with the report checked)
        for period_id, period_end, placed, without_mentor, checked in by_period:
            placements[period_id] = (placed, without_mentor)
            if window_start <= period_end <= end:
                self.reports.append((period_end, placed, checked))
        self.periods = [
            {
                "pk": pk,
                "students": students,
                "placed": placements.get(pk, (0, 0))[0],
                "without_mentor": placements.get(pk, (0, 0))[1],
                "supervisor_count": supervisor_count,
            }
            for pk, students, supervisor_count in periods
        ]
        self.agreement_dates = list(
            Agreement.objects.filter(date__range=(window_start, end)).values_list("date", flat=True)
        )
        self.meetings = [
            (kind, timezone.localdate(starts_at))
            for kind, starts_at in Meeting.objects.filter(
                status=Meeting.Status.HELD,
                minutes_approved_at__isnull=False,
                starts_at__date__range=(window_start, end),
            ).values_list("kind", "starts_at")
        ]
        self.visit_dates = list(
            SiteVisit.objects.filter(date__range=(window_start, end)).values_list("date", flat=True)
        )

    def check(self, item, occ):
        kind = item.evidence
        E = PlanItem.Evidence
        if kind == E.SCHEDULE:
            complete = sum(1 for p in self.periods if p["placed"] >= p["students"] > 0)
            return self._all_periods(complete, "распределение завершено")
        if kind == E.MENTORS:
            complete = sum(1 for p in self.periods if p["placed"] and not p["without_mentor"])
            return self._all_periods(complete, "наставники закреплены")
        if kind == E.ORDER:
            complete = sum(1 for p in self.periods if p["supervisor_count"])
            return self._all_periods(complete, "руководители назначены")
        if kind == E.AGREEMENTS:
            count = sum(1 for d in self.agreement_dates if occ.start <= d <= occ.end)
            return count > 0, f"Договоров заключено: {count}"
        if kind == E.MEETINGS:
            kinds = set(item.meeting_kind_list)
            count = sum(1 for k, d in self.meetings if k in kinds and occ.start <= d <= occ.end)
            return count > 0, f"Проведено с утверждённым протоколом: {count}"
        if kind == E.SITE_VISITS:
            count = sum(1 for d in self.visit_dates if occ.start <= d <= occ.end)
            return count > 0, f"Посещений баз: {count}"
        if kind == E.REPORT_CHECK:
            # The half-year whose reports are checked in this window: practices that ended
            # since the previous check (six months) up to the window's end.
            since = occ.end - datetime.timedelta(days=183)
            due = [(n, c) for end, n, c in self.reports if since < end <= occ.end]
            total, checked = sum(n for n, _ in due), sum(c for _, c in due)
            if not total:
                return False, "Практик с отчётами за полугодие нет"
            return checked == total, f"Отчётов проверено: {checked} из {total}"
        evidence = [e for e in item.manual_evidence.all() if occ.start <= e.done_on <= occ.end]
        if evidence:
            return True, "; ".join(f"{e.done_on:%d.%m.%Y}: {e.note}" for e in evidence)
        return False, "Подтверждения нет"

    def _all_periods(self, complete, what):
        total = len(self.periods)
        if not total:
            return False, "Периодов практики в этом учебном году нет"
        return complete == total, f"{what.capitalize()}: {complete} из {total} периодов"

    def link(self, item):
        return self._targets().get(item.evidence, "")

    def _targets(self):
        """Where each kind of evidence is found: reversed once, not for every item."""
        if not hasattr(self, "_links"):
            E = PlanItem.Evidence
            periods = reverse("practice:period_list")
            self._links = {
                E.SCHEDULE: periods,
                E.MENTORS: periods,
                E.ORDER: reverse("practice:order"),
                E.AGREEMENTS: reverse("agreements:list"),
                E.MEETINGS: reverse("meetings:list"),
                E.SITE_VISITS: reverse("practice:visit_list"),
                E.REPORT_CHECK: periods,
            }
        return self._links


def copy_to_next_year(plan):
    """Next year's draft: the same items and responsible people, no evidence. Raises
    IntegrityError when next year's plan exists."""
    new_plan = WorkPlan.objects.create(year=plan.year + 1, title=plan.title)
    items = list(plan.items.all())
    copies = PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=new_plan,
                **{
                    f.name: getattr(item, f.name)
                    for f in PlanItem._meta.concrete_fields
                    if f.name not in ("id", "plan")
                },
            )
            for item in items
        ]
    )
    Through = PlanItem.responsible.through
    Through.objects.bulk_create(
        [
            Through(planitem_id=copy.pk, user_id=user.pk)
            for item, copy in zip(items, copies, strict=True)
            for user in item.responsible.all()
        ]
    )
    return new_plan
