"""Indicators of the partnership, computed live from the records: never typed twice.

Each section is one selector running a fixed number of aggregate queries whatever the size of
the college. The page shows each figure beside last year's: a section reads both years in the
same queries (``Count(..., filter=<the year>)``), so the page costs one set of queries, not
two. A ``Scope`` narrows them to a school year and, optionally, to specialties (a practice
head's) or to groups (a teacher's). Every figure carries a one-line definition and a
link to the records behind it, so that a practice head can act on it.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.services import covered_by_agreement
from meetings.models import Decision, Meeting, Recommendation
from partners.models import Participation, Partner
from practice.models import Employment, Placement, PracticePeriod, Specialty, Student

from .plan import current_school_year, year_span


@dataclass(frozen=True)
class Scope:
    year: int
    specialty_ids: tuple | None = None
    group_ids: tuple | None = None

    @property
    def span(self):
        return year_span(self.year)

    @property
    def label(self):
        return f"{self.year}/{self.year + 1}"

    def previous(self):
        return Scope(self.year - 1, self.specialty_ids, self.group_ids)

    def groups_q(self, path):
        """Filter on a StudentGroup reached through ``path``."""
        q = Q()
        if self.specialty_ids is not None:
            q &= Q(**{f"{path}__specialty_id__in": self.specialty_ids})
        if self.group_ids is not None:
            q &= Q(**{f"{path}_id__in": self.group_ids})
        return q


def scope_for(user, year=None, specialty_id=None, head=None):
    """What a user may read: the deputy and administrators the whole college (or one practice
    head's specialties, ``head``), a practice head their specialties (or one of them), a
    teacher the groups they supervise."""
    year = year or current_school_year()
    specialty_ids = None
    if user.role == "head":
        specialty_ids = tuple(user.specialties.values_list("pk", flat=True))
    elif head is not None and user.role in ("deputy", "admin"):
        specialty_ids = tuple(head.specialties.values_list("pk", flat=True))
    if specialty_id:
        specialty_ids = (
            (specialty_id,)
            if specialty_ids is None or specialty_id in specialty_ids
            else specialty_ids
        )
    group_ids = None
    if user.role == "teacher":
        group_ids = tuple(
            PracticePeriod.objects.filter(supervisors=user, start__range=year_span(year))
            .values_list("group_id", flat=True)
            .distinct()
        )
    return Scope(year, specialty_ids, group_ids)


@dataclass
class Figure:
    label: str
    value: int
    definition: str
    total: int | None = None
    link: str = ""
    previous: "Figure | None" = field(default=None, repr=False)
    # A figure of today (statuses, agreements in force) has no previous-year value to show.
    today_only: bool = False

    @property
    def percent(self):
        if not self.total:
            return None
        return round(100 * self.value / self.total)


def _url(name, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


# --- Practice coverage ----------------------------------------------------------------


def _year_q(years, path):
    """{year: Q(<path> within the school year)} and the Q of them all."""
    spans = {year: year_span(year) for year in years}
    each = {year: Q(**{f"{path}__range": span}) for year, span in spans.items()}
    return each, Q(**{f"{path}__range": (min(spans.values())[0], max(spans.values())[1])})


_PLACEMENT_TERMS = {
    "placed": Q(),
    "mentor": Q(mentor__isnull=False),
    "checked": Q(report_status="checked"),
    "graded": Q(final_grade__isnull=False),
    "evaluated": ~Q(employer_evaluation=""),
}


def _coverage_data(scope, years):
    """The periods of the years as (year, specialty id, studying students, placed), and
    {year: {what: placements}}.

    Two grouped queries, none with a subquery per row: such a subquery (one per period, or
    per placement) made PostgreSQL cost the query high enough to compile it first (JIT), which
    took longer than the query on a large college."""
    periods = (
        PracticePeriod.objects.filter(scope.groups_q("group"), _year_q(years, "start")[1])
        .order_by()
        .values_list("pk", "start", "group__specialty_id")
        .annotate(
            students=Count(
                "group__students", filter=Q(group__students__status=Student.Status.STUDYING)
            )
        )
    )
    placements = Placement.objects.filter(
        scope.groups_q("period__group"), _year_q(years, "period__start")[1]
    ).exclude(status="cancelled")
    # An agreement in force on the practice's dates: the placements under one, as a set the
    # rows are looked up in (PostgreSQL reads it once, a semi-join, and hashes it). A subquery
    # for each placement instead was costed so high that PostgreSQL compiled it first (JIT).
    secured = placements.filter(covered_by_agreement()).values("pk")
    terms = {**_PLACEMENT_TERMS, "agreement": Q(pk__in=secured)}
    by_period = {
        period_id: found
        for period_id, *found in placements.order_by()
        .values_list("period_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in terms.items()})
    }
    spans = [(year, *year_span(year)) for year in years]
    names = tuple(terms)
    totals = {year: [0] * len(names) for year in years}
    rows = []
    for pk, start, specialty_id, students in periods:
        year = next((y for y, first, last in spans if first <= start <= last), None)
        found = by_period.get(pk)
        rows.append((year, specialty_id, students, found[0] if found else 0))
        if found:
            totals[year] = [a + b for a, b in zip(totals[year], found, strict=True)]
    counts = {year: dict(zip(names, totals[year], strict=True)) for year in years}
    return rows, counts


def _coverage_years(period_rows, counts):
    """{year: figures} of the coverage."""
    return {
        year: _coverage_figures(counts[year], [(s, p) for y, _sp, s, p in period_rows if y == year])
        for year in counts
    }


def coverage(scope, today=None):
    """Students of groups with a practice period in the year: placed, with a mentor, at a
    partner with an agreement in force on the dates, report checked, graded."""
    return coverage_years(scope, (scope.year,))[scope.year]


def coverage_years(scope, years, today=None):
    """{year: the coverage figures} of several school years in the same two queries."""
    return _coverage_years(*_coverage_data(scope, years))


def _coverage_figures(placements, period_rows):
    students = sum(s for s, _ in period_rows)
    link = _url("practice:period_list")
    return [
        Figure(
            "Размещены на практике",
            placements["placed"],
            "Обучающиеся групп с практикой в этом учебном году, у которых есть место практики "
            "(на каждый период).",
            students,
            link,
        ),
        Figure(
            "С наставником",
            placements["mentor"],
            "Размещённые, за которыми закреплён наставник от работодателя.",
            placements["placed"],
            link,
        ),
        Figure(
            "У партнёра с действующим договором",
            placements["agreement"],
            "Размещённые у партнёра, чей договор о практической подготовке действует на все "
            "даты практики.",
            placements["placed"],
            _url("agreements:list"),
        ),
        Figure(
            "Отчёт проверен",
            placements["checked"],
            "Размещённые, чей отчёт по практике проверен руководителем.",
            placements["placed"],
            link,
        ),
        Figure(
            "Оценка выставлена",
            placements["graded"],
            "Размещённые с итоговой оценкой за практику.",
            placements["placed"],
            link,
        ),
        Figure(
            "Отзыв работодателя",
            placements["evaluated"],
            "Размещённые, о которых работодатель написал отзыв.",
            placements["placed"],
            link,
        ),
        Figure(
            "Периоды с полным графиком",
            sum(1 for s, p in period_rows if p >= s > 0),
            "Периоды практики, в которых размещены все обучающиеся группы.",
            len(period_rows),
            link,
        ),
    ]


def coverage_by_specialty(scope, period_rows=None, names=None):
    """[(specialty, placed, students)] for the chart, from the year's periods."""
    if period_rows is None:
        period_rows = _coverage_data(scope, (scope.year,))[0]
    students, placed = {}, {}
    for year, specialty_id, count, in_place in period_rows:
        if year == scope.year:
            students[specialty_id] = students.get(specialty_id, 0) + count
            placed[specialty_id] = placed.get(specialty_id, 0) + in_place
    names = Specialty.objects.in_bulk(list(students)) if names is None else names
    return [
        (names[pk], placed[pk], total)
        for pk, total in sorted(students.items(), key=lambda kv: names[kv[0]].code)
    ]


# --- Partners and agreements -------------------------------------------------------------


def _registry(scope):
    registry = Partner.objects.exclude(status=Partner.Status.FORMER)
    if scope.specialty_ids is not None:
        # Exists, not a join: a partner of two of the specialties is one partner, and its
        # places are counted once.
        registry = registry.filter(
            Exists(
                Partner.specialties.through.objects.filter(
                    partner_id=OuterRef("pk"), specialty_id__in=scope.specialty_ids
                )
            )
        )
    return registry


def _registry_counts(scope, years, today):
    """The registry's figures of today, partners new in each year and partners per stage:
    one query grouped by stage (a partner is at one stage, so the figures are sums)."""
    each, _either = _year_q(years, "created_at__date")
    active = Q(status=Partner.Status.ACTIVE)
    in_force = Agreement.objects.valid_on(today).filter(partner=OuterRef("pk"))
    rows = (
        _registry(scope)
        .annotate(agreed=Exists(in_force))
        .order_by()
        .values("stage")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=active),
            with_agreement=Count("pk", filter=Q(agreed=True)),
            offered=Sum("places_per_year", filter=active),
            **{f"new_{year}": Count("pk", filter=each[year]) for year in years},
        )
    )
    counts = dict.fromkeys(("total", "active", "with_agreement", "offered"), 0)
    counts |= {f"new_{year}": 0 for year in years}
    counts |= {f"stage_{value}": 0 for value in Partner.Stage}
    for row in rows:
        counts[f"stage_{row.pop('stage')}"] = row["total"]
        for key, value in row.items():
            counts[key] += value or 0
    return counts


