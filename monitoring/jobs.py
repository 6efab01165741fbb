"""Long report PDFs, laid out by the worker (jobs/services.py)."""

from django.utils import timezone

from jobs.documents import pdf_file
from jobs.services import register

from . import reports


@register("monitoring.reports_pdf", "Отчёты (PDF)", check=reports.require_reader)
def reports_pdf(job, progress):
    span = reports.Range.from_params(job.params["range"])
    progress(10, "Собираем данные отчётов")
    built, _key = reports.build(job.params["keys"], span)
    progress(30, f"Вёрстка PDF: {sum(len(r.rows) for r in built)} строк")
    context = {"reports": built, "span": span, "generated_at": timezone.localtime()}
    return pdf_file("monitoring/pdf/reports.html", context, "otchety")
