"""Practice periods and the placement page."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Prefetch, Q, When
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager, require_staff
from accounts.audit import PersonalDataKind, log_personal_data
from accounts.models import User
from agreements.services import valid_agreements
from kitek_portal.pagination import paginate
from partners.models import Contact, Partner

from . import services
from .filters import PeriodFilter
from .forms import (
    AssignForm,
    ControlPointFormSet,
    EvaluationForm,
    PeriodForm,
    PhoneConfirmationForm,
    PlacementForm,
    QuotaForm,
)
from .models import AttestationSheet, Placement, PracticePeriod, Student
from .partner_search import search as partner_search_options

PERIODS_PER_PAGE = 25
PLACEMENTS_PER_PAGE = 30


@login_required
def period_list(request):
    # Only the columns a row shows (display only: the rest stays in the database).
    supervisors = User.objects.only("first_name", "last_name", "middle_name", "username")
    periods = (
        PracticePeriod.objects.for_user(request.user)
        .select_related("group__specialty", "module")
        .only(
            "start",
            "end",
            "kind",
            "group__name",
            "group__specialty__code",
            "module__code",
            "module__name",
        )
        .prefetch_related(Prefetch("supervisors", supervisors))
        .with_counts()
        .order_by("-start", "group__name", "pk")
    )
    filterset = PeriodFilter(request.GET, queryset=periods)
    context = {"filter": filterset, **paginate(request, filterset.qs, PERIODS_PER_PAGE)}
    context["periods"] = context["page_obj"].object_list
    return render(request, "practice/period_list.html", context)


@login_required
def period_create(request):
    require_manager(request.user)
    return _period_form(request, PracticePeriod(), "Период практики создан.")


@login_required
def period_edit(request, pk):
    require_manager(request.user)
    period = get_for_user_or_404(PracticePeriod, request.user, pk=pk)
    return _period_form(request, period, "Изменения сохранены.")


def _period_form(request, period, success):
    form = PeriodForm(request.POST or None, request.FILES or None, instance=period)
    formset = ControlPointFormSet(request.POST or None, instance=period, prefix="points")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            period = form.save()
            formset.instance = period
            formset.save()
        messages.success(request, success)
        return redirect(period)
    return render(request, "practice/period_form.html", {"form": form, "formset": formset})


@login_required
def period_detail(request, pk):
    """The placement page: every student of the group, assigned inline."""
    require_staff(request.user)
    period = get_for_user_or_404(
        PracticePeriod.objects.select_related(
            "group__specialty", "module", "programme_document", "instructions_document"
        ),
        request.user,
        pk=pk,
    )
    description = f"Распределение на практику: {period}"
    log_personal_data(request, PersonalDataKind.STUDENT_LIST, description, period)
    return render(request, "practice/period_detail.html", _placement_context(request, period))


def _placement_context(request, period):
    students = list(
        Student.objects.for_user(request.user)
        .filter(group=period.group, status=Student.Status.STUDYING)
        .order_by("last_name", "first_name")
    )
    placements, declined = {}, {}
    # The active placements and, in the same query, those the partner declined: a student
    # left without a place shows why.
    for p in (
        Placement.objects.filter(period=period)
        .filter(~Q(status=Placement.Status.CANCELLED) | Q(declined_at__isnull=False))
        .select_related("partner", "mentor", "confirmed_by")  # what the rows show
        .order_by("declined_at", "pk")
    ):
        (declined if p.declined else placements)[p.student_id] = p
    used = {p.partner_id for p in placements.values()}
    # Only the partners already chosen are rendered; others come from the search box.
    mentors = services.mentors_by_partner(used)
    agreements = valid_agreements(used, period.start, period.end)
    rows = [_row(period, s, placements.get(s.pk), mentors, agreements=agreements) for s in students]
    for row in rows:
        if row["placement"] is None:
            row["declined"] = declined.get(row["student"].pk)
    return {
        "period": period,
        "rows": rows,
        "partner_search_url": f"{reverse('practice:partner_search')}?period={period.pk}",
        "mentor_options_url": reverse("practice:mentor_options"),
        "places": _places(period, placements.values()),
        "progress": services.progress(period, students, placements.values()),
        "can_manage": request.user.can_manage,
        "quota_form": QuotaForm(),
        "supervisors": list(period.supervisors.all()),
        "control_points": list(period.control_points.all()),
    }


def _places(period, placements):
    """Places of the partners taken in the period or given places for it."""
    partners = {p.partner_id: p.partner for p in placements}
    quotas = list(period.quotas.select_related("partner"))
    for quota in quotas:
        partners.setdefault(quota.partner_id, quota.partner)
    # the partners and quotas at hand: two queries fewer
    capacity = services.capacities(
        period, list(partners), partners=list(partners.values()), quotas=quotas
    )
    taken = Counter(p.partner_id for p in placements)  # the period's active placements
    rows = []
    for partner in sorted(partners.values(), key=lambda p: p.name):
        places, used = capacity.get(partner.pk), taken.get(partner.pk, 0)
        rows.append(
            {
                "partner": partner,
                "places": places,
                "taken": used,
                "free": None if places is None else places - used,
            }
        )
    return rows


def _row(period, student, placement, mentors, form=None, error=None, agreements=None):
    partner = placement.partner if placement else None
    if form is not None and form.data.get("partner"):
        partner = form.cleaned_data.get("partner") if form.is_valid() else None
    # The row's ids and links are worked out here, not by {% url %} in a 30-row loop.
    return {
        "student": student,
        "id": str(student.pk),
        "assign_url": reverse("practice:assign", args=[period.pk, student.pk]),
        "edit_url": reverse("practice:placement_edit", args=[placement.pk]) if placement else "",
        "placement": placement,
        "partner": partner,
        "partner_id": partner.pk if partner else None,
        "mentors": mentors.get(partner.pk if partner else None, []),
        "form": form,
        "error": error,
        "problem": _problem(placement, agreements or {}),
    }


def _problem(placement, agreements):
    if placement and placement.partner_id not in agreements:
        return "Нет действующего договора с партнёром на даты практики."
    return None


@login_required
@require_POST
def assign(request, pk, student_pk):
    require_manager(request.user)
    period = get_for_user_or_404(
        PracticePeriod.objects.select_related("group"), request.user, pk=pk
    )
    student = get_for_user_or_404(Student, request.user, pk=student_pk, group=period.group)
    partners = Partner.objects.for_user(request.user)
    form = AssignForm(request.POST, partners=partners)
    error = None
    if form.is_valid():
        try:
            services.assign(
                period,
                student,
                form.cleaned_data["partner"],
                mentor=form.cleaned_data["mentor"],
                workplace=form.cleaned_data["workplace"],
            )
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = "; ".join(e for errors in form.errors.values() for e in errors)
    if not request.htmx:
        if error:
            messages.error(request, f"{student}: {error}")
        return redirect(period)
    context = _placement_context(request, period)
    row = next(r for r in context["rows"] if r["student"].pk == student.pk)
    if error:
        # The row keeps the partner the user chose, with that partner's contacts.
        chosen = form.cleaned_data.get("partner") if hasattr(form, "cleaned_data") else None
        row.update(form=form, error=error, partner=chosen, partner_id=chosen and chosen.pk)
        row["mentors"] = list(Contact.objects.filter(partner=chosen)) if chosen else []
    context["row"] = row
    return render(request, "practice/_placement_row_response.html", context)


@login_required
def partner_search(request):
    """Options of the partner search box (JSON), the specialty's usual partners first."""
    require_staff(request.user)
    period_id = request.GET.get("period", "")
    period = (
        get_for_user_or_404(
            PracticePeriod.objects.select_related("group"), request.user, pk=period_id
        )
        if period_id.isdigit()
        else None
    )
    options = partner_search_options(request.user, request.GET.get("q", ""), period)
    return JsonResponse({"results": options})


