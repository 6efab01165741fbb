"""The registry export of many partners and the import, run by the worker (jobs/services.py)."""

from accounts.access import require_manager, require_staff
from jobs.documents import dataset_file
from jobs.services import register
from jobs.views import as_querydict
from kitek_portal.import_jobs import register_import

from .filters import PartnerFilter
from .models import Partner
from .participation_import import ParticipationImport
from .resources import PartnerImport, PartnerResource

MANY_TO_MANY_PRINTED = ("sectors__name", "specialties__code", "cooperation_forms__name")


def exported_partners(user, filters):
    """The partners the list shows with these filters, as the export writes them."""
    partners = Partner.objects.for_user(user).prefetch_related(
        "sectors", "specialties", "cooperation_forms"
    )
    return PartnerFilter(filters, queryset=partners.order_by("name")).qs


def printed(queryset):
    """What the export writes, for the document's data key: the rows, then each list."""
    plain = [f for f in PartnerResource.Meta.fields if f not in {"sectors", "specialties"}]
    plain.remove("cooperation_forms")
    rows = queryset.prefetch_related(None).order_by("pk")
    return [
        rows.values_list("pk", *plain),
        *(
            rows.filter(**{f"{m}__isnull": False}).order_by("pk", m).values_list("pk", m)
            for m in MANY_TO_MANY_PRINTED
        ),
    ]


@register("partners.export", "Реестр партнёров", check=require_staff)
def export_partners(job, progress):
    progress(10, "Выбираем партнёров")
    partners = exported_partners(job.owner, as_querydict(job.params["filters"]))
    dataset = PartnerResource().export(partners)
    progress(70, f"Записываем файл: {len(dataset)} строк")
    return dataset_file(dataset, job.params["format"], "partners")


# The import of partners: its preview and confirm (kitek_portal/import_jobs.py).
register_import("partners", "партнёры", PartnerImport, require_manager)
register_import("participation", "участие работодателей", ParticipationImport, require_manager)
