"""Indicators of the partnership, computed live from the records: never typed twice.

Each section is one selector running a fixed number of aggregate queries whatever the size of
the college. A ``Scope`` narrows them to a school year and, optionally, to specialties (a
practice head's) or to groups (a teacher's). Every figure carries a one-line definition and a
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

from .plan import current_school_year, period_counts, year_span


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


def coverage(scope, today=None):
    """Students of groups with a practice period in the year: placed, with a mentor, at a
    partner with an agreement in force on the dates, report checked, graded."""
    start, end = scope.span
    periods = PracticePeriod.objects.filter(scope.groups_q("group"), start__range=(start, end))
    year_placements = Placement.objects.filter(period__in=periods).exclude(status="cancelled")
    # The placements covered by an agreement as an uncorrelated ``IN`` (a semi-join the
    # planner hashes once), not a subquery run for each of a year's 30,000 placements.
    secured = year_placements.filter(covered_by_agreement()).values("pk")
    placements = year_placements.aggregate(
        placed=Count("pk"),
        mentor=Count("pk", filter=Q(mentor__isnull=False)),
        agreement=Count("pk", filter=Q(pk__in=secured)),
        checked=Count("pk", filter=Q(report_status="checked")),
        graded=Count("pk", filter=Q(final_grade__isnull=False)),
        evaluated=Count("pk", filter=~Q(employer_evaluation="")),
    )
    period_rows = list(period_counts(periods).order_by().values_list("students", "placed"))
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


def coverage_by_specialty(scope):
    """[(specialty, placed, students)] for the chart: one grouped query each."""
    start, end = scope.span
    periods = PracticePeriod.objects.filter(scope.groups_q("group"), start__range=(start, end))
    placed = dict(
        Placement.objects.filter(period__in=periods)
        .exclude(status="cancelled")
        .values_list("period__group__specialty_id")
        .annotate(n=Count("pk"))
    )
    students = {}
    for specialty_id, count in periods.with_counts().values_list("group__specialty_id", "students"):
        students[specialty_id] = students.get(specialty_id, 0) + count
    names = Specialty.objects.in_bulk(list(students))
    return [
        (names[pk], placed.get(pk, 0), total)
        for pk, total in sorted(students.items(), key=lambda kv: names[kv[0]].code)
    ]


# --- Partners and agreements -------------------------------------------------------------


def partners(scope, today=None):
    today = today or timezone.localdate()
    start, end = scope.span
    registry = Partner.objects.exclude(status=Partner.Status.FORMER)
    if scope.specialty_ids is not None:
        registry = registry.filter(specialties__in=scope.specialty_ids).distinct()
    counts = registry.aggregate(
        total=Count("pk", distinct=True),
        active=Count("pk", filter=Q(status=Partner.Status.ACTIVE), distinct=True),
        new=Count("pk", filter=Q(created_at__date__range=(start, end)), distinct=True),
        offered=Sum("places_per_year", filter=Q(status=Partner.Status.ACTIVE)),
    )
    used = (
        Placement.objects.filter(scope.groups_q("period__group"), period__start__range=(start, end))
        .exclude(status="cancelled")
        .count()
    )
    with_agreement = (
        Agreement.objects.valid_on(today).filter(partner__in=registry).values("partner").distinct()
    ).count()
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
            counts["new"],
            "Партнёры, внесённые в реестр в этом учебном году.",
            None,
            link,
        ),
        Figure(
            "С действующим договором",
            with_agreement,
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


def stage_funnel(scope):
    """[(stage label, partners at this stage or further)] over the nine stages of Table 3."""
    registry = Partner.objects.exclude(status=Partner.Status.FORMER)
    if scope.specialty_ids is not None:
        registry = registry.filter(specialties__in=scope.specialty_ids)
    at_stage = dict(registry.values_list("stage").annotate(n=Count("pk", distinct=True)))
    rows, further = [], 0
    for stage in reversed(Partner.Stage.choices):
        further += at_stage.get(stage[0], 0)
        rows.append((f"{stage[0]}. {stage[1]}", further))
    return list(reversed(rows))


def agreements(scope, today=None):
    today = today or timezone.localdate()
    qs = Agreement.objects.all()
    if scope.specialty_ids is not None:
        qs = qs.filter(specialties__in=scope.specialty_ids).distinct()
    in_force = Q(status__in=Agreement.VALID_STATUSES, valid_from__lte=today, valid_to__gte=today)
    renewed = Agreement.objects.filter(
        partner_id=OuterRef("partner_id"),
        kind=OuterRef("kind"),
        status__in=Agreement.VALID_STATUSES,
        valid_to__gte=today,
    )
    counts = qs.annotate(renewed=Exists(renewed)).aggregate(
        in_force=Count("pk", filter=in_force, distinct=True),
        expiring=Count(
            "pk",
            filter=in_force
            & Q(valid_to__lte=today + datetime.timedelta(days=60), auto_prolongation=False),
            distinct=True,
        ),
        expired=Count("pk", filter=Q(status="expired", renewed=False), distinct=True),
    )
    by_kind = dict(qs.filter(in_force).values_list("kind").annotate(n=Count("pk", distinct=True)))
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


def meetings(scope, today=None):
    today = today or timezone.localdate()
    start, end = scope.span
    in_year = Meeting.objects.filter(starts_at__date__range=(start, end))
    counts = in_year.exclude(status="cancelled").aggregate(
        planned=Count("pk"),
        held=Count("pk", filter=Q(status="held")),
        approved=Count("pk", filter=Q(status="held", minutes_approved_at__isnull=False)),
        employers=Count("pk", filter=Q(kind__in=["round_table", "production"])),
        employers_held=Count("pk", filter=Q(kind__in=["round_table", "production"], status="held")),
    )
    decisions = Decision.objects.filter(deadline__range=(start, min(end, today))).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(done_at__date__lte=F("deadline"))),
    )
    # A recommendation made at a meeting counts in the meeting's year; one made elsewhere
    # (a correction proposed in the document library) in the year it was made.
    recommendations = Recommendation.objects.filter(
        Q(meeting__in=in_year) | Q(meeting__isnull=True, created_at__date__range=(start, end))
    ).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=["accepted", "done"])),
        done=Count("pk", filter=Q(status="done")),
        corrections=Count(
            "pk",
            filter=Q(status="done")
            & (Q(subject__icontains="программ") | Q(subject__icontains="КОС")),
        ),
    )
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


def participation(scope):
    start, end = scope.span
    qs = Participation.objects.filter(date__range=(start, end))
    if scope.specialty_ids is not None:
        qs = qs.filter(Q(specialty__in=scope.specialty_ids) | Q(specialty__isnull=True))
    by_kind = dict(qs.values_list("kind").annotate(n=Count("pk")))
    partners_count = qs.values("partner").distinct().count()
    return by_kind, partners_count


def participation_figures(scope, today=None):
    by_kind, partners_count = participation(scope)
    figures = [
        Figure(
            "Работодателей участвовало",
            partners_count,
            "Партнёры, хотя бы раз участвовавшие в экзаменах, комиссиях, чемпионатах, "
            "мастер-классах, стажировках и мероприятиях за учебный год.",
            None,
            _url("partners:participation_list", year=scope.year),
        )
    ]
    figures += [
        Figure(
            label,
            by_kind.get(kind, 0),
            "Записи реестра участия этого вида за учебный год.",
            None,
            _url("partners:participation_list", year=scope.year, kind=kind),
        )
        for kind, label in Participation.Kind.choices
    ]
    return figures


# --- Graduate employment -------------------------------------------------------------------


def employment(scope, today=None):
    """Graduates of the year (those who finish in June of its second calendar year): employed
    in the specialty, at a partner, within 6 and 12 months of 1 July."""
    graduation = datetime.date(scope.year + 1, 7, 1)
    graduates = Student.objects.filter(
        scope.groups_q("group"), status="graduated", graduated_on__year=scope.year + 1
    )
    six = graduation + datetime.timedelta(days=183)
    twelve = graduation + datetime.timedelta(days=365)
    # One query: the graduates joined to their employment records, counted distinct.
    employed = Q(employment__status__in=["specialty", "elsewhere"])
    counts = graduates.order_by().aggregate(
        total=Count("pk", distinct=True),
        specialty=Count("pk", filter=Q(employment__status="specialty"), distinct=True),
        partner=Count("pk", filter=employed & Q(employment__partner__isnull=False), distinct=True),
        six=Count("pk", filter=employed & Q(employment__date__lte=six), distinct=True),
        twelve=Count("pk", filter=employed & Q(employment__date__lte=twelve), distinct=True),
    )
    total = counts["total"]
    link = _url("practice:employment_list", year=scope.year + 1)
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


def employment_by_specialty(scope):
    """[(specialty, employed in specialty, graduates)] for the chart."""
    graduates = Student.objects.filter(
        scope.groups_q("group"), status="graduated", graduated_on__year=scope.year + 1
    )
    totals = dict(graduates.values_list("group__specialty_id").annotate(n=Count("pk")))
    employed = dict(
        Employment.objects.filter(student__in=graduates, status="specialty")
        .values_list("student__group__specialty_id")
        .annotate(n=Count("student", distinct=True))
    )
    names = Specialty.objects.in_bulk(list(totals))
    return [
        (names[pk], employed.get(pk, 0), total)
        for pk, total in sorted(totals.items(), key=lambda kv: names[kv[0]].code)
    ]


# --- All together, beside the previous year ----------------------------------------------

SECTIONS = (
    ("coverage", "Охват практикой", coverage),
    ("partners", "Партнёры", partners),
    ("agreements", "Договоры", agreements),
    ("meetings", "Совещания, решения, рекомендации", meetings),
    ("participation", "Участие работодателей", participation_figures),
    ("employment", "Трудоустройство выпускников", employment),
)


def all_indicators(scope, today=None):
    previous = scope.previous()
    sections = []
    for key, title, selector in SECTIONS:
        figures = selector(scope, today=today)
        if not all(f.today_only for f in figures):  # last year's figures only where they exist
            for figure, before in zip(figures, selector(previous, today=today), strict=True):
                figure.previous = None if figure.today_only else before
        sections.append((key, title, figures))
    return sections


def meetings_by_month(scope):
    """[(month, planned, held)] over the school year: one grouped query."""
    from django.db.models.functions import TruncMonth

    from .models import MONTHS_NOMINATIVE

    start, end = scope.span
    rows = (
        Meeting.objects.filter(starts_at__date__range=(start, end))
        .exclude(status="cancelled")
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(status="held")))
    )
    by_month = {(r["month"].year, r["month"].month): (r["planned"], r["held"]) for r in rows}
    result = []
    for offset in range(12):
        month = (8 + offset) % 12 + 1
        year = scope.year if month >= 9 else scope.year + 1
        planned, held = by_month.get((year, month), (0, 0))
        result.append((MONTHS_NOMINATIVE[month - 1].capitalize(), planned, held))
    return result


def charts(scope):
    from .charts import Chart

    def percent(part, whole):
        return round(100 * part / whole) if whole else 0

    by_kind, _ = participation(scope)
    return [
        Chart(
            "Охват практикой по специальностям, % размещённых",
            ("Размещены",),
            [
                (f"{s.code} {s.name}", (percent(placed, total),))
                for s, placed, total in coverage_by_specialty(scope)
            ],
            unit="%",
            maximum=100,
        ),
        Chart(
            "Партнёры по этапам технологии взаимодействия (дошли до этапа)",
            ("Партнёров",),
            [(label, (count,)) for label, count in stage_funnel(scope)],
        ),
        Chart(
            "Совещания по месяцам: план и факт",
            ("Запланировано", "Проведено"),
            [(month, (planned, held)) for month, planned, held in meetings_by_month(scope)],
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
                for s, employed, total in employment_by_specialty(scope)
            ],
            unit="%",
            maximum=100,
        ),
    ]