def _placed(scope, years):
    """{year: placements (not cancelled) of the year's periods}: what the places are used by."""
    each, either = _year_q(years, "period__start")
    counts = (
        Placement.objects.filter(scope.groups_q("period__group"), either)
        .exclude(status="cancelled")
        .aggregate(**{str(year): Count("pk", filter=each[year]) for year in years})
    )
    return {year: counts[str(year)] for year in years}


def partners(scope, today=None):
    today = today or timezone.localdate()
    years = (scope.year,)
    return _partners_figures(
        _registry_counts(scope, years, today), scope.year, _placed(scope, years)[scope.year]
    )


def _partners_figures(counts, year, used):
    link = _url("partners:list")
    return [
        Figure(
            "Действующие партнёры",
            counts["active"],
            "Партнёры в статусе «Действующий».",
            counts["total"],
            _url("partners:list", status="active"),
            today_only=True,
        ),
        Figure(
            "Новые за год",
            counts[f"new_{year}"],
            "Партнёры, внесённые в реестр в этом учебном году.",
            None,
            link,
        ),
        Figure(
            "С действующим договором",
            counts["with_agreement"],
            "Партнёры, у которых сегодня действует хотя бы один договор.",
            counts["total"],
            _url("agreements:list"),
            today_only=True,
        ),
        Figure(
            "Мест предложено / занято",
            used,
            "Занято мест практики в этом году из мест в год, которые предлагают действующие "
            "партнёры.",
            counts["offered"] or 0,
            link,
        ),
    ]


