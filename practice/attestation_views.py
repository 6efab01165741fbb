"""The attestation sheet: the mentor fills and signs it, staff read it, both download the PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When, prefetch_related_objects
from django.db.models.fields import BooleanField
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager
from accounts.audit import PersonalDataKind, log_personal_data
from jobs.views import offload_if_large
from kitek_portal.pagination import paginate
from kitek_portal.pdf import pdf_response

from . import attendance
from .forms import AttestationForm, WorkRowFormSet, work_rows
from .models import AttestationSheet, Placement, PracticePeriod

PER_PAGE = 30


@login_required
def sheet_list(request):
    """«Аттестационные листы»: the organisation's students whose practice has begun."""
    user = request.user
    placements = (
        Placement.objects.for_user(user)
        .active()
        .filter(period__start__lte=timezone.localdate())
        .select_related("student__group", "period__module", "mentor", "attestation")
        .annotate(
            mine=Case(
                When(mentor__user_id=user.pk, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-mine", "-period__start", "student__last_name", "pk")
    )
    if request.GET.get("mine"):
        placements = placements.filter(mentor__user=user)
    context = paginate(request, placements, PER_PAGE)
    context["mine"] = bool(request.GET.get("mine"))
    log_personal_data(request, PersonalDataKind.STUDENT_LIST, "Аттестационные листы: список")
    return render(request, "practice/attestation_list.html", context)


def _placement(request, pk):
    return get_for_user_or_404(
        Placement.objects.select_related(
            "student__group__specialty", "period__module", "partner", "mentor"
        ),
        request.user,
        pk=pk,
    )


@login_required
def sheet(request, pk):
    """The sheet of one placement: a form for the employer until signed, read-only else."""
    placement = _placement(request, pk)
    sheet = attendance.sheet_for(placement)
    competencies = attendance.competencies_of(placement)
    if sheet.pk:  # the answers and works read once, for the form and the rows alike
        prefetch_related_objects([sheet], "results", "works")
    sheet.competencies = competencies
    editable = request.user.is_employer and not sheet.is_signed
    signing = request.POST.get("action") == "sign"
    data = request.POST if request.method == "POST" and editable else None
    form = AttestationForm(
        data,
        competencies=competencies,
        signing=signing,
        initial=AttestationForm.initial_for(sheet),
    )
    works = WorkRowFormSet(
        data,
        prefix="works",
        initial=[{"kind": w.kind, "hours": w.hours} for w in sheet.works.all()] if sheet.pk else [],
    )
    if data is not None and form.is_valid() and works.is_valid():
        try:
            attendance.save_sheet(
                placement,
                request.user,
                answers=form.answers(),
                works=work_rows(works),
                characterisation=form.cleaned_data["characterisation"],
                grade=form.cleaned_data["grade"],
                sign=signing,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Аттестационный лист ({placement.student}) подписан."
                if signing
                else "Черновик аттестационного листа сохранён.",
            )
            return redirect("practice:attestation", pk=placement.pk)
    elif data is not None:
        messages.error(request, "Лист не сохранён: исправьте отмеченные поля.")
    log_personal_data(
        request,
        PersonalDataKind.ATTESTATION,
        f"Аттестационный лист: {placement.student}",
        sheet if sheet.pk else placement,
    )
    context = {
        "placement": placement,
        "sheet": sheet,
        "form": form,
        "works": works,
        "editable": editable,
        "rows": sheet.competency_rows() if sheet.pk else [(c, None) for c in competencies],
    }
    return render(request, "practice/attestation_form.html", context)


@login_required
def sheet_pdf(request, pk):
    placement = _placement(request, pk)
    sheets = attendance.sheets_for_pdf(
        AttestationSheet.objects.for_user(request.user).filter(placement=placement)
    )
    if not sheets:
        raise Http404("Аттестационный лист ещё не заполнен.")
    log_personal_data(
        request,
        PersonalDataKind.ATTESTATION,
        f"Аттестационный лист (PDF): {placement.student}",
        sheets[0],
    )
    filename = f"attestacionnyj-list-{placement.pk}.pdf"
    return pdf_response("practice/pdf/attestation.html", {"sheets": sheets}, filename)


@login_required
def period_pdf(request, pk):
    """The signed sheets of a period in one PDF (an employer gets their own students').

    Up to ``DOCUMENTS_IN_WORKER_ABOVE_ROWS`` sheets the PDF is sent at once; more go to
    the worker (practice/jobs.py), and the user follows the progress in «Мои файлы»."""
    period = get_for_user_or_404(
        PracticePeriod.objects.select_related("group", "module"), request.user, pk=pk
    )
    queryset = attendance.period_sheets(request.user, period)
    limit = settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS
    sheets = list(queryset.for_pdf().prefetch_related(None)[: limit + 1])
    if len(sheets) > limit:
        return _period_pdf_in_worker(request, period, queryset)
    if not sheets:
        messages.info(request, "В этом периоде ещё нет подписанных аттестационных листов.")
        return redirect("practice:period_attendance", pk=period.pk)
    attendance.with_details(sheets)
    log_personal_data(
        request,
        PersonalDataKind.ATTESTATION,
        f"Аттестационные листы (PDF): {period}, листов: {len(sheets)}",
        period,
    )
    filename = f"attestacionnye-listy-{period.group.name}.pdf"
    return pdf_response("practice/pdf/attestation.html", {"sheets": sheets}, filename)


def _period_pdf_in_worker(request, period, queryset):
    offloaded = offload_if_large(
        request,
        "practice.attestation_pdf",
        {"period": period.pk},
        queryset.values_list(*attendance.PERIOD_PDF_PRINTED),
        title=f"Аттестационные листы: {period.group}, {period.start:%d.%m.%Y} (PDF)",
        return_url=reverse("practice:period_attendance", args=[period.pk]),
    )
    log_personal_data(
        request,
        PersonalDataKind.ATTESTATION,
        f"Аттестационные листы (PDF), в фоне: {period}",
        period,
    )
    # None only if sheets were reopened meanwhile: then the PDF is small enough to send.
    return offloaded or redirect("practice:period_attestation_pdf", pk=period.pk)


@login_required
@require_POST
def reopen(request, pk):
    """A practice head returns a signed sheet to the organisation to correct it."""
    placement = _placement(request, pk)
    require_manager(request.user)
    sheet = get_for_user_or_404(AttestationSheet, request.user, placement=placement)
    attendance.reopen_sheet(sheet)
    messages.success(request, "Лист возвращён организации: до новой подписи он снова черновик.")
    return redirect("practice:attestation", pk=placement.pk)
