"""Import and export of the partner registry (XLSX, CSV)."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from accounts.access import require_staff
from jobs.views import offload_if_large, query_params
from kitek_portal import import_jobs, imports

from . import jobs as partner_jobs
from .resources import PartnerResource, template_dataset

STASH_KEY = "partners"


partner_import, partner_import_confirm = import_jobs.import_views(
    STASH_KEY,
    page="partners:import",
    confirm="partners:import_confirm",
    done="partners:list",
    template_name="partners/import.html",
    template=("partners-template", template_dataset),
)


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