def stage_funnel(scope, counts=None):
    """[(stage label, partners at this stage or further)] over the nine stages of Table 3."""
    if counts is None:
        counts = _registry_counts(scope, (scope.year,), timezone.localdate())
    rows, further = [], 0
    for value, label in reversed(Partner.Stage.choices):
        further += counts[f"stage_{value}"]
        rows.append((f"{value}. {label}", further))
    return list(reversed(rows))


def agreements(scope, today=None):
    today = today or timezone.localdate()
    qs = Agreement.objects.all()
    if scope.specialty_ids is not None:
        qs = qs.filter(
            Exists(
                Agreement.specialties.through.objects.filter(
                    agreement_id=OuterRef("pk"), specialty_id__in=scope.specialty_ids
                )
            )
        )
    in_force = Q(status__in=Agreement.VALID_STATUSES, valid_from__lte=today, valid_to__gte=today)
    renewed = Agreement.objects.filter(
        partner_id=OuterRef("partner_id"),
        kind=OuterRef("kind"),
        status__in=Agreement.VALID_STATUSES,
        valid_to__gte=today,
    )
    counts = qs.annotate(renewed=Exists(renewed)).aggregate(
        in_force=Count("pk", filter=in_force),
        expiring=Count(
            "pk",
            filter=in_force
            & Q(valid_to__lte=today + datetime.timedelta(days=60), auto_prolongation=False),
        ),
        expired=Count("pk", filter=Q(status="expired", renewed=False)),
        **{f"kind_{kind}": Count("pk", filter=in_force & Q(kind=kind)) for kind in Agreement.Kind},
    )
    by_kind = {kind: counts[f"kind_{kind}"] for kind in Agreement.Kind}
    figures = [
        Figure(
            "Действуют",
            counts["in_force"],
            "Договоры, действующие сегодня.",
            None,
            _url("agreements:list", status="active"),
        ),
        Figure(
            "Истекают в течение 60 дней",
            counts["expiring"],
            "Действующие договоры без автопролонгации, срок которых кончается в ближайшие 60 дней.",
            None,
            _url("agreements:list", expiring_within=60),
        ),
        Figure(
            "Истекли и не продлены",
            counts["expired"],
            "Истёкшие договоры, на смену которым нет действующего договора того же вида.",
            None,
            _url("agreements:list", status="expired"),
        ),
    ]
    figures += [
        Figure(
            label,
            by_kind.get(kind, 0),
            "Действующие договоры этого вида.",
            None,
            _url("agreements:list", kind=kind),
        )
        for kind, label in Agreement.Kind.choices
    ]
    for figure in figures:  # all of them are about today
        figure.today_only = True
    return figures


