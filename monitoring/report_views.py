"""The reports page: a date range (a school year by default), a specialty and a partner, and
each report as XLSX or PDF; the whole pack as one PDF."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from jobs.models import BackgroundJob
from jobs.services import start_job
from kitek_portal.imports import dataset_response
from kitek_portal.pdf import pdf_response
from partners.models import Partner
from practice.models import Specialty

from . import reports
from .plan import current_school_year, year_span


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label="Учебный год", coerce=int, required=False)
    start = forms.DateField(
        label="или с", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="по", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    specialty = forms.ModelChoiceField(
        label="Специальность", queryset=Specialty.objects.none(), required=False, empty_label="Все"
    )
    partner = forms.IntegerField(label="Партнёр (номер в реестре)", required=False, min_value=1)

    def __init__(self, *args, specialties, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_school_year()
        self.fields["year"].choices = [(y, f"{y}/{y + 1}") for y in range(current, current - 6, -1)]
        self.fields["specialty"].queryset = specialties

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError("Укажите обе даты периода или выберите учебный год.")
        if start and end and start > end:
            raise forms.ValidationError("Начало периода позже его окончания.")
        return cleaned


def _range(request):
    user = request.user
    reports.require_reader(user)
    specialties = Specialty.objects.order_by("code")
    own = None
    if user.role == "head":
        own = tuple(user.specialties.values_list("pk", flat=True))
        specialties = specialties.filter(pk__in=own)
    form = ReportForm(request.GET or None, specialties=specialties)
    data = form.cleaned_data if form.is_valid() else {}
    start, end = data.get("start"), data.get("end")
    if not start:
        start, end = year_span(data.get("year") or current_school_year())
    specialty = data.get("specialty")
    partner_id = data.get("partner")
    if partner_id and not Partner.objects.filter(pk=partner_id).exists():
        partner_id = None
    chosen = (specialty.pk,) if specialty else own
    return form, reports.Range(start, end, chosen, partner_id)


@login_required
def report_page(request):
    form, span = _range(request)
    query = request.GET.urlencode()
    return render(
        request,
        "monitoring/reports.html",
        {"form": form, "span": span, "titles": reports.TITLES, "query": query},
    )


@login_required
def report_download(request, key, file_format):
    if key not in reports.REPORTS and key != "all":
        raise Http404
    _form, span = _range(request)
    if file_format == "pdf":
        keys = list(reports.REPORTS) if key == "all" else [key]
        built, data_key = reports.build(keys, span)
        if sum(len(r.rows) for r in built) > settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS:
            # A long PDF is laid out by the worker; the page shows its progress.
            job = start_job(
                request.user,
                "monitoring.reports_pdf",
                {"keys": keys, "range": span.as_params()},
                data_key=data_key,
                title=f"Отчёты за {span.label} (PDF)",
                return_url=f"{reverse('monitoring:reports')}?{request.GET.urlencode()}",
            )
            if job.status == BackgroundJob.Status.DONE:
                return redirect(job.get_download_url())
            return redirect(job)
        context = {"reports": built, "span": span, "generated_at": timezone.localtime()}
        return pdf_response("monitoring/pdf/reports.html", context, f"otchet-{key}.pdf", request)
    if key == "all" or file_format not in ("xlsx", "csv"):
        raise Http404
    return dataset_response(reports.REPORTS[key](span).dataset(), file_format, f"otchet-{key}")
