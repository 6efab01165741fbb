"""The placement schedule (HTML, PDF, XLSX) and the supervisors' order (PDF).

The page shows a school year a hundred rows at a time. A document of more than
``DOCUMENTS_IN_WORKER_ABOVE_ROWS`` rows is rendered by the worker (practice/jobs.py): the request
answers at once with the progress page, or with the stored file when the data has not changed
since it was last rendered. Every view and download is written to the personal-data log.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import require_staff
from accounts.audit import PersonalDataKind, log_personal_data
from jobs.views import offload_if_large
from kitek_portal import imports
from kitek_portal.pdf import pdf_response
from partners.models import Partner

from . import schedule as schedule_data
from .filters import (
    GroupFilter,
    school_year_bounds,
    school_year_choices,
    with_default_year,
)
from .models import PracticePeriod, Specialty, StudentGroup

SCHEDULE_PER_PAGE = 100
PERIOD_CHOICES = 300
_SCHEDULE_KINDS = {
    "pdf": PersonalDataKind.SCHEDULE_PDF,
    "xlsx": PersonalDataKind.SCHEDULE_XLSX,
}


@login_required
def schedule(request):
    require_staff(request.user)
    file_format = request.GET.get("format")
    if file_format in ("pdf", "xlsx"):
        return _schedule_document(request, file_format)
    context = {"subtitle": schedule_data.title_for(request.GET), "today": timezone.localdate()}
    # The page shows a school year (the current one unless asked); a period's own
    # schedule is shown whatever its year.
    params = request.GET if request.GET.get("period") else with_default_year(request.GET)
    page, placements = schedule_data.schedule_page(
        request.user, params, request.GET.get("page"), SCHEDULE_PER_PAGE
    )
    context.update(
        **_filter_choices(request.user, params),
        **schedule_data.page_header(placements),
        page_obj=page,
        paginator=page.paginator,
        is_paginated=page.has_other_pages(),
        placements=placements,
        rows_html=schedule_data.page_rows_html(placements, page.start_index()),
        selected=params,
        query=_without_page(params),
        years=school_year_choices(),
    )
    covers = context["subtitle"] or "по фильтрам запроса"
    log_personal_data(
        request,
        PersonalDataKind.SCHEDULE_PAGE,
        f"График дислокации ({covers}), строк: {context['paginator'].count}, "
        f"страница {context['page_obj'].number}",
    )
    return render(request, "practice/schedule.html", context)


def _schedule_document(request, file_format):
    params = schedule_data.document_params(request.GET)
    rows = schedule_data.schedule_rows(request.user, params)
    offloaded = offload_if_large(
        request,
        f"practice.schedule_{file_format}",
        params,
        rows.values_list(*schedule_data.SCHEDULE_PRINTED),
        title=lambda: _title("График дислокации", params, file_format),
        return_url=f"{reverse('practice:schedule')}?{urlencode(params)}",
    )
    if offloaded:
        # Logged when asked for: the file itself is then prepared by the worker.
        log_personal_data(
            request,
            _SCHEDULE_KINDS[file_format],
            f"График дислокации, в фоне; фильтры: {urlencode(params) or 'нет'}",
        )
        return offloaded
    context = schedule_context(request.user, request.GET)
    placements = context["placements"]
    covers = context["subtitle"] or "по фильтрам запроса"
    log_personal_data(
        request,
        _SCHEDULE_KINDS[file_format],
        f"График дислокации ({covers}), строк: {len(placements)}",
    )
    if file_format == "pdf":
        return pdf_response("practice/pdf/schedule.html", context, "grafik-dislokacii.pdf")
    return imports.dataset_response(
        schedule_data.as_dataset(placements), "xlsx", "grafik-dislokacii"
    )


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def schedule_context(user, params):
    placements = list(schedule_data.schedule_rows(user, params))
    return {
        "placements": placements,
        "subtitle": schedule_data.title_for(params),
        **schedule_data.header_for(placements),
        "today": timezone.localdate(),
    }


@login_required
def supervisors_order(request):
    require_staff(request.user)
    params = schedule_data.document_params(request.GET)
    periods = schedule_data.order_periods(request.user, params)
    offloaded = offload_if_large(
        request,
        "practice.order_pdf",
        params,
        periods.prefetch_related(None).values_list(*schedule_data.ORDER_PRINTED),
        schedule_data.order_supervisors(periods),
        title=lambda: _title("Приказ о закреплении руководителей", params, "pdf"),
        return_url=reverse("practice:schedule"),
    )
    if offloaded:
        log_personal_data(
            request,
            PersonalDataKind.ORDER_PDF,
            f"Приказ о закреплении, в фоне; фильтры: {urlencode(params) or 'нет'}",
        )
        return offloaded
    periods = list(periods)
    context = {"periods": periods, "today": timezone.localdate()}
    groups = ", ".join(sorted({p.group.name for p in periods})) or "нет групп"
    log_personal_data(request, PersonalDataKind.ORDER_PDF, f"Приказ о закреплении: {groups}")
    return pdf_response("practice/pdf/order.html", context, "prikaz-o-zakreplenii.pdf")


def _title(name, params, file_format):
    subtitle = schedule_data.title_for(params)
    return f"{name}{': ' + subtitle if subtitle else ''} ({file_format.upper()})"


def _filter_choices(user, params):
    periods = PracticePeriod.objects.for_user(user)
    groups = StudentGroup.objects.for_user(user)
    year = str(params.get("year", ""))
    if year.isdigit():
        start, end = school_year_bounds(int(year))
        periods = periods.filter(start__range=(start, end))
        groups = GroupFilter({"year": year}, queryset=groups).qs
    partner_id = str(params.get("partner", ""))
    kinds = dict(PracticePeriod.Kind.choices)
    period_rows = periods.values_list("pk", "group__name", "kind", "module__code", "start", "end")[
        :PERIOD_CHOICES
    ]
    return {
        # Hundreds of options: built as text here, not in a template loop.
        "period_options": schedule_data.options_html(
            (
                (
                    pk,
                    f"{group}, {kinds.get(kind, kind).lower()}{f' {module}' if module else ''}, "
                    f"{start:%d.%m.%Y}–{end:%d.%m.%Y}",
                )
                for pk, group, kind, module, start, end in period_rows
            ),
            params.get("period"),
        ),
        "group_options": schedule_data.options_html(
            groups.values_list("pk", "name"), params.get("group")
        ),
        "specialties": Specialty.objects.for_user(user),
        # Only the chosen partner is rendered; the search box offers the others.
        "partner_choices": Partner.objects.for_user(user).filter(pk=int(partner_id))
        if partner_id.isdigit()
        else Partner.objects.none(),
        "kinds": PracticePeriod.Kind.choices,
    }