# --- Meetings, decisions, recommendations ------------------------------------------------


def _meeting_months(years):
    """{(year, month): counts} of the meetings (not cancelled) of the years, by month."""
    from django.db.models.functions import TruncMonth

    _each, either = _year_q(years, "starts_at__date")
    employers = Q(kind__in=["round_table", "production"])
    rows = (
        Meeting.objects.filter(either)
        .exclude(status="cancelled")
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=Q(status="held")),
            approved=Count("pk", filter=Q(status="held", minutes_approved_at__isnull=False)),
            employers=Count("pk", filter=employers),
            employers_held=Count("pk", filter=employers & Q(status="held")),
        )
    )
    return {_month_key(row): row for row in rows}


def _month_key(row):
    month = row.pop("month")
    return (month.year, month.month)


def _meetings_years(years, today, months):
    decision_q = {
        year: Q(deadline__range=(year_span(year)[0], min(year_span(year)[1], today)))
        for year in years
    }
    either = Q()
    for q in decision_q.values():
        either |= q
    decisions = Decision.objects.filter(either).aggregate(
        **{f"due_{y}": Count("pk", filter=q) for y, q in decision_q.items()},
        **{
            f"on_time_{y}": Count("pk", filter=q & Q(done_at__date__lte=F("deadline")))
            for y, q in decision_q.items()
        },
    )
    # A recommendation made at a meeting counts in the meeting's year; one made elsewhere
    # (a correction proposed in the document library) in the year it was made.
    at_meeting, at_meetings = _year_q(years, "meeting__starts_at__date")
    made, made_any = _year_q(years, "created_at__date")
    elsewhere = Q(meeting__isnull=True)
    each = {year: at_meeting[year] | (elsewhere & made[year]) for year in years}
    either = at_meetings | (elsewhere & made_any)
    done = Q(status="done")
    corrections = done & (Q(subject__icontains="программ") | Q(subject__icontains="КОС"))
    recommendations = Recommendation.objects.filter(either).aggregate(
        **{f"total_{y}": Count("pk", filter=each[y]) for y in years},
        **{
            f"accepted_{y}": Count("pk", filter=each[y] & Q(status__in=["accepted", "done"]))
            for y in years
        },
        **{f"corrections_{y}": Count("pk", filter=each[y] & corrections) for y in years},
    )
    result = {}
    for year in years:
        counts = dict.fromkeys(("planned", "held", "approved", "employers", "employers_held"), 0)
        first, last = year_span(year)
        for (month_year, month), row in months.items():
            if first <= datetime.date(month_year, month, 1) <= last:
                for key in counts:
                    counts[key] += row[key]
        result[year] = _meetings_figures(
            counts,
            {"due": decisions[f"due_{year}"], "on_time": decisions[f"on_time_{year}"]},
            {k: recommendations[f"{k}_{year}"] for k in ("total", "accepted", "corrections")},
        )
    return result