@login_required
def mentor_options(request):
    """<option>s of a partner's contacts, mentors first, for the row's mentor select."""
    require_staff(request.user)
    partner_id = request.GET.get("partner", "")
    contacts = (
        Contact.objects.for_user(request.user)
        .filter(partner_id=partner_id)
        .order_by("-is_mentor", "last_name")
        if partner_id.isdigit()
        else Contact.objects.none()
    )
    return render(request, "practice/_mentor_options.html", {"mentors": contacts})


@login_required
@require_POST
def unassign(request, pk):
    require_manager(request.user)
    placement = get_for_user_or_404(Placement, request.user, pk=pk)
    services.unassign(placement)
    messages.success(request, f"{placement.student} снят(а) с базы практики {placement.partner}.")
    return redirect(placement.period)


@login_required
@require_POST
def set_quota(request, pk):
    require_manager(request.user)
    period = get_for_user_or_404(PracticePeriod, request.user, pk=pk)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.set_quota(period, form.cleaned_data["partner"], form.cleaned_data["places"])
            messages.success(request, "Число мест сохранено.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Укажите партнёра и число мест (целое, не меньше нуля).")
    return redirect(period)


@login_required
@require_POST
def copy_previous(request, pk):
    require_manager(request.user)
    period = get_for_user_or_404(PracticePeriod, request.user, pk=pk)
    try:
        placed, skipped = services.copy_previous(period)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        note = f", не хватило мест или даты пересекаются: {skipped}" if skipped else ""
        messages.success(request, f"Скопировано с прошлого года: {placed}{note}.")
    return redirect(period)


