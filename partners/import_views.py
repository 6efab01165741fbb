"""Import and export of the partner registry (XLSX, CSV)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import require_manager, require_staff
from kitek_portal import imports

from .filters import PartnerFilter
from .models import Partner
from .resources import PartnerImport, PartnerResource, template_dataset

STASH_KEY = "partners"


@login_required
def partner_import(request):
    require_manager(request.user)
    if request.GET.get("template"):
        return imports.dataset_response(template_dataset(), "xlsx", "partners-template")
    context = imports.upload_step(
        request, PartnerImport(request.user), STASH_KEY, reverse("partners:import_confirm")
    )
    return render(request, "partners/import.html", context)


@login_required
@require_POST
def partner_import_confirm(request):
    require_manager(request.user)
    confirm_url = reverse("partners:import_confirm")
    totals, failed = imports.confirm_step(
        request, PartnerImport(request.user), STASH_KEY, confirm_url
    )
    if failed:
        return render(request, "partners/import.html", failed)
    if totals is None:
        messages.error(request, "Файл для импорта не найден или устарел. Загрузите его снова.")
        return redirect("partners:import")
    messages.success(request, imports.totals_message(totals))
    return redirect("partners:list")


@login_required
def partner_export(request):
    require_staff(request.user)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in imports.CONTENT_TYPES:
        file_format = "xlsx"
    partners = Partner.objects.for_user(request.user).prefetch_related(
        "sectors", "specialties", "cooperation_forms"
    )
    queryset = PartnerFilter(request.GET, queryset=partners.order_by("name")).qs
    return imports.dataset_response(PartnerResource().export(queryset), file_format, "partners")
