"""Publishing an announcement: the notifications to partners and the group chats."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.mail import Notice, queue_notifications, queue_telegram
from accounts.models import User
from accounts.notifications import NotificationKind, telegram_enabled
from accounts.roles import Role
from accounts.telegram import message_text

from .models import Announcement, SpecialtyChat


def publish(announcement):
    """Publish once and notify the audience; returns how many messages were queued.

    The UPDATE claims the publication, so a double click or two staff members publishing
    at once notify the partners once (and the keys make a re-run queue nothing).
    """
    with transaction.atomic():
        claimed = Announcement.objects.filter(pk=announcement.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if not claimed:
            return 0
        announcement.refresh_from_db()
        return notify(announcement)


def save_edit(announcement):
    """Save an edit; a published announcement whose audience grew notifies the partners'
    users it now reaches and did not before (and the group chats it now goes to).

    Returns how many messages were queued. Those already notified are not notified
    again: the old audience is subtracted, and the keys per announcement and user make
    a repeated edit (or two edits at once) queue nothing twice.
    """
    with transaction.atomic():
        before = Announcement.objects.select_for_update().get(pk=announcement.pk)
        old_partners = before.partners().values("pk")
        announcement.save()
        if not announcement.is_published:
            return 0
        newcomers = announcement.partners().exclude(pk__in=old_partners)
        return notify(announcement, partners=newcomers)


def recipients(announcement, partners=None):
    """Active representatives of the partners in the audience (one query)."""
    partners = announcement.partners() if partners is None else partners
    return User.objects.filter(role=Role.EMPLOYER, is_active=True, partner__in=partners).order_by(
        "pk"
    )


def notify(announcement, partners=None):
    """Notify the audience (or only ``partners`` of it) and post to the group chats."""
    notices = [
        Notice(
            user,
            NotificationKind.ANNOUNCEMENT,
            "announcement",
            {"announcement": announcement, "user": user},
            f"announcement:{announcement.pk}:{user.pk}",
        )
        for user in recipients(announcement, partners)
    ]
    queued = len(queue_notifications(notices))
    return queued + post_to_chats(announcement)


def chats_for(announcement):
    """Group chats that get the announcement: the specialty's, or every chat for all."""
    if announcement.audience == Announcement.Audience.SPECIALTY:
        return SpecialtyChat.objects.filter(specialty=announcement.specialty_id)
    if announcement.audience == Announcement.Audience.ALL:
        return SpecialtyChat.objects.all()
    return SpecialtyChat.objects.none()


def post_to_chats(announcement):
    if not telegram_enabled():
        return 0
    context = {"announcement": announcement, "site_url": settings.SITE_URL}
    text = message_text(
        render_to_string("emails/announcement_subject.txt", context),
        render_to_string("announcements/chat_post.txt", context),
    )
    posted = 0
    for chat in chats_for(announcement):
        key = f"announcement:{announcement.pk}:chat:{chat.chat_id}"
        posted += queue_telegram(chat.chat_id, text, dedup_key=key) is not None
    return posted


def link_chat(specialty, chat_id, user):
    """Store the specialty's group chat and greet it (through the outbox)."""
    chat, _ = SpecialtyChat.objects.update_or_create(
        specialty=specialty, defaults={"chat_id": chat_id, "linked_by": user}
    )
    if telegram_enabled():
        queue_telegram(
            chat_id,
            f"Чат подключён к порталу практики КИТЭК: сюда будут приходить объявления "
            f"для партнёров специальности {specialty}.",
            dedup_key=f"specialty-chat:{specialty.pk}:{chat_id}",
        )
    return chat
