"""Import and export of the partner registry (XLSX, CSV)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import require_manager, require_staff
from jobs.views import offload_if_large, query_params
from kitek_portal import import_jobs, imports

from . import jobs as partner_jobs
from .resources import PartnerResource, template_dataset

STASH_KEY = "partners"


@login_required
def partner_import(request):
    require_manager(request.user)
    if request.GET.get("template"):
        return imports.dataset_response(template_dataset(), "xlsx", "partners-template")
    confirm_url = reverse("partners:import_confirm")
    response, context = import_jobs.upload_step(request, STASH_KEY, confirm_url)
    context = context and {**context, "done_url": reverse("partners:list")}
    return response or render(request, "partners/import.html", context)


@login_required
@require_POST
def partner_import_confirm(request):
    require_manager(request.user)
    return import_jobs.confirm_step(request, STASH_KEY, reverse("partners:import"))


@login_required
def partner_export(request):
    require_staff(request.user)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in imports.CONTENT_TYPES:
        file_format = "xlsx"
    queryset = partner_jobs.exported_partners(request.user, request.GET)
    filters = query_params(request.GET)
    offloaded = offload_if_large(
        request,
        "partners.export",
        {"filters": filters, "format": file_format},
        *partner_jobs.printed(queryset),
        title=f"Реестр партнёров ({file_format.upper()})",
        return_url=reverse("partners:list"),
    )
    if offloaded:
        return offloaded
    return imports.dataset_response(PartnerResource().export(queryset), file_format, "partners")
