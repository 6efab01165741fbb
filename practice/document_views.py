"""The placement schedule (HTML, PDF, XLSX) and the supervisors' order (PDF).

A document of more than ``DOCUMENTS_IN_WORKER_ABOVE_ROWS`` rows is rendered by the worker
(practice/jobs.py): the request answers at once with the progress page, or with the stored
file when the data has not changed since it was last rendered.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import require_staff
from jobs.views import offload_if_large
from kitek_portal import imports
from kitek_portal.pdf import pdf_response
from partners.models import Partner

from . import schedule as schedule_data
from .models import PracticePeriod, Specialty, StudentGroup


@login_required
def schedule(request):
    require_staff(request.user)
    file_format = request.GET.get("format")
    if file_format in ("pdf", "xlsx"):
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
            return offloaded
    context = schedule_context(request.user, request.GET)
    placements = context["placements"]
    if file_format == "pdf":
        return pdf_response("practice/pdf/schedule.html", context, "grafik-dislokacii.pdf")
    if file_format == "xlsx":
        return imports.dataset_response(
            schedule_data.as_dataset(placements), "xlsx", "grafik-dislokacii"
        )
    context.update(
        _filter_choices(request.user), selected=request.GET, query=request.GET.urlencode()
    )
    return render(request, "practice/schedule.html", context)


def schedule_context(user, params):
    return {
        "placements": list(schedule_data.schedule_rows(user, params)),
        "subtitle": schedule_data.title_for(params),
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
        return offloaded
    context = {"periods": list(periods), "today": timezone.localdate()}
    return pdf_response("practice/pdf/order.html", context, "prikaz-o-zakreplenii.pdf")


def _title(name, params, file_format):
    subtitle = schedule_data.title_for(params)
    return f"{name}{': ' + subtitle if subtitle else ''} ({file_format.upper()})"


def _filter_choices(user):
    return {
        "periods": PracticePeriod.objects.for_user(user).select_related("group", "module")[:200],
        "groups": StudentGroup.objects.for_user(user),
        "specialties": Specialty.objects.for_user(user),
        "partner_choices": Partner.objects.for_user(user).only("pk", "name", "short_name"),
        "kinds": PracticePeriod.Kind.choices,
    }
