"""Writes of the library with side effects: publishing a version (and telling the
audience), recording a read receipt, a comment that proposes a correction."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.mail import Notice, queue_notifications
from accounts.notifications import NotificationKind
from meetings.models import Recommendation

from .models import Comment, Document, ReadReceipt, Version

# How many readers and non-readers the document page lists (the totals are always shown).
READERS_SHOWN = 50


@transaction.atomic
def publish_version(document, file, note="", user=None):
    """Add the next version of a document, make it current and notify the audience."""
    # Two uploads at once would both take the same next number (a unique-key error):
    # the document's row is locked until this version is in.
    Document.objects.select_for_update().filter(pk=document.pk).values("pk").first()
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = Version(
        document=document,
        number=last + 1,
        note=note.strip(),
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    version.file.save(file.name, file, save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    notify_new_version(version)
    return version


def notify_new_version(version):
    """«Опубликована новая версия» to every employer user of the audience, once each, on the
    channels each chose (e-mail unless they changed it).

    Three queries for any audience: the users, the keys already queued, the insert.
    """
    document = version.document
    users = document.audience_users().only(
        "pk", "email", "first_name", "is_active", "notification_channels", "telegram_chat_id"
    )
    notices = [
        Notice(
            user,
            NotificationKind.LIBRARY_VERSION,
            "library_new_version",
            {"user": user, "document": document, "version": version},
            f"library:version:{version.pk}:user:{user.pk}",
        )
        for user in users
    ]
    return len(queue_notifications(notices))


def record_read(version, user):
    """The user opened the version: remembered once, with the first time (employers only)."""
    if user.is_employer:
        # One INSERT; a second opening hits the unique key and changes nothing.
        ReadReceipt.objects.bulk_create(
            [ReadReceipt(version=version, user=user, first_opened_at=timezone.now())],
            ignore_conflicts=True,
        )


@transaction.atomic
def add_comment(document, user, text, is_correction=False):
    """A comment on a document; an employer's proposed correction becomes a recommendation."""
    comment = Comment(document=document, author=user, text=text.strip())
    if is_correction and user.is_employer:
        comment.recommendation = Recommendation.objects.create(
            partner_id=user.partner_id,
            subject=document.subject,
            text=comment.text,
            source_url=document.get_absolute_url(),
        )
    comment.save()
    return comment


def readers(document):
    """Who has read the current version and which audience users have not, bounded.

    Returns ``(read, read_total, unread, unread_total)``: four queries.
    """
    version = document.current_version
    if version is None:
        return [], 0, [], 0
    receipts = version.receipts.select_related("user__partner").order_by("first_opened_at")
    unread = (
        document.audience_users()
        .exclude(library_receipts__version=version)
        .select_related("partner")
        .order_by("partner__name", "last_name", "pk")
    )
    return (
        list(receipts[:READERS_SHOWN]),
        receipts.count(),
        list(unread[:READERS_SHOWN]),
        unread.count(),
    )
