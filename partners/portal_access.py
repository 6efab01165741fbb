"""Portal access for a partner's contacts: the account is made from the contact card.

The college (a practice head, the deputy director) or the organisation's main
representative gives a contact access; the account gets the contact's names, e-mail,
phone and position, an unusable password and an invitation to set one
(``accounts.invitations``). Who may do it is ``Partner.access_manageable_by``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.invitations import (
    email_taken,
    free_username,
    restore_access,
    revoke_access,
    send_invitation,
)
from accounts.models import User
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
    if email and email.lower() != user.email.lower() and not user.has_usable_password():
        if email_taken(email, exclude_pk=user.pk):
            raise ValidationError(taken_message(email))
        if user.username == user.email.lower():
            user.username = free_username(email)
        user.email = email
        user.save(update_fields=["username", "email"])
    return send_invitation(user, invited_by)


def revoke(contact, by):
    user = _account(contact)
    if user.pk == by.pk:
        raise ValidationError("Свой собственный доступ отозвать нельзя.")
    revoke_access(user)


def restore(contact, by):
    restore_access(_account(contact), invited_by=by)


def set_main_representative(contact, value):
    user = _account(contact)
    User.objects.filter(pk=user.pk).update(is_main_representative=value)
    user.is_main_representative = value


def _account(contact):
    if not contact.user_id:
        raise ValidationError("У этого контакта нет доступа к порталу.")
    return contact.user


def team_contacts(partner):
    """The organisation's contacts with their accounts, for the card and the team page."""
    return list(Contact.objects.filter(partner=partner).select_related("user"))