def meetings(scope, today=None):
    today = today or timezone.localdate()
    years = (scope.year,)
    return _meetings_years(years, today, _meeting_months(years))[scope.year]


def _meetings_figures(counts, decisions, recommendations):
    link = _url("meetings:list")
    return [
        Figure(
            "Совещаний проведено",
            counts["held"],
            "Проведённые из запланированных (без отменённых) в этом учебном году.",
            counts["planned"],
            link,
        ),
        Figure(
            "Круглые столы и производственные совещания",
            counts["employers_held"],
            "Встречи с работодателями (план — раз в два месяца): проведено из запланированных.",
            counts["employers"],
            link,
        ),
        Figure(
            "Протокол утверждён",
            counts["approved"],
            "Проведённые совещания с утверждённым протоколом.",
            counts["held"],
            link,
        ),
        Figure(
            "Решения выполнены в срок",
            decisions["on_time"],
            "Решения совещаний со сроком в этом году (до сегодня), выполненные не позже срока.",
            decisions["due"],
            link,
        ),
        Figure(
            "Рекомендации работодателей приняты",
            recommendations["accepted"],
            "Принятые и выполненные рекомендации из всех высказанных.",
            recommendations["total"],
            link,
        ),
        Figure(
            "Корректировки программ и КОС",
            recommendations["corrections"],
            "Выполненные рекомендации, относящиеся к программам практики и КОС.",
            None,
            link,
        ),
    ]


# --- Employer participation ------------------------------------------------------------------


def _participation_years(scope, years):
    """{year: ({kind: records}, partners that took part)}."""
    each, either = _year_q(years, "date")
    qs = Participation.objects.filter(either)
    if scope.specialty_ids is not None:
        qs = qs.filter(Q(specialty__in=scope.specialty_ids) | Q(specialty__isnull=True))
    kinds = [kind.value for kind in Participation.Kind]
    counts = qs.aggregate(
        **{f"partners_{y}": Count("partner", distinct=True, filter=each[y]) for y in years},
        **{f"{k}_{y}": Count("pk", filter=each[y] & Q(kind=k)) for k in kinds for y in years},
    )
    return {y: ({k: counts[f"{k}_{y}"] for k in kinds}, counts[f"partners_{y}"]) for y in years}


def participation(scope):
    return _participation_years(scope, (scope.year,))[scope.year]


def participation_figures(scope, today=None):
    return _participation_figures(*participation(scope), scope.year)


def _participation_figures(by_kind, partners_count, year):
    figures = [
        Figure(
            "Работодателей участвовало",
            partners_count,
            "Партнёры, хотя бы раз участвовавшие в экзаменах, комиссиях, чемпионатах, "
            "мастер-классах, стажировках и мероприятиях за учебный год.",
            None,
            _url("partners:participation_list", year=year),
        )
    ]
    figures += [
        Figure(
            label,
            by_kind.get(kind, 0),
            "Записи реестра участия этого вида за учебный год.",
            None,
            _url("partners:participation_list", year=year, kind=kind),
        )
        for kind, label in Participation.Kind.choices
    ]
    return figures


# --- Graduate employment -------------------------------------------------------------------


