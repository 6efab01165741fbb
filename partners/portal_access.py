"""Portal access for a partner's contacts: the account is made from the contact card.

The college (a practice head, the deputy director) or the organisation's main
representative gives a contact access; the account gets the contact's names, e-mail,
phone and position, an unusable password and an invitation to set one
(``accounts.invitations``). Who may do it is ``Partner.access_manageable_by``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.invitations import (
    change_login_email,
    email_taken,
    free_username,
    restore_access,
    revoke_access,
    send_invitation,
)
from accounts.models import AccessEvent, User
from accounts.roles import Role

from .models import Contact


def taken_message(email):
    return (
        f"E-mail {email} уже использует другой пользователь портала. "
        "Укажите у контакта другой адрес или обратитесь к администратору."
    )


def grant_access(contact, invited_by):
    """Create the contact's employer account and queue the invitation; returns the user."""
    if contact.user_id:
        raise ValidationError("У этого контакта уже есть доступ к порталу.")
    email = contact.email.strip()
    if not email:
        raise ValidationError(
            f"Чтобы выдать доступ, укажите e-mail контакта «{contact.full_name}»: "
            "на него придёт приглашение."
        )
    if email_taken(email):
        raise ValidationError(taken_message(email))
    try:
        with transaction.atomic():
            user = create_account(contact)
            send_invitation(user, invited_by)
            AccessEvent.record(user, AccessEvent.Action.GRANTED, invited_by, f"на {email}")
    except IntegrityError as error:  # the same e-mail given access at the same moment
        contact.user = None
        raise ValidationError(taken_message(email)) from error
    return user


def create_account(contact):
    """The contact's employer account with an unusable password, linked to the contact."""
    email = contact.email.strip()
    user = User(
        username=free_username(email),
        email=email,
        last_name=contact.last_name,
        first_name=contact.first_name,
        middle_name=contact.middle_name,
        phone=contact.phone,
        position=contact.position,
        role=Role.EMPLOYER,
        partner_id=contact.partner_id,
    )
    user.set_unusable_password()
    user.save()
    contact.user = user
    contact.save(update_fields=["user"])
    return user


def resend_invitation(contact, invited_by):
    """A new link; a corrected contact e-mail is taken over while the invitation is open."""
    user = _account(contact)
    email = contact.email.strip()
    with transaction.atomic():  # a refused invitation changes no e-mail either
        if email and email.lower() != user.email.lower() and not user.has_usable_password():
            if email_taken(email, exclude_pk=user.pk):
                raise ValidationError(taken_message(email))
            note = f"{user.email} → {email}"
            user.save(update_fields=change_login_email(user, email))
            AccessEvent.record(user, AccessEvent.Action.EMAIL_CHANGED, invited_by, note)
        queued = send_invitation(user, invited_by)
        AccessEvent.record(user, AccessEvent.Action.RESENT, invited_by, f"на {user.email}")
    return queued


def revoke(contact, by, note=""):
    user = _account(contact)
    if user.pk == by.pk:
        raise ValidationError("Свой собственный доступ отозвать нельзя.")
    with transaction.atomic():
        revoke_access(user)
        AccessEvent.record(user, AccessEvent.Action.REVOKED, by, note)


def restore(contact, by):
    """Give back access; what the college revoked only the college gives back."""
    user = _account(contact)
    if not by.is_college_staff and revoked_by_college(user):
        raise ValidationError(
            "Доступ отозвал колледж: вернуть его может только колледж (заведующий практикой "
            "или заместитель директора)."
        )
    with transaction.atomic():
        restore_access(user, invited_by=by)
        AccessEvent.record(user, AccessEvent.Action.RESTORED, by)


def revoked_by_college(user):
    """Whether the latest revocation of ``user``'s access was made by college staff."""
    last = (
        AccessEvent.objects.filter(user=user, action=AccessEvent.Action.REVOKED)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    return bool(last and last.actor and last.actor.is_college_staff)


def set_main_representative(contact, value, by=None):
    user = _account(contact)
    if user.is_main_representative == value:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_main_representative=value)
        user.is_main_representative = value
        action = AccessEvent.Action.MAIN_SET if value else AccessEvent.Action.MAIN_UNSET
        AccessEvent.record(user, action, by)


