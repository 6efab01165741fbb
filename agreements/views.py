from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404, require_manager, require_staff
from accounts.audit import PersonalDataKind, log_personal_data
from accounts.mixins import StaffRequiredMixin
from jobs.views import offload_if_large, query_params
from kitek_portal import import_jobs, imports
from kitek_portal.pagination import paginate
from kitek_portal.pdf import pdf_response
from kitek_portal.word import docx_response
from partners.history import history_entries_for
from practice.models import Placement, PracticePeriod, Specialty

from . import documents, services
from . import jobs as agreement_jobs
from .filters import AgreementFilter
from .forms import AgreementForm, QuotaForms, ScanForm, StatusForm
from .models import Agreement
from .resources import AgreementResource

LIST_FIELDS = [
    "number",
    "date",
    "kind",
    "valid_from",
    "valid_to",
    "status",
    "partner__name",
    "partner__short_name",
    "responsible__first_name",
    "responsible__last_name",
    "responsible__middle_name",
    "responsible__username",
]


class AgreementListView(StaffRequiredMixin, FilterView):
    filterset_class = AgreementFilter
    template_name = "agreements/list.html"
    context_object_name = "agreements"
    paginate_by = 25

    def get_queryset(self):
        # Only the columns a row shows (display only: the rest stays in the database).
        return (
            Agreement.objects.for_user(self.request.user)
            .select_related("partner", "responsible")
            .only(*LIST_FIELDS)
            .prefetch_related(Prefetch("specialties", Specialty.objects.only("code")))
            .order_by("valid_to", "number")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


PARTNER_AGREEMENTS_PER_PAGE = 20
#: How many practice periods the agreement page offers for an appendix.
PERIODS_SHOWN = 50


@login_required
def partner_agreements(request):
    """«Договоры» of an employer: their organisation's agreements with statuses, dates and
    the texts to download (PDF, DOCX). College staff have the full list instead."""
    if request.user.is_college_staff:
        return redirect("agreements:list")
    if not request.user.is_employer:
        raise Http404
    agreements = (
        Agreement.objects.for_user(request.user)
        .prefetch_related("specialties")
        .order_by("-valid_to", "number")
    )
    context = paginate(request, agreements, PARTNER_AGREEMENTS_PER_PAGE)
    context["agreements"] = context["page_obj"].object_list
    return render(request, "agreements/partner_list.html", context)


@login_required
def agreement_detail(request, pk):
    agreement = get_for_user_or_404(
        Agreement.objects.select_related(
            "partner", "responsible", "student__group"
        ).prefetch_related("specialties", "modules", "quotas__specialty"),
        request.user,
        pk=pk,
    )
    placements = (
        Placement.objects.for_user(request.user)
        .active()
        .filter(
            partner=agreement.partner,
            period__start__gte=agreement.valid_from,
            period__end__lte=agreement.valid_to,
        )
        .select_related("student__group", "period", "mentor")
        .order_by("period__start", "student__last_name")
    )
    context = {
        "agreement": agreement,
        "placements": placements,
        "can_edit": agreement.editable_by(request.user),
        "can_see_scan": agreement.scan_visible_to(request.user),
        "allowed": [s for s in Agreement.Status if s in Agreement.TRANSITIONS[agreement.status]],
        "scan_form": ScanForm(),
        # The periods an appendix can list: the partner's students still placed there,
        # newest first (the menu is bounded).
        "periods": PracticePeriod.objects.for_user(request.user)
        .filter(
            Exists(
                Placement.objects.active().filter(
                    period=OuterRef("pk"), partner_id=agreement.partner_id
                )
            )
        )
        .select_related("group")
        .order_by("-start", "-pk")[:PERIODS_SHOWN],
    }
    if request.user.is_college_staff:
        context["status_log"] = agreement.status_log.select_related("changed_by")
        context["history"] = history_entries_for(Agreement, agreement.pk, "Договор")
    return render(request, "agreements/detail.html", context)


@login_required
def agreement_create(request):
    require_manager(request.user)
    initial = {"partner": request.GET.get("partner"), "responsible": request.user}
    return _save(request, Agreement(), initial, "Договор добавлен.")


@login_required
def agreement_edit(request, pk):
    require_manager(request.user)
    agreement = get_for_user_or_404(Agreement, request.user, pk=pk)
    return _save(request, agreement, None, "Изменения сохранены.")


def _save(request, agreement, initial, success):
    form = AgreementForm(request.POST or None, instance=agreement, initial=initial)
    quotas = QuotaForms(request.POST or None, instance=agreement, prefix="quotas")
    if request.method == "POST" and form.is_valid() and quotas.is_valid():
        with transaction.atomic():
            agreement = form.save()
            quotas.instance = agreement
            quotas.save()
        messages.success(request, success)
        return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "quotas": quotas})


