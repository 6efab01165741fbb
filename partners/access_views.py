"""Portal access buttons of a contact row and the main representative's team page.

A contact is fetched through ``get_for_user_or_404`` (another organisation's contact is a
404 for an employer); ``Partner.access_manageable_by`` then decides between 403 and acting.
Over htmx the action answers with the refreshed contact row, otherwise with a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_for_user_or_404
from accounts.models import User

from . import portal_access
from .contacts import save_contact
from .forms import ContactForm
from .models import Contact, Partner


def _contact_for_access(request, pk):
    contact = get_for_user_or_404(
        Contact.objects.select_related("partner", "user"), request.user, pk=pk
    )
    if not contact.partner.access_manageable_by(request.user):
        raise PermissionDenied(
            "Доступ к порталу выдают заведующие практикой, заместитель директора "
            "и главный представитель организации."
        )
    return contact


def _answer(request, contact, action, success):
    """Run the action; show the refreshed row (htmx) or go back with a message.

    ``success`` may be a callable, for a message that names what the action changed."""
    try:
        action()
    except ValidationError as error:
        level, text = "danger", error.messages[0]
    else:
        level, text = "success", success() if callable(success) else success
    if request.htmx:
        context = {
            "contact": contact,
            "partner": contact.partner,
            "can_edit_contacts": contact.partner.contacts_editable_by(request.user),
            "can_manage_access": True,
            "can_set_main": contact.partner.editable_by(request.user),
            "next": _safe_next(request, ""),
            "notice": text,
            "notice_level": level,
        }
        return render(request, "partners/_contact_row.html", context)
    (messages.success if level == "success" else messages.error)(request, text)
    return redirect(_safe_next(request, contact.partner.get_absolute_url() + "#contacts"))


def _safe_next(request, default):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return default


@login_required
@require_POST
def contact_grant(request, pk):
    contact = _contact_for_access(request, pk)
    return _answer(
        request,
        contact,
        lambda: portal_access.grant_access(contact, request.user),
        f"Доступ выдан, приглашение отправлено на {contact.email}.",
    )


@login_required
@require_POST
def contact_resend(request, pk):
    contact = _contact_for_access(request, pk)
    return _answer(
        request,
        contact,
        lambda: portal_access.resend_invitation(contact, request.user),
        lambda: (
            f"Приглашение отправлено ещё раз на {contact.user.email}. "
            "Прежняя ссылка больше не действует."
        ),
    )


@login_required
@require_POST
def contact_revoke(request, pk):
    contact = _contact_for_access(request, pk)
    return _answer(
        request,
        contact,
        lambda: portal_access.revoke(contact, request.user),
        "Доступ отозван: пользователь больше не может войти, история его действий сохранена.",
    )


@login_required
@require_POST
def contact_restore(request, pk):
    contact = _contact_for_access(request, pk)
    return _answer(
        request,
        contact,
        lambda: portal_access.restore(contact, request.user),
        "Доступ возвращён.",
    )


@login_required
@require_POST
def contact_main_representative(request, pk):
    """The college marks (or unmarks) the organisation's main representative."""
    contact = _contact_for_access(request, pk)
    if not contact.partner.editable_by(request.user):
        raise PermissionDenied("Главного представителя отмечает колледж.")
    value = request.POST.get("value") == "1"
    return _answer(
        request,
        contact,
        lambda: portal_access.set_main_representative(contact, value, request.user),
        "Отмечен главным представителем организации."
        if value
        else "Больше не главный представитель организации.",
    )


def _own_team_partner(user):
    """The main representative's organisation; anybody else gets 404."""
    if not user.can_invite_colleagues:
        raise Http404
    return get_for_user_or_404(Partner, user, pk=user.partner_id)


@login_required
def team(request):
    """«Сотрудники организации»: the main representative's colleagues and their access."""
    partner = _own_team_partner(request.user)
    contacts = portal_access.team_contacts(partner)
    linked = {c.user_id for c in contacts if c.user_id}
    others = User.objects.filter(partner=partner).exclude(pk__in=linked).order_by("last_name", "pk")
    context = {
        "partner": partner,
        "contacts": contacts,
        "other_users": list(others),
        "can_edit_contacts": True,
        "can_manage_access": True,
        "next": request.path,
    }
    return render(request, "partners/team.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request):
    """Add a colleague as a contact and invite them to the portal in one step."""
    partner = _own_team_partner(request.user)
    form = ContactForm(request.POST or None, instance=Contact(partner=partner))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data.get("email", "")
        if not email:
            form.add_error("email", "Укажите e-mail: на него придёт приглашение на портал.")
        else:
            try:
                with transaction.atomic():  # no contact without its invitation
                    contact = save_contact(form.instance, request.user)
                    portal_access.grant_access(contact, request.user)
            except ValidationError as error:  # the e-mail is another user's
                form.instance.pk = None
                form.add_error("email", error.messages[0])
            else:
                messages.success(
                    request, f"{contact.full_name} добавлен(а), приглашение отправлено на {email}."
                )
                return redirect("partners:team")
    return render(request, "partners/team_add.html", {"form": form, "partner": partner})
