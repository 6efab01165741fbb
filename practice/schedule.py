"""The placement schedule («график дислокации обучающихся с данными наставников»)."""

from html import escape

import tablib
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Prefetch, Q
from django.db.models.functions import Collate
from django.utils.safestring import mark_safe

from kitek_portal.collation import RUSSIAN
from partners.models import Partner

from .models import Placement, PracticePeriod, Profession, Specialty

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


_ORDER = ("period__start", "student__group__name", "student__last_name", "student__first_name")


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
        .order_by(*_ORDER)
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


_NAMES = ("last_name", "first_name", "middle_name")
# What a page row prints, read as plain values (no model instances for a hundred rows).
_PAGE_VALUES = (
    *(f"student__{f}" for f in _NAMES),
    "student__group__name",
    "student__group__specialty_id",
    "student__group__specialty__code",
    "student__group__specialty__name",
    *(f"partner__{f}" for f in ("name", "country", "city", "address")),
    "mentor_id",
    *(f"mentor__{f}" for f in (*_NAMES, "position", "phone")),
    *(f"supervisor__{f}" for f in _NAMES),
    "period__start",
    "period__end",
    "period__module_id",
)


class _CountedPage:
    """One page of rows already read, with the total counted: what a ``Paginator`` needs,
    without a query to count nor one to slice."""

    def __init__(self, total, rows):
        self.total, self.rows = total, rows

    def __len__(self):
        return self.total

    def __getitem__(self, page_slice):
        return self.rows


def schedule_page(user, params, number, per_page):
    """One page of ``schedule_rows``: ``(page, placements)``, in the same order.

    Sorting every row of a specialty's year (thousands) by names in the Russian collation
    was most of the page's time. The rows come in runs of one start date and one group, so:
    one query counts the rows of each run (no sort of rows: a grouped count, the runs sorted),
    which gives the total and which runs the page falls in; a second reads only those runs'
    rows (a few dozen to sort), with only the printed columns. An out-of-range page number
    shows the last page, as ``Paginator.get_page`` does.
    """
    ordered = schedule_rows(user, params)
    # Grouped by the group's id (hashed, not sorted); its name is the same on each row, so
    # Min() only carries it to the sort of the few runs. An aggregate's result has no
    # collation of its own on SQLite, so the sort names the Russian one (Б2 before Б10).
    runs = list(
        ordered.order_by()
        .values_list("period__start", "student__group_id")
        .annotate(name=Min("student__group__name"), rows=Count("pk"))
        .order_by("period__start", Collate(F("name"), RUSSIAN))
    )
    total = sum(run[-1] for run in runs)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), max(1, -(-total // per_page)))
    first = (number - 1) * per_page
    chosen, skip, seen = Q(), None, 0
    for start, group_id, _name, rows in runs:
        if seen + rows > first and seen < first + per_page:
            if skip is None:
                skip = first - seen
            chosen |= Q(period__start=start, student__group_id=group_id)
        seen += rows
    rows = []
    if skip is not None:
        rows = list(
            ordered.filter(chosen)
            .select_related(None)
            .order_by(*_ORDER, "pk")
            .values_list(*_PAGE_VALUES, named=True)[skip : skip + per_page]
        )
    page = Paginator(_CountedPage(total, rows), per_page).page(number)
    return page, rows


def page_header(rows):
    """``header_for`` of a page's rows."""
    specialties = {
        r.student__group__specialty_id: Specialty(
            pk=r.student__group__specialty_id,
            code=r.student__group__specialty__code,
            name=r.student__group__specialty__name,
        )
        for r in rows
    }
    module_ids = {r.period__module_id for r in rows if r.period__module_id}
    professions = (
        list(Profession.objects.filter(professionalmodule__in=module_ids).distinct())
        if module_ids
        else []
    )
    return {
        "header_specialties": sorted(specialties.values(), key=lambda s: s.code),
        "header_professions": professions,
    }


def page_rows_html(rows, first_number):
    """The table rows of a page, escaped: built here rather than in a template loop, which
    spent ~0.1 ms on each of the eight cells of a hundred rows."""
    addresses = {}
    html = []
    for number, r in enumerate(rows, start=first_number):
        if r.mentor_id:
            mentor = (_full_name(r.mentor__last_name, r.mentor__first_name, r.mentor__middle_name),
                      r.mentor__position, r.mentor__phone)  # fmt: skip
            mentor_cell = escape(", ".join(part for part in mentor if part))
        else:
            mentor_cell = '<span class="text-danger">не назначен</span>'
        place = (r.partner__country, r.partner__city, r.partner__address)
        if place not in addresses:
            addresses[place] = Partner(country=place[0], city=place[1], address=place[2])
        supervisor = (r.supervisor__last_name, r.supervisor__first_name, r.supervisor__middle_name)
        cells = "</td><td>".join(
            (
                str(number),
                escape(_full_name(r.student__last_name, r.student__first_name,
                                  r.student__middle_name)),
                escape(r.student__group__name),
                escape(r.partner__name),
                escape(addresses[place].full_address),
                mentor_cell,
                escape(_full_name(*supervisor) or "—"),
            )
        )  # fmt: skip
        dates = f"{r.period__start:%d.%m.%Y}–{r.period__end:%d.%m.%Y}"
        html.append(f'<tr><td>{cells}</td><td class="text-nowrap">{dates}</td></tr>')
    return mark_safe("\n".join(html))  # every value above is escaped


def _full_name(*parts):
    """As ``full_name`` of a person: the parts there are, by spaces."""
    return " ".join(part for part in parts if part)


def options_html(choices, selected):
    """``<option>`` elements of ``(id, label)`` pairs (ids are integers), the one equal to
    ``selected`` (a query parameter) marked selected; labels escaped here, hundreds at a time."""
    selected = str(selected or "")
    return mark_safe(  # ids are integers, labels are escaped
        "".join(
            f'<option value="{int(value)}"{" selected" if str(value) == selected else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )


FILTER_KEYS = ("period", "group", "specialty", "partner", "kind", "year")

# Everything the schedule prints, for the document's data key (jobs.services.data_key).
SCHEDULE_PRINTED = (
    "pk",
    *(f"student__{f}" for f in _NAMES),
    "student__group__name",
    "partner__name",
    "partner__country",
    "partner__address",
    "partner__city",
    # The header names the specialty and the professions of the period's module.
    "student__group__specialty__code",
    "student__group__specialty__name",
    "period__module_id",
    *(f"mentor__{f}" for f in (*_NAMES, "position", "phone")),
    *(f"supervisor__{f}" for f in _NAMES),
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
        .values_list("practiceperiod_id", *(f"user__{f}" for f in (*_NAMES, "position")))
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