@login_required
def placement_edit(request, pk):
    """Progress of one placement: supervisors mark reports and grades."""
    require_staff(request.user)
    placement = get_for_user_or_404(
        Placement.objects.select_related(
            "student", "partner", "period__group", "mentor", "confirmed_by"
        ),
        request.user,
        pk=pk,
    )
    form = PlacementForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                services.change_status(placement, form.cleaned_data["new_status"], request.user)
        except ValidationError as exc:
            form.add_error("new_status", exc.messages[0])
        else:
            messages.success(request, "Сохранено.")
            return redirect(placement.period)
    sheet = AttestationSheet.objects.filter(placement=placement).first()
    context = {"form": form, "placement": placement, "sheet": sheet}
    if placement.status == Placement.Status.PLANNED:
        context["phone_form"] = PhoneConfirmationForm(placement=placement)
    return render(request, "practice/placement_form.html", context)


@login_required
def employer_placements(request):
    """The employer's students: who comes, when, with which mentor."""
    if not request.user.is_employer:
        raise PermissionDenied("Страница для представителей работодателя.")
    mine = Placement.objects.for_user(request.user).active()
    placements = (
        mine.select_related(
            "student__group__specialty",
            "period__module",
            "period__programme_document",
            "period__instructions_document",
            "mentor",
            "supervisor",
            "confirmed_by",
        )
        # Those awaiting the employer's answer first.
        .annotate(answered=Case(When(status=Placement.Status.PLANNED, then=0), default=1))
        .order_by("answered", "-period__start", "student__last_name", "pk")
    )
    description = "Практиканты своей организации (страница работодателя)"
    log_personal_data(request, PersonalDataKind.STUDENT_LIST, description)
    context = paginate(request, placements, PLACEMENTS_PER_PAGE)
    context["placements"] = context["page_obj"].object_list
    context["awaiting"] = mine.filter(status=Placement.Status.PLANNED).count()
    return render(request, "practice/employer_placements.html", context)


@login_required
def evaluate(request, pk):
    placement = get_for_user_or_404(
        Placement.objects.select_related("student", "period"), request.user, pk=pk
    )
    if not (request.user.is_employer or request.user.can_manage):
        raise PermissionDenied("Отзыв пишет наставник от работодателя.")
    if AttestationSheet.objects.filter(placement=placement, status="signed").exists():
        # The signed sheet is the one source of the employer's grade and review.
        messages.info(request, "Оценка и отзыв взяты из подписанного аттестационного листа.")
        return redirect("practice:attestation", pk=placement.pk)
    form = EvaluationForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Отзыв о практиканте {placement.student} сохранён.")
        return redirect("practice:my_students" if request.user.is_employer else placement.period)
    return render(request, "practice/evaluation_form.html", {"form": form, "placement": placement})