def _employment_years(scope, years):
    """{year: {specialty id: {"graduates", "specialty", "partner", "six", "twelve"}}}: the
    graduates of each year (those who finish in June of its second calendar year) and those
    of them employed in the specialty, at a partner, within 6 and 12 months of 1 July.

    Counted per specialty: a student belongs to one specialty, so the college's figure is
    the sum."""
    graduates = Student.objects.filter(
        scope.groups_q("group"), status="graduated", graduated_on__year__in=[y + 1 for y in years]
    )
    result = {year: {} for year in years}
    totals = graduates.values_list("group__specialty_id", "graduated_on__year").annotate(
        n=Count("pk")
    )
    for specialty_id, graduated, count in totals.order_by():
        result[graduated - 1][specialty_id] = dict.fromkeys(
            ("specialty", "partner", "six", "twelve"), 0
        ) | {"graduates": count}
    terms = {}
    for year in years:
        graduation = datetime.date(year + 1, 7, 1)
        cohort = Q(student__graduated_on__year=year + 1)
        terms |= {
            f"specialty_{year}": cohort & Q(status="specialty"),
            f"partner_{year}": cohort & Q(partner__isnull=False),
            f"six_{year}": cohort & Q(date__lte=graduation + datetime.timedelta(days=183)),
            f"twelve_{year}": cohort & Q(date__lte=graduation + datetime.timedelta(days=365)),
        }
    employed = (
        Employment.objects.filter(student__in=graduates, status__in=["specialty", "elsewhere"])
        .values("student__group__specialty_id")
        .annotate(**{key: Count("student", filter=q, distinct=True) for key, q in terms.items()})
        .order_by()
    )
    for row in employed:
        specialty_id = row.pop("student__group__specialty_id")
        for key, count in row.items():
            name, year = key.rsplit("_", 1)
            if specialty_id in result[int(year)]:
                result[int(year)][specialty_id][name] = count
    return result


def employment(scope, today=None):
    """Graduates of the year: employed in the specialty, at a partner, within 6 and 12
    months of 1 July."""
    return employment_years(scope, (scope.year,))[scope.year]


def employment_years(scope, years, today=None):
    """{year: the employment figures} of several school years in the same two queries."""
    return {
        year: _employment_figures(by_specialty, year)
        for year, by_specialty in _employment_years(scope, years).items()
    }


def _employment_figures(by_specialty, year):
    counts = {
        key: sum(row[key] for row in by_specialty.values())
        for key in ("specialty", "partner", "six", "twelve")
    }
    total = sum(row["graduates"] for row in by_specialty.values())
    link = _url("practice:employment_list", year=year + 1)
    return [
        Figure(
            "Трудоустроены по специальности",
            counts["specialty"],
            "Выпускники этого учебного года, работающие по специальности.",
            total,
            link,
        ),
        Figure(
            "Трудоустроены у партнёров",
            counts["partner"],
            "Выпускники, работающие в организациях-партнёрах колледжа.",
            total,
            link,
        ),
        Figure(
            "Трудоустроены в течение 6 месяцев",
            counts["six"],
            "Выпускники, начавшие работать не позже чем через 6 месяцев после 1 июля.",
            total,
            link,
        ),
        Figure(
            "Трудоустроены в течение 12 месяцев",
            counts["twelve"],
            "Выпускники, начавшие работать не позже чем через 12 месяцев после 1 июля.",
            total,
            link,
        ),
    ]


def employment_by_specialty(scope, by_specialty=None, names=None):
    """[(specialty, employed in specialty, graduates)] for the chart."""
    if by_specialty is None:
        by_specialty = _employment_years(scope, (scope.year,))[scope.year]
    names = Specialty.objects.in_bulk(list(by_specialty)) if names is None else names
    return [
        (names[pk], row["specialty"], row["graduates"])
        for pk, row in sorted(by_specialty.items(), key=lambda kv: names[kv[0]].code)
    ]


# --- All together, beside the previous year ----------------------------------------------

SECTIONS = (
    ("coverage", "Охват практикой"),
    ("partners", "Партнёры"),
    ("agreements", "Договоры"),
    ("meetings", "Совещания, решения, рекомендации"),
    ("participation", "Участие работодателей"),
    ("employment", "Трудоустройство выпускников"),
)


