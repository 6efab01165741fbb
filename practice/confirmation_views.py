"""The partner's answer to placements proposed by the college: confirm or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_staff
from partners.models import Contact

from . import services
from .forms import ConfirmPlacementForm, DeclinePlacementForm, PhoneConfirmationForm
from .models import Placement
from .period_views import PLACEMENTS_PER_PAGE

# One confirmation covers at most a page of the employer's students (where they are ticked).
MAX_AT_ONCE = PLACEMENTS_PER_PAGE


def _require_employer(user):
    if not user.is_employer:
        raise PermissionDenied("Подтверждает практику представитель работодателя.")


def _chosen(request, pk):
    """The placements to confirm: one by its URL, or those ticked on the students' page.
    Any id the user may not see is a 404, as a single foreign placement would be."""
    if pk is not None:
        ids = {pk}
    else:
        raw = request.POST.getlist("placement") or request.GET.getlist("placement")
        if not all(value.isdigit() for value in raw) or len(raw) > MAX_AT_ONCE:
            raise Http404("Нет таких распределений.")
        ids = {int(value) for value in raw}
    placements = list(
        Placement.objects.for_user(request.user)
        .filter(pk__in=ids)
        .select_related("student__group", "period", "mentor")
        .order_by("period__start", "student__last_name", "pk")
    )
    if len(placements) != len(ids):
        raise Http404("Нет таких распределений.")
    return placements


@login_required
def confirm(request, pk=None):
    """«Подтвердить»: one placement, or several ticked, with one mentor for all."""
    _require_employer(request.user)
    placements = _chosen(request, pk)
    if not placements:
        messages.warning(request, "Отметьте практикантов, которых подтверждаете.")
        return redirect("practice:my_students")
    contacts = Contact.objects.for_user(request.user)
    single = placements[0] if len(placements) == 1 else None
    initial = {"mentor": single.mentor_id, "workplace": single.workplace} if single else {}
    form = ConfirmPlacementForm(
        request.POST or None, contacts=contacts, partner=request.user.partner, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm(
                placements,
                request.user,
                form.mentor_contact(),
                workplace=form.cleaned_data["workplace"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            names = ", ".join(p.student.full_name for p in placements)
            messages.success(request, f"Практика подтверждена: {names}.")
            return redirect("practice:my_students")
    context = {"form": form, "placements": placements}
    return render(request, "practice/confirm_placements.html", context)


@login_required
def decline(request, pk):
    """«Отклонить» with a reason: the place is freed for the college to fill elsewhere."""
    _require_employer(request.user)
    placement = get_for_user_or_404(
        Placement.objects.select_related("student__group", "period"), request.user, pk=pk
    )
    form = DeclinePlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline(placement, request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                f"Распределение {placement.student.full_name} отклонено, колледж получил "
                "причину отказа.",
            )
            return redirect("practice:my_students")
    return render(
        request, "practice/decline_placement.html", {"form": form, "placement": placement}
    )


@login_required
@require_POST
def confirm_by_phone(request, pk):
    """«Подтверждено партнёром (по телефону)»: staff record the answer the partner gave by
    phone; the placement shows who recorded it and when."""
    placement = get_for_user_or_404(
        Placement.objects.select_related("student", "partner", "period"), request.user, pk=pk
    )
    require_staff(request.user)
    form = PhoneConfirmationForm(request.POST, placement=placement)
    if not form.is_valid():
        messages.error(request, "Наставник не найден среди сотрудников партнёра.")
        return redirect("practice:placement_edit", pk=placement.pk)
    try:
        services.confirm([placement], request.user, form.cleaned_data["mentor"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, f"Отмечено: {placement.partner} подтвердил практику {placement.student}."
        )
    return redirect("practice:placement_edit", pk=placement.pk)
