"""The placement schedule («график дислокации обучающихся с данными наставников»)."""

import tablib
from django.db.models import Prefetch

from partners.models import Partner

from .models import Placement, PracticePeriod, Profession

HEADERS = [
    "№",
    "ФИО обучающегося",
    "Группа",
    "База практики",
    "Адрес",
    "Наставник",
    "Должность наставника",
    "Телефон наставника",
    "Руководитель от колледжа",
    "Сроки",
]


def schedule_rows(user, params):
    """Active placements the user may see, narrowed by period/group/specialty/partner ids,
    the kind of practice and the school year.

    One query, whatever the number of rows: everything printed is joined in.
    """
    qs = (
        Placement.objects.for_user(user)
        .active()
        .select_related(
            "student__group__specialty",
            "partner",
            "mentor",
            "supervisor",
            "period__group",
            "period__module",
        )
        .order_by(
            "period__start", "student__group__name", "student__last_name", "student__first_name"
        )
    )
    lookups = {
        "period": "period_id",
        "group": "student__group_id",
        "specialty": "student__group__specialty_id",
        "partner": "partner_id",
    }
    for key, lookup in lookups.items():
        value = str(params.get(key, "")).strip()
        if value.isdigit():
            qs = qs.filter(**{lookup: int(value)})
    kind = params.get("kind", "")
    if kind in PracticePeriod.Kind.values:
        qs = qs.filter(period__kind=kind)
    year = str(params.get("year", "")).strip()
    if year.isdigit():  # the school year starting in September of that year
        qs = qs.filter(
            period__start__gte=f"{year}-09-01", period__start__lt=f"{int(year) + 1}-09-01"
        )
    return qs


FILTER_KEYS = ("period", "group", "specialty", "partner", "kind", "year")

_NAME = ("last_name", "first_name", "middle_name")
# Everything the schedule prints, for the document's data key (jobs.services.data_key).
SCHEDULE_PRINTED = (
    "pk",
    *(f"student__{f}" for f in _NAME),
    "student__group__name",
    "partner__name",
    "partner__country",
    "partner__address",
    "partner__city",
    # The header names the specialty and the professions of the period's module.
    "student__group__specialty__code",
    "student__group__specialty__name",
    "period__module_id",
    *(f"mentor__{f}" for f in (*_NAME, "position", "phone")),
    *(f"supervisor__{f}" for f in _NAME),
    "period__start",
    "period__end",
)
ORDER_PRINTED = (
    "pk",
    "kind",
    "start",
    "end",
    "group__name",
    "group__specialty__code",
    "group__specialty__name",
    "module__code",
    "module__name",
)


def document_params(params):
    """The filters a schedule or order document depends on, as a small JSON dict."""
    return {key: str(params[key]) for key in FILTER_KEYS if params.get(key)}


def order_supervisors(periods):
    """The supervisors the order prints, for its data key."""
    through = PracticePeriod.supervisors.through
    return (
        through.objects.filter(practiceperiod__in=periods.values("pk"))
        .order_by("pk")
        .values_list("practiceperiod_id", *(f"user__{f}" for f in (*_NAME, "position")))
    )


def header_for(placements):
    """The specialties and professions the rows belong to, as the header names them:
    «Специальность 43.02.14 «Гостиничное дело»», «Профессия: 20015 «Агент по закупкам»».

    The specialties come with the rows; the professions of their modules take one query.
    """
    specialties = {p.student.group.specialty_id: p.student.group.specialty for p in placements}
    module_ids = {p.period.module_id for p in placements if p.period.module_id}
    professions = (
        list(Profession.objects.filter(professionalmodule__in=module_ids).distinct())
        if module_ids
        else []
    )
    return {
        "header_specialties": sorted(specialties.values(), key=lambda s: s.code),
        "header_professions": professions,
    }


def title_for(params):
    """A heading that says what the schedule covers."""
    parts = []
    period_id = str(params.get("period", ""))
    if period_id.isdigit():
        period = (
            PracticePeriod.objects.select_related("group", "module").filter(pk=period_id).first()
        )
        if period:
            parts.append(str(period))
    partner_id = str(params.get("partner", ""))
    if partner_id.isdigit():
        partner = Partner.objects.filter(pk=partner_id).first()
        if partner:
            parts.append(f"база практики: {partner.name}")
    return "; ".join(parts)


def as_dataset(placements):
    data = tablib.Dataset(headers=HEADERS, title="График дислокации")
    for number, p in enumerate(placements, start=1):
        data.append(
            [
                number,
                p.student.full_name,
                p.student.group.name,
                p.partner.name,
                p.partner.full_address,
                p.mentor.full_name if p.mentor else "",
                p.mentor.position if p.mentor else "",
                p.mentor.phone if p.mentor else "",
                p.supervisor.full_name if p.supervisor else "",
                f"{p.period.start:%d.%m.%Y}–{p.period.end:%d.%m.%Y}",
            ]
        )
    return data


def order_periods(user, params):
    """Periods with their supervisors, for the order assigning them to groups."""
    from django.contrib.auth import get_user_model

    qs = (
        PracticePeriod.objects.for_user(user)
        .select_related("group__specialty", "module")
        .prefetch_related(
            Prefetch("supervisors", queryset=get_user_model().objects.order_by("last_name"))
        )
        .order_by("group__specialty__code", "group__name", "start")
    )
    for key, lookup in {
        "period": "pk",
        "group": "group_id",
        "specialty": "group__specialty_id",
    }.items():
        value = str(params.get(key, "")).strip()
        if value.isdigit():
            qs = qs.filter(**{lookup: int(value)})
    year = str(params.get("year", "")).strip()
    if year.isdigit():  # the school year starting in September of that year
        qs = qs.filter(start__gte=f"{year}-09-01", start__lt=f"{int(year) + 1}-09-01")
    return qs