@login_required
@require_POST
def agreement_status(request, pk):
    require_manager(request.user)
    agreement = get_for_user_or_404(Agreement, request.user, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                agreement, form.cleaned_data["status"], request.user, form.cleaned_data["comment"]
            )
            messages.success(request, f"Статус договора: {agreement.get_status_display()}.")
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect(agreement)


@login_required
@require_POST
def scan_upload(request, pk):
    require_manager(request.user)
    agreement = get_for_user_or_404(Agreement, request.user, pk=pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        agreement.scan.save(form.cleaned_data["scan"].name, form.cleaned_data["scan"])
        messages.success(request, "Скан договора загружен.")
    else:
        messages.error(request, " ".join(form.errors["scan"]))
    return redirect(agreement)


@login_required
def scan_download(request, pk):
    agreement = get_for_user_or_404(Agreement, request.user, pk=pk)
    if not agreement.scan_visible_to(request.user):
        raise PermissionDenied
    if not agreement.scan:
        raise Http404("Скан не загружен.")
    if agreement.student_id:  # a tripartite agreement names the student
        description = f"Скан трёхстороннего договора № {agreement.number}"
        log_personal_data(request, PersonalDataKind.AGREEMENT_SCAN, description, agreement)
    name = f"dogovor-{agreement.number}.{agreement.scan.name.rsplit('.', 1)[-1]}"
    return FileResponse(agreement.scan.open("rb"), as_attachment=True, filename=name)


def _document(request, pk, kind):
    """The agreement and its text for a generated document (PDF or DOCX): the same access
    rule, the same data and the same personal-data log entry for both formats."""
    agreement = get_for_user_or_404(
        Agreement.objects.select_related("partner", "student__group__specialty").prefetch_related(
            "specialties", "modules", "quotas__specialty"
        ),
        request.user,
        pk=pk,
    )
    # An employer gets their own organisation's agreement (another's is a 404 above); the
    # appendix lists the agreement's partner's students only, whoever asks.
    period_id = request.GET.get("period", "")
    appendix = []
    if period_id.isdigit():
        appendix = list(
            Placement.objects.for_user(request.user)
            .active()
            .filter(partner=agreement.partner, period_id=int(period_id))
            .select_related("student__group__specialty", "period__module", "mentor")
            .order_by("student__last_name")
        )
    log_personal_data(
        request,
        kind,
        f"Договор № {agreement.number}, обучающихся в приложении: {len(appendix)}",
        agreement,
    )
    return agreement, documents.agreement_text(agreement, appendix)


@login_required
def agreement_document(request, pk):
    """The agreement generated from the partner's data, with an appendix of students."""
    agreement, text = _document(request, pk, PersonalDataKind.AGREEMENT_PDF)
    return pdf_response(
        "agreements/pdf/agreement.html", {"doc": text}, f"dogovor-{agreement.number}.pdf", request
    )


@login_required
def agreement_docx(request, pk):
    """The same agreement as a Word file, for negotiating changes with the partner."""
    agreement, text = _document(request, pk, PersonalDataKind.AGREEMENT_DOCX)
    name = f"dogovor-{agreement.number.replace('/', '-')}.docx"
    return docx_response(documents.agreement_docx(text), name)


STASH_KEY = "agreements"


agreement_import, agreement_import_confirm = import_jobs.import_views(
    STASH_KEY,
    page="agreements:import",
    confirm="agreements:import_confirm",
    done="agreements:list",
    template_name="agreements/import.html",
)


@login_required
def agreement_export(request):
    require_staff(request.user)
    queryset = agreement_jobs.exported_agreements(request.user, request.GET)
    offloaded = offload_if_large(
        request,
        "agreements.export",
        {"filters": query_params(request.GET)},
        *agreement_jobs.printed(queryset),
        title="Договоры (XLSX)",
        return_url=reverse("agreements:list"),
    )
    if offloaded:
        return offloaded
    return imports.dataset_response(AgreementResource().export(queryset), "xlsx", "agreements")
