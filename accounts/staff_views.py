"""College staff accounts, managed by the deputy director (and administrators).

Practice heads and teachers are created here with an unusable password and get the same
invitation e-mail as employers (``accounts.invitations``); deactivation keeps all history.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kitek_portal.pagination import paginate

from .access import require_staff
from .invitations import (
    change_login_email,
    free_username,
    restore_access,
    revoke_access,
    send_invitation,
)
from .models import AccessEvent, User
from .roles import STAFF_ROLES
from .staff_forms import EDITABLE_STAFF_ROLES, StaffFilterForm, StaffForm

STAFF_PER_PAGE = 25


def _require_staff_manager(user):
    require_staff(user)
    if not user.can_manage_staff:
        raise PermissionDenied("Сотрудников колледжа ведёт заместитель директора.")


def _editable_staff_member(request, pk):
    _require_staff_manager(request.user)
    return get_object_or_404(User, pk=pk, role__in=EDITABLE_STAFF_ROLES)


@login_required
def staff_list(request):
    _require_staff_manager(request.user)
    users = User.objects.filter(role__in=STAFF_ROLES).prefetch_related("specialties")
    filters = StaffFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["active"]:
            users = users.filter(is_active=data["active"] == "1")
        if data["q"]:
            q = data["q"].strip()
            users = users.filter(
                Q(last_name__istartswith=q) | Q(email__icontains=q) | Q(username__icontains=q)
            )
    context = paginate(request, users.order_by("last_name", "first_name", "pk"), STAFF_PER_PAGE)
    context.update(
        staff=context["page_obj"].object_list,
        filter_form=filters,
        editable_roles=[r.value for r in EDITABLE_STAFF_ROLES],
    )
    return render(request, "accounts/staff_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    _require_staff_manager(request.user)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save(commit=False)
                user.username = free_username(user.email)
                user.set_unusable_password()
                user.save()
                form.save_m2m()
                send_invitation(user, request.user)
                note = f"на {user.email}"
                AccessEvent.record(user, AccessEvent.Action.GRANTED, request.user, note)
        except IntegrityError:  # the same e-mail added at the same moment
            form.instance.pk = None
            form.add_error("email", StaffForm.EMAIL_TAKEN)
        else:
            messages.success(
                request, f"{user.full_name} добавлен(а), приглашение отправлено на {user.email}."
            )
            return redirect("staff_list")
    return render(request, "accounts/staff_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    member = _editable_staff_member(request, pk)
    old_email = member.email
    form = StaffForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        with transaction.atomic():
            if email.lower() != old_email.lower():
                member.email = old_email  # the form has set the new one already
                change_login_email(member, email)
            form.save()
            if member.email != old_email:
                note = f"{old_email} → {member.email}"
                AccessEvent.record(member, AccessEvent.Action.EMAIL_CHANGED, request.user, note)
        messages.success(request, "Изменения сохранены.")
        return redirect("staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "member": member})


@login_required
@require_POST
def staff_deactivate(request, pk):
    member = _editable_staff_member(request, pk)
    if member.pk == request.user.pk:
        raise PermissionDenied("Свою учётную запись отключить нельзя.")
    with transaction.atomic():
        revoke_access(member)
        AccessEvent.record(member, AccessEvent.Action.REVOKED, request.user)
    messages.success(request, f"{member.full_name}: доступ отключён, история сохранена.")
    return redirect("staff_list")


@login_required
@require_POST
def staff_activate(request, pk):
    member = _editable_staff_member(request, pk)
    try:
        with transaction.atomic():
            restore_access(member, invited_by=request.user)
            AccessEvent.record(member, AccessEvent.Action.RESTORED, request.user)
    except ValidationError as error:  # no e-mail for the invitation: access stays off
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{member.full_name}: доступ возвращён.")
    return redirect("staff_list")


@login_required
@require_POST
def staff_resend(request, pk):
    member = _editable_staff_member(request, pk)
    try:
        send_invitation(member, request.user)
        AccessEvent.record(member, AccessEvent.Action.RESENT, request.user, f"на {member.email}")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Приглашение отправлено ещё раз на {member.email}.")
    return redirect("staff_list")