# The account follows its contact (partners.contacts.save_contact / delete_contact).
SYNCED_FIELDS = ("last_name", "first_name", "middle_name", "phone", "position")


def sync_account(contact, by=None):
    """Carry the contact's names, phone, position and e-mail over to its account.

    The e-mail is the account's login and where password resets go. While the invitation
    is not accepted it follows the contact, and a fresh invitation goes to the new address
    (the old link stops working anyway); only those who give access may redirect it. Once
    the password is set, the address may be changed by the college or by the user themself,
    never by a colleague: that would let one employee reset another's password to a mailbox
    they read.
    """
    user = contact.user
    changed = [f for f in SYNCED_FIELDS if getattr(user, f) != getattr(contact, f)]
    for field in changed:
        setattr(user, field, getattr(contact, field))
    old_email, email = user.email, contact.email.strip()
    email_changed = email.lower() != old_email.lower()
    if email_changed:
        _check_new_login(contact, user, email, by)
        changed += change_login_email(user, email)
    if changed:
        user.save(update_fields=changed)
    if email_changed:
        AccessEvent.record(user, AccessEvent.Action.EMAIL_CHANGED, by, f"{old_email} → {email}")
        if user.is_active and not user.has_usable_password():
            send_invitation(user, by)
            AccessEvent.record(user, AccessEvent.Action.RESENT, by, f"на {email}")
    return changed


def _check_new_login(contact, user, email, by):
    if not email:
        raise ValidationError(
            {
                "email": "У контакта есть учётная запись портала: e-mail — его логин, "
                "удалить адрес нельзя. Укажите новый адрес или сначала отзовите доступ."
            }
        )
    if email_taken(email, exclude_pk=user.pk):
        raise ValidationError({"email": taken_message(email)})
    by_college_or_self = by is None or contact.partner.editable_by(by) or by.pk == user.pk
    if user.has_usable_password() and not by_college_or_self:
        raise ValidationError(
            {
                "email": f"E-mail {user.email} — логин {contact.full_name} на портале, "
                "пароль уже задан. Сменить его может сам сотрудник (изменив свой контакт) "
                "или заведующий практикой колледжа."
            }
        )
    # The invitation follows the address (now or when access is restored): sending it to a
    # new mailbox is giving access, which only those who give access may do.
    if not user.has_usable_password() and not (
        by is None or contact.partner.access_manageable_by(by)
    ):
        raise ValidationError(
            {
                "email": f"На {user.email} отправлено приглашение {contact.full_name} "
                "на портал. Адрес приглашения меняет заведующий практикой или главный "
                "представитель организации."
            }
        )


def delete_contact(contact, by):
    """Delete the contact; its active portal account is revoked, never left as an orphan
    login (the account and its history stay, inactive)."""
    user = contact.user
    if user is not None and user.is_active and by is not None and user.pk == by.pk:
        raise ValidationError(
            "Свой собственный контакт удалить нельзя: вы потеряли бы доступ к порталу."
        )
    with transaction.atomic():
        revoke_with_contact(contact, by)
        contact.delete()


def revoke_with_contact(contact, by=None):
    """The rule for a contact that goes away: its account, if still active, is revoked.

    Called by ``delete_contact`` and, for deletions that bypass it (the admin), by the
    contact's post_delete signal (``partners.apps``)."""
    if not contact.user_id:
        return
    user = User.objects.filter(pk=contact.user_id, is_active=True).first()
    if user is not None:
        revoke_access(user)
        AccessEvent.record(user, AccessEvent.Action.REVOKED, by, "контакт удалён")


def _account(contact):
    if not contact.user_id:
        raise ValidationError("У этого контакта нет доступа к порталу.")
    return contact.user


def team_contacts(partner):
    """The organisation's contacts with their accounts, for the card and the team page."""
    return list(Contact.objects.filter(partner=partner).select_related("user"))
