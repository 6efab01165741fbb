"""The placement schedule (HTML, PDF, XLSX) and the supervisors' order (PDF)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import require_staff
from kitek_portal import imports
from kitek_portal.pagination import paginate
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
    rows = schedule_data.schedule_rows(request.user, params)
    context.update(paginate(request, rows, SCHEDULE_PER_PAGE))
    context.update(
        _filter_choices(request.user, params),
        placements=context["page_obj"].object_list,
        selected=params,
        query=_without_page(params),
        years=school_year_choices(),
    )
    return render(request, "practice/schedule.html", context)


def _schedule_document(request, file_format):
    context = schedule_context(request.user, request.GET)
    if file_format == "pdf":
        return pdf_response("practice/pdf/schedule.html", context, "grafik-dislokacii.pdf")
    return imports.dataset_response(
        schedule_data.as_dataset(context["placements"]), "xlsx", "grafik-dislokacii"
    )


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def schedule_context(user, params):
    return {
        "placements": list(schedule_data.schedule_rows(user, params)),
        "subtitle": schedule_data.title_for(params),
        "today": timezone.localdate(),
    }


@login_required
def supervisors_order(request):
    require_staff(request.user)
    periods = list(schedule_data.order_periods(request.user, request.GET))
    context = {"periods": periods, "today": timezone.localdate()}
    return pdf_response("practice/pdf/order.html", context, "prikaz-o-zakreplenii.pdf")


def _filter_choices(user, params):
    periods = PracticePeriod.objects.for_user(user).select_related("group", "module")
    groups = StudentGroup.objects.for_user(user)
    year = str(params.get("year", ""))
    if year.isdigit():
        start, end = school_year_bounds(int(year))
        periods = periods.filter(start__range=(start, end))
        groups = GroupFilter({"year": year}, queryset=groups).qs
    partner_id = str(params.get("partner", ""))
    return {
        "periods": periods[:PERIOD_CHOICES],
        "groups": groups,
        "specialties": Specialty.objects.for_user(user),
        # Only the chosen partner is rendered; the search box offers the others.
        "partner_choices": Partner.objects.for_user(user).filter(pk=int(partner_id))
        if partner_id.isdigit()
        else Partner.objects.none(),
        "kinds": PracticePeriod.Kind.choices,
    }
