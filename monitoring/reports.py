"""The deputy director's report pack: five tables for a date range, as XLSX and as PDF.

Each report is a selector returning a title, column headers and rows, read in a fixed number
of aggregate queries whatever the size of the college. None lists students by name: they are
counts per group, partner or specialty.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import tablib
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from agreements.models import Agreement
from agreements.services import covered_by_agreement
from meetings.models import Meeting
from partners.models import Participation, Partner
from practice.models import Employment, Placement, PracticePeriod, Specialty, Student


@dataclass(frozen=True)
class Range:
    start: date
    end: date
    specialty_ids: tuple | None = None
    partner_id: int | None = None

    @property
    def label(self):
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    def as_params(self):
        """The range as a worker job's JSON parameters (``from_params`` reads them back)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "specialty_ids": None if self.specialty_ids is None else list(self.specialty_ids),
            "partner_id": self.partner_id,
        }

    @classmethod
    def from_params(cls, params):
        ids = params["specialty_ids"]
        return cls(
            date.fromisoformat(params["start"]),
            date.fromisoformat(params["end"]),
            None if ids is None else tuple(ids),
            params["partner_id"],
        )


@dataclass
class Report:
    key: str
    title: str
    headers: list
    rows: list

    def dataset(self):
        data = tablib.Dataset(headers=self.headers, title=self.title[:31])
        for row in self.rows:
            data.append(row)
        return data


def coverage_by_group(r):
    periods = PracticePeriod.objects.filter(start__lte=r.end, end__gte=r.start)
    if r.specialty_ids is not None:
        periods = periods.filter(group__specialty_id__in=r.specialty_ids)
    placements = Placement.objects.filter(period__in=periods).exclude(status="cancelled")
    if r.partner_id:
        placements = placements.filter(partner_id=r.partner_id)
    counts = {
        row["period__group"]: row
        for row in placements.annotate(secured=covered_by_agreement())
        .values("period__group")
        .annotate(
            placed=Count("pk"),
            mentor=Count("pk", filter=Q(mentor__isnull=False)),
            agreement=Count("pk", filter=Q(secured=True)),
            checked=Count("pk", filter=Q(report_status="checked")),
            graded=Count("pk", filter=Q(final_grade__isnull=False)),
            evaluated=Count("pk", filter=~Q(employer_evaluation="")),
        )
    }
    groups = {}
    for row in (
        periods.with_counts()
        .values("group", "group__name", "group__specialty__code", "students")
        .order_by("group__specialty__code", "group__name")
    ):
        group = groups.setdefault(row["group"], {**row, "periods": 0})
        group["periods"] += 1
    rows = []
    for g in groups.values():
        c = counts.get(g["group"], {})
        rows.append(
            [
                g["group__specialty__code"],
                g["group__name"],
                g["periods"],
                g["students"],
                *(c.get(k, 0) for k in ("placed", "mentor", "agreement", "checked", "graded")),
                c.get("evaluated", 0),
            ]
        )
    return Report(
        "coverage",
        "Охват практикой по группам",
        [
            "Специальность",
            "Группа",
            "Периодов практики",
            "Обучающихся",
            "Размещено",
            "С наставником",
            "С действующим договором",
            "Отчёт проверен",
            "Оценка выставлена",
            "Отзыв работодателя",
        ],
        rows,
    )


def partner_summary(r):
    partners = Partner.objects.exclude(status=Partner.Status.FORMER)
    if r.specialty_ids is not None:
        partners = partners.filter(specialties__in=r.specialty_ids).distinct()
    if r.partner_id:
        partners = partners.filter(pk=r.partner_id)
    in_force = Agreement.objects.valid_on(r.end).filter(partner_id=OuterRef("pk"))
    used = dict(
        Placement.objects.filter(period__start__lte=r.end, period__end__gte=r.start)
        .exclude(status="cancelled")
        .values_list("partner")
        .annotate(n=Count("pk"))
    )
    participation = dict(
        Participation.objects.filter(date__range=(r.start, r.end))
        .values_list("partner")
        .annotate(n=Count("pk"))
    )
    stages = dict(Partner.Stage.choices)
    statuses = dict(Partner.Status.choices)
    rows = [
        [
            p["name"],
            statuses[p["status"]],
            f"{p['stage']}. {stages[p['stage']]}",
            "да" if p["agreement"] else "нет",
            p["places_per_year"],
            used.get(p["pk"], 0),
            participation.get(p["pk"], 0),
        ]
        for p in partners.annotate(agreement=Exists(in_force))
        .values("pk", "name", "status", "stage", "places_per_year", "agreement")
        .order_by("name")
    ]
    return Report(
        "partners",
        "Реестр партнёров: сводка",
        [
            "Партнёр",
            "Статус",
            "Этап взаимодействия",
            "Договор действует",
            "Мест в год",
            "Мест занято",
            "Участие в мероприятиях",
        ],
        rows,
    )