class _Page:
    """Every section and chart of a scope, this year's and last year's, read once: one
    aggregate per kind of record over both years, each figure counted with its year's
    filter."""

    def __init__(self, scope, today=None, specialties=None):
        self.scope, self.today = scope, today or timezone.localdate()
        year, years = scope.year, (scope.year, scope.year - 1)
        self.period_rows, coverage_counts = _coverage_data(scope, years)
        placed = {y: coverage_counts[y]["placed"] for y in years}
        self.registry = _registry_counts(scope, years, self.today)
        self.months = _meeting_months(years)
        self.participation = _participation_years(scope, years)
        self.employment = _employment_years(scope, years)
        meeting_figures = _meetings_years(years, self.today, self.months)
        self.figures = {
            key: {y: figures[y] for y in years}
            for key, figures in (
                ("coverage", _coverage_years(self.period_rows, coverage_counts)),
                ("partners", {y: _partners_figures(self.registry, y, placed[y]) for y in years}),
                ("meetings", meeting_figures),
                (
                    "participation",
                    {y: _participation_figures(*self.participation[y], y) for y in years},
                ),
                ("employment", {y: _employment_figures(self.employment[y], y) for y in years}),
            )
        }
        self.figures["agreements"] = {year: agreements(scope, self.today)}
        self.specialties = specialties

    def sections(self):
        year = self.scope.year
        sections = []
        for key, title in SECTIONS:
            figures = self.figures[key][year]
            previous = self.figures[key].get(year - 1)
            if previous and not all(f.today_only for f in figures):
                for figure, before in zip(figures, previous, strict=True):
                    figure.previous = None if figure.today_only else before
            sections.append((key, title, figures))
        return sections

    def names(self):
        """Specialties by id: those the page lists already, unless a chart needs another."""
        names = {s.pk: s for s in self.specialties or ()}
        needed = {row[1] for row in self.period_rows}
        needed |= {pk for rows in self.employment.values() for pk in rows}
        if not needed <= names.keys():
            names = Specialty.objects.in_bulk()
            self.specialties = list(names.values())
        return names

    def charts(self):
        year = self.scope.year
        months = {key: (row["planned"], row["held"]) for key, row in self.months.items()}
        return _charts(
            coverage_by_specialty(self.scope, self.period_rows, self.names()),
            stage_funnel(self.scope, self.registry),
            _by_month(self.scope, months),
            self.participation[year][0],
            employment_by_specialty(self.scope, self.employment[year], self.names()),
        )


def all_indicators(scope, today=None):
    return _Page(scope, today).sections()


def page(scope, today=None, specialties=None):
    """(sections, charts) of the indicators page and its PDF, from one reading."""
    reading = _Page(scope, today, specialties)
    return reading.sections(), reading.charts()


def meetings_by_month(scope):
    """[(month, planned, held)] over the school year: one grouped query."""
    months = {key: (r["planned"], r["held"]) for key, r in _meeting_months((scope.year,)).items()}
    return _by_month(scope, months)


def _by_month(scope, by_month):
    from .models import MONTHS_NOMINATIVE

    result = []
    for offset in range(12):
        month = (8 + offset) % 12 + 1
        year = scope.year if month >= 9 else scope.year + 1
        planned, held = by_month.get((year, month), (0, 0))
        result.append((MONTHS_NOMINATIVE[month - 1].capitalize(), planned, held))
    return result


def _charts(by_specialty, funnel, by_month, by_kind, employment_rows):
    from .charts import Chart

    def percent(part, whole):
        return round(100 * part / whole) if whole else 0

    return [
        Chart(
            "Охват практикой по специальностям, % размещённых",
            ("Размещены",),
            [
                (f"{s.code} {s.name}", (percent(placed, total),))
                for s, placed, total in by_specialty
            ],
            unit="%",
            maximum=100,
        ),
        Chart(
            "Партнёры по этапам технологии взаимодействия (дошли до этапа)",
            ("Партнёров",),
            [(label, (count,)) for label, count in funnel],
        ),
        Chart(
            "Совещания по месяцам: план и факт",
            ("Запланировано", "Проведено"),
            [(month, (planned, held)) for month, planned, held in by_month],
        ),
        Chart(
            "Участие работодателей по видам",
            ("Записей",),
            [(label, (by_kind.get(kind, 0),)) for kind, label in Participation.Kind.choices],
        ),
        Chart(
            "Трудоустройство выпускников по специальности, %",
            ("По специальности",),
            [
                (f"{s.code} {s.name}", (percent(employed, total),))
                for s, employed, total in employment_rows
            ],
            unit="%",
            maximum=100,
        ),
    ]
