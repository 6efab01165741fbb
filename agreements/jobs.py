"""The export of many agreements and the import, run by the worker (jobs/services.py)."""

from accounts.access import require_manager, require_staff
from jobs.documents import dataset_file
from jobs.services import register
from jobs.views import as_querydict
from kitek_portal.import_jobs import register_import

from .filters import AgreementFilter
from .models import Agreement
from .resources import AgreementImport, AgreementResource

PRINTED = (
    "pk",
    "number",
    "date",
    "partner__inn",
    "partner__name",
    "kind",
    "valid_from",
    "valid_to",
    "auto_prolongation",
    "status",
    "indicators",
)


def exported_agreements(user, filters):
    agreements = (
        Agreement.objects.for_user(user)
        .select_related("partner")
        .prefetch_related("specialties", "quotas__specialty")
        .order_by("valid_to", "number")
    )
    return AgreementFilter(filters, queryset=agreements).qs


def printed(queryset):
    """What the export writes, for the document's data key: the rows, specialties, places."""
    rows = queryset.prefetch_related(None).order_by("pk")
    return [
        rows.values_list(*PRINTED),
        rows.filter(specialties__isnull=False)
        .order_by("pk", "specialties__code")
        .values_list("pk", "specialties__code"),
        rows.filter(quotas__isnull=False)
        .order_by("pk", "quotas__specialty__code")
        .values_list("pk", "quotas__specialty__code", "quotas__places"),
    ]


@register("agreements.export", "Договоры (XLSX)", check=require_staff)
def export_agreements(job, progress):
    progress(10, "Выбираем договоры")
    agreements = exported_agreements(job.owner, as_querydict(job.params["filters"]))
    dataset = AgreementResource().export(agreements)
    progress(70, f"Записываем файл: {len(dataset)} строк")
    return dataset_file(dataset, "xlsx", "agreements")


# The import of agreements: its preview and confirm (kitek_portal/import_jobs.py).
register_import("agreements", "договоры", AgreementImport, require_manager)