def meetings_and_decisions(r):
    meetings = Meeting.objects.filter(starts_at__date__range=(r.start, r.end))
    if r.partner_id:
        meetings = meetings.filter(invitations__partner_id=r.partner_id).distinct()
    today = timezone.localdate()
    rows = [
        [
            m["starts_at"],
            Meeting.Kind(m["kind"]).label,
            m["topic"],
            Meeting.Status(m["status"]).label,
            "да" if m["minutes_approved_at"] else "нет",
            m["decisions_total"],
            m["decisions_on_time"],
            m["decisions_overdue"],
        ]
        for m in meetings.annotate(
            decisions_total=Count("decisions", distinct=True),
            decisions_on_time=Count(
                "decisions",
                filter=Q(decisions__done_at__date__lte=F("decisions__deadline")),
                distinct=True,
            ),
            decisions_overdue=Count(
                "decisions",
                filter=Q(decisions__done_at__isnull=True, decisions__deadline__lt=today),
                distinct=True,
            ),
        )
        .values(
            "starts_at",
            "kind",
            "topic",
            "status",
            "minutes_approved_at",
            "decisions_total",
            "decisions_on_time",
            "decisions_overdue",
        )
        .order_by("starts_at")
    ]
    for row in rows:
        row[0] = timezone.localtime(row[0]).strftime("%d.%m.%Y")
    return Report(
        "meetings",
        "Совещания и их решения",
        [
            "Дата",
            "Вид",
            "Тема",
            "Состояние",
            "Протокол утверждён",
            "Решений",
            "Выполнено в срок",
            "Просрочено",
        ],
        rows,
    )


def participation_register(r):
    records = Participation.objects.filter(date__range=(r.start, r.end)).select_related(
        "partner", "specialty"
    )
    if r.specialty_ids is not None:
        records = records.filter(Q(specialty__in=r.specialty_ids) | Q(specialty__isnull=True))
    if r.partner_id:
        records = records.filter(partner_id=r.partner_id)
    rows = [
        [
            p.date.strftime("%d.%m.%Y"),
            p.get_kind_display(),
            p.title,
            p.partner.name,
            p.get_role_display(),
            p.specialty.code if p.specialty else "",
            p.result,
        ]
        for p in records.order_by("date", "pk")
    ]
    return Report(
        "participation",
        "Участие работодателей",
        ["Дата", "Вид участия", "Мероприятие", "Партнёр", "Роль", "Специальность", "Результат"],
        rows,
    )


def employment_by_specialty(r):
    """Graduates of the range, per specialty, in the shape the college reports each year."""
    graduates = Student.objects.filter(
        status=Student.Status.GRADUATED, graduated_on__range=(r.start, r.end)
    )
    if r.specialty_ids is not None:
        graduates = graduates.filter(group__specialty_id__in=r.specialty_ids)
    # Each graduate counts once, by their latest record.
    latest = Employment.objects.filter(student=OuterRef("student")).order_by("-date", "-pk")
    statuses = {
        (row["student__group__specialty"], row["status"]): row["n"]
        for row in Employment.objects.filter(
            student__in=graduates, pk=Subquery(latest.values("pk")[:1])
        )
        .values("student__group__specialty", "status")
        .annotate(n=Count("student"))
    }
    totals = dict(graduates.values_list("group__specialty").annotate(n=Count("pk")))
    names = Specialty.objects.in_bulk(list(totals))
    order = [s for s, _ in Employment.Status.choices]
    rows = []
    for pk in sorted(totals, key=lambda k: names[k].code):
        counts = [statuses.get((pk, s), 0) for s in order]
        rows.append(
            [f"{names[pk].code} {names[pk].name}", totals[pk], *counts, totals[pk] - sum(counts)]
        )
    return Report(
        "employment",
        "Трудоустройство выпускников",
        ["Специальность", "Выпускников", *[label for _, label in Employment.Status.choices],
         "Нет сведений"],
        rows,
    )  # fmt: skip


def require_reader(user):
    """The deputy director, practice heads (for their specialties) and administrators."""
    from django.core.exceptions import PermissionDenied

    if not (user.is_authenticated and user.is_active and user.role in READERS):
        raise PermissionDenied("Отчёты доступны заместителю директора и заведующим практикой.")


def build(keys, r):
    """The reports ``keys`` for the range, and a key of exactly what they print (for the
    worker's stored files: unchanged data is served at once)."""
    built = [REPORTS[k](r) for k in keys]
    printed = json.dumps([[rep.key, rep.rows] for rep in built], default=str, sort_keys=True)
    printed = f"{r.as_params()}|{printed}|{timezone.localdate()}"  # documents print today
    digest = hashlib.sha256(printed.encode()).hexdigest()
    return built, digest


READERS = ("deputy", "head", "admin")
REPORTS = {
    "coverage": coverage_by_group,
    "partners": partner_summary,
    "meetings": meetings_and_decisions,
    "participation": participation_register,
    "employment": employment_by_specialty,
}
TITLES = {
    "coverage": "Охват практикой по группам",
    "partners": "Реестр партнёров: сводка",
    "meetings": "Совещания и их решения",
    "participation": "Участие работодателей",
    "employment": "Трудоустройство выпускников",
}
