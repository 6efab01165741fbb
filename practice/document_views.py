"""The placement schedule (HTML, PDF, XLSX) and the supervisors' order (PDF)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import require_staff
from kitek_portal import imports
from kitek_portal.pdf import pdf_response
from partners.models import Partner

from . import schedule as schedule_data
from .models import PracticePeriod, Specialty, StudentGroup


@login_required
def schedule(request):
    require_staff(request.user)
    context = schedule_context(request.user, request.GET)
    placements = context["placements"]
    file_format = request.GET.get("format")
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
    periods = list(schedule_data.order_periods(request.user, request.GET))
    context = {"periods": periods, "today": timezone.localdate()}
    return pdf_response("practice/pdf/order.html", context, "prikaz-o-zakreplenii.pdf")


def _filter_choices(user):
    return {
        "periods": PracticePeriod.objects.for_user(user).select_related("group", "module")[:200],
        "groups": StudentGroup.objects.for_user(user),
        "specialties": Specialty.objects.for_user(user),
        "partner_choices": Partner.objects.for_user(user).only("pk", "name", "short_name"),
        "kinds": PracticePeriod.Kind.choices,
    }
