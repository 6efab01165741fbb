"""Large schedules and orders, and the students import, run by the worker (jobs/services.py)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.access import require_manager, require_staff
from jobs.documents import dataset_file, pdf_file
from jobs.services import JobError, register
from kitek_portal.import_jobs import register_import

from . import attendance
from . import schedule as schedule_data
from .employment_import import EmploymentImport
from .models import PracticePeriod
from .resources import StudentImport


@register("practice.schedule_pdf", "График дислокации (PDF)", check=require_staff)
def schedule_pdf(job, progress):
    from .document_views import schedule_context

    progress(5, "Собираем строки графика")
    context = schedule_context(job.owner, job.params)
    progress(20, f"Вёрстка PDF: {len(context['placements'])} строк")
    return pdf_file("practice/pdf/schedule.html", context, "grafik-dislokacii")


@register("practice.schedule_xlsx", "График дислокации (XLSX)", check=require_staff)
def schedule_xlsx(job, progress):
    progress(10, "Собираем строки графика")
    placements = list(schedule_data.schedule_rows(job.owner, job.params))
    progress(50, f"Записываем таблицу: {len(placements)} строк")
    return dataset_file(schedule_data.as_dataset(placements), "xlsx", "grafik-dislokacii")


@register("practice.order_pdf", "Приказ о закреплении руководителей (PDF)", check=require_staff)
def order_pdf(job, progress):
    progress(5, "Собираем периоды практики")
    periods = list(schedule_data.order_periods(job.owner, job.params))
    progress(20, f"Вёрстка PDF: {len(periods)} периодов")
    context = {"periods": periods, "today": timezone.localdate()}
    return pdf_file("practice/pdf/order.html", context, "prikaz-o-zakreplenii")


def _attestation_reader(user):
    """College staff and employers read attestation sheets (each only what they may see)."""
    if not (user.is_college_staff or user.is_employer):
        raise PermissionDenied("Аттестационные листы читают сотрудники колледжа и работодатели.")


@register("practice.attestation_pdf", "Аттестационные листы (PDF)", check=_attestation_reader)
def attestation_pdf(job, progress):
    """A period's signed sheets, as many as there are; the owner's access applies, so an
    employer's file holds only their own students."""
    progress(5, "Собираем подписанные листы")
    period = PracticePeriod.objects.for_user(job.owner).filter(pk=job.params.get("period")).first()
    if period is None:
        raise JobError("Период практики больше недоступен.")
    sheets = attendance.sheets_for_pdf(attendance.period_sheets(job.owner, period))
    if not sheets:
        raise JobError("В этом периоде нет подписанных аттестационных листов.")
    progress(20, f"Вёрстка PDF: {len(sheets)} листов")
    return pdf_file(
        "practice/pdf/attestation.html", {"sheets": sheets}, f"attestacionnye-listy-{period.pk}"
    )


# The import of groups and students: its preview and confirm (kitek_portal/import_jobs.py).
register_import("students", "группы и обучающиеся", StudentImport, require_manager)
register_import("employment", "трудоустройство выпускников", EmploymentImport, require_manager)
