"""Portal access given by the college: the invitation to set a password, revoke, restore.

The college creates the account (an employer's from a partner contact, a staff member's on
the staff page) with an unusable password and sends an invitation: a link to set a password,
valid ``INVITATION_DAYS`` days. The link dies once the password is set (the password hash
changes), when access is revoked (``is_active`` changes) and when a new invitation is sent
(``invited_at`` changes), so only the latest link of an active account ever works.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .mail import queue_templated_email
from .models import User

INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password reset token, with its own salt and a seven-day lifetime."""

    key_salt = "accounts.invitations.InvitationTokenGenerator"
    timeout = timedelta(days=INVITATION_DAYS)

    def _make_hash_value(self, user, timestamp):
        # To the microsecond: a second invitation within the same second is still new.
        invited = "" if user.invited_at is None else f"{user.invited_at.astimezone(UTC):%s%f}"
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{invited}"

    def check_token(self, user, token):
        # Django's check_token reads settings.PASSWORD_RESET_TIMEOUT; an invitation lives longer.
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return self._num_seconds(self._now()) - ts <= self.timeout.total_seconds()


invitation_token = InvitationTokenGenerator()


def invitation_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation_accept", args=[uid, invitation_token.make_token(user)])
    return f"{settings.SITE_URL}{path}"


def email_taken(email, exclude_pk=None):
    """True if another portal user already has this e-mail (case-insensitive)."""
    users = User.objects.filter(email__iexact=email.strip())
    if exclude_pk:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


def free_username(email):
    """The e-mail as the login; a numbered variant if that login is somehow taken."""
    base = email.strip().lower()[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def change_login_email(user, email):
    """Give ``user`` a new e-mail (not saved); returns the fields changed.

    A login that was the old e-mail follows the new one: otherwise the old address would
    still name this account at the login form, and whoever gets that address next could
    not log in with it (``PortalUserManager`` tries the username first).
    """
    changed = ["email"]
    if user.username == user.email.lower():
        user.username = free_username(email)
        changed.append("username")
    user.email = email
    return changed


def send_invitation(user, invited_by=None):
    """Queue the e-mail with a fresh link; earlier links of this user stop working."""
    if not user.email:
        raise ValidationError("Для приглашения нужен e-mail.")
    if not user.is_active:
        raise ValidationError("Доступ отозван: сначала верните доступ.")
    if user.has_usable_password():
        raise ValidationError("Пароль уже задан: приглашение не нужно, пользователь входит сам.")
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    context = {
        "user": user,
        "link": invitation_link(user),
        "days": INVITATION_DAYS,
        "invited_by": invited_by,
        "valid_until": user.invited_at + timedelta(days=INVITATION_DAYS),
    }
    return queue_templated_email(user.email, "portal_invitation", context)


def revoke_access(user):
    """The user can no longer log in; their history stays, their links and sessions die."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False


def restore_access(user, invited_by=None):
    """Active again; a user who never set a password gets a new invitation."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        if not user.has_usable_password():
            send_invitation(user, invited_by)
