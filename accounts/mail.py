"""Outgoing e-mail and Telegram messages: queue a row, deliver it from a Celery worker.

``queue_email`` is what the rest of the portal calls; scans that queue many
reminders at once call ``queue_templated_many``. Delivery claims the row with an
atomic UPDATE before sending, so a task that runs twice sends once.

Delivery is at-least-once at one point only: a worker killed after the SMTP server
accepted a message but before the row was marked sent leaves the row claimed; the claim
goes stale and the message is sent again. Its Message-ID is derived from the row (one row
per key), so a server or client that deduplicates by Message-ID sees the same message.

A Telegram message is a row of the same outbox (``channel="telegram"``, a ``chat_id``
instead of an address) with the same claim, keys and backoff. Reminders for a user go
through ``queue_notifications``, which reads the user's channel choice for the kind.
"""

import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import telegram
from .models import OutgoingEmail
from .notifications import Channel

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=15)
# E-mails handed to one delivery task when many are queued at once.
DELIVERY_CHUNK = 100
# The longest wait between two attempts: once a long outage ends, mail flows within the hour.
MAX_RETRY_DELAY = timedelta(hours=1)
# After a broker failure, pages skip publishing for this long (beat delivers the rows).
BROKER_PAUSE = 30.0
_broker_down_until = 0.0


def retry_delay(attempts):
    """Exponential backoff: 1, 2, 4 … minutes, at most an hour."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 20)), MAX_RETRY_DELAY)


def retry_period():
    """How long a failing e-mail is retried before it is marked «Не отправлено»."""
    return timedelta(hours=settings.EMAIL_RETRY_HOURS)


def gives_up(attempts):
    """True once the waits before ``attempts`` failed attempts add up to the retry period.

    Counted in backoff, not wall time, so an e-mail is tried for at least the period even
    when the worker itself was down for part of it.
    """
    waited = sum((retry_delay(n) for n in range(1, attempts)), timedelta())
    return waited >= retry_period()


def message_id(email):
    """A Message-ID that stays the same on every attempt of one row (one row per key)."""
    key = re.sub(r"[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]", "-", email.dedup_key or "")[:100]
    domain = urlsplit(settings.SITE_URL).hostname or "kitek.local"
    return f"<outbox.{email.pk}{'.' + key if key else ''}@{domain}>"


def queue_email(to, subject, body, html_body="", attachments=(), dedup_key=None):
    """Store an e-mail for delivery; returns the row, or None if already queued."""
    subject = " ".join(subject.split())
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to,
                subject=subject[:300],
                body=body,
                html_body=html_body,
                attachments=list(attachments),
                dedup_key=dedup_key,
            )
    except IntegrityError:
        if dedup_key and OutgoingEmail.objects.filter(dedup_key=dedup_key).exists():
            return None
        raise
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def queue_templated_email(to, template_prefix, context, **kwargs):
    """Render ``emails/<prefix>_subject.txt``, ``.txt`` and ``.html`` and queue them."""
    subject, body, html_body = _render(template_prefix, context)
    return queue_email(to, subject, body, html_body=html_body, **kwargs)


def _render(template_prefix, context):
    context = {"site_url": settings.SITE_URL, **context}
    return (
        render_to_string(f"emails/{template_prefix}_subject.txt", context),
        render_to_string(f"emails/{template_prefix}.txt", context),
        render_to_string(f"emails/{template_prefix}.html", context),
    )


@dataclass(frozen=True)
class Templated:
    """One e-mail of a batch, not rendered yet; ``dedup_key`` names the event and recipient.

    With a ``chat_id`` (and no ``to``) it is the Telegram version of the same e-mail.
    """

    to: str
    template: str
    context: dict
    dedup_key: str
    chat_id: str = ""


@dataclass(frozen=True)
class Notice:
    """A notification of ``kind`` for a portal user, sent where the user chose.

    ``to`` is for a recipient without an account (an external invitee): e-mail only.
    """

    user: object
    kind: str
    template: str
    context: dict
    dedup_key: str
    to: str = ""


def telegram_key(dedup_key):
    return f"{dedup_key}:tg"


def fan_out(notices):
    """The ``Templated`` messages of ``notices``: one per channel the user chose.

    The e-mail keeps the notice's key, so keys queued before Telegram existed still count;
    the Telegram message gets the key with «:tg».
    """
    for notice in notices:
        if notice.user is None:
            if notice.to:
                yield Templated(notice.to, notice.template, notice.context, notice.dedup_key)
            continue
        for channel in notice.user.channels_for(notice.kind):
            if channel == Channel.EMAIL:
                to = notice.to or notice.user.email
                yield Templated(to, notice.template, notice.context, notice.dedup_key)
            else:
                chat_id = notice.user.telegram_chat_id
                key = telegram_key(notice.dedup_key)
                yield Templated("", notice.template, notice.context, key, chat_id=chat_id)


def queue_notifications(notices):
    """Queue every notice on its user's channels, in a constant number of queries.

    The one way a reminder for a user is queued; returns the ids of the rows queued now.
    """
    return queue_templated_many(fan_out(notices))


def queue_telegram(chat_id, text, dedup_key):
    """Queue one Telegram message (a bot reply, a post to a group); returns the row's id,
    or None if a message with this key was queued before."""
    try:
        with transaction.atomic():
            row = OutgoingEmail.objects.create(
                channel=Channel.TELEGRAM,
                chat_id=str(chat_id),
                subject=" ".join(text.split())[:300],
                body=text,
                dedup_key=dedup_key,
            )
    except IntegrityError:
        if OutgoingEmail.objects.filter(dedup_key=dedup_key).exists():
            return None
        raise
    transaction.on_commit(lambda: enqueue_delivery(row.pk))
    return row.pk


def queue_templated_many(emails):
    """Queue a batch of templated e-mails in a constant number of queries.

    One query finds the keys already queued; only the new e-mails are rendered and
    inserted, in one statement. Returns the ids of the rows queued now.
    """
    emails = {email.dedup_key: email for email in emails}  # one e-mail per key
    if not emails:
        return []
    queued = set(
        OutgoingEmail.objects.filter(dedup_key__in=list(emails)).values_list("dedup_key", flat=True)
    )
    rows = []
    for key, email in emails.items():
        if key in queued:
            continue
        subject, body, html_body = _render(email.template, email.context)
        if email.chat_id:
            row = OutgoingEmail(
                channel=Channel.TELEGRAM,
                chat_id=email.chat_id,
                subject=" ".join(subject.split())[:300],
                body=telegram.message_text(subject, body),
                dedup_key=key,
            )
        else:
            row = OutgoingEmail(
                to=email.to,
                subject=" ".join(subject.split())[:300],
                body=body,
                html_body=html_body,
                dedup_key=key,
            )
        rows.append(row)
    return queue_many(rows)


def queue_many(rows):
    """Insert unsaved ``OutgoingEmail`` rows, each with a ``dedup_key``, in one statement.

    A key queued meanwhile by a concurrent run is skipped by the database (ON CONFLICT
    DO NOTHING), so an e-mail still goes once. Returns the ids of the rows now queued
    under these keys; delivery is handed to the worker when the transaction commits.
    """
    if any(not row.dedup_key for row in rows):
        raise ValueError("queue_many needs a dedup_key on every e-mail")
    if not rows:
        return []
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True)
    # The INSERT returns no ids when conflicts are ignored. A row a concurrent run
    # inserted is found here too; delivering it from both runs is harmless, since
    # ``deliver`` claims the row before sending.
    ids = list(
        OutgoingEmail.objects.filter(
            dedup_key__in=[row.dedup_key for row in rows], status=OutgoingEmail.Status.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: enqueue_delivery_many(ids))
    return ids


def enqueue_delivery(email_id):
    """Hand the row to the worker; if the broker is down, beat will pick it up.

    A failed publish is remembered for ``BROKER_PAUSE`` seconds, during which this process
    does not try again: a page never waits on a broker known to be down.
    """
    global _broker_down_until
    from .tasks import deliver_email_task

    if time.monotonic() < _broker_down_until:
        return
    try:
        deliver_email_task.delay(email_id)
    except Exception:  # the broker is unreachable: the row is safe in the database
        _broker_down_until = time.monotonic() + BROKER_PAUSE
        logger.warning("Broker unavailable, e-mail %s left for the periodic delivery", email_id)


def enqueue_delivery_many(email_ids):
    """Hand many rows to the worker, a chunk per task; the broker being down loses nothing."""
    global _broker_down_until
    from .tasks import deliver_emails_task

    if time.monotonic() < _broker_down_until:
        return
    for start in range(0, len(email_ids), DELIVERY_CHUNK):
        chunk = email_ids[start : start + DELIVERY_CHUNK]
        try:
            deliver_emails_task.delay(chunk)
        except Exception:  # the broker is unreachable: the rows are safe in the database
            _broker_down_until = time.monotonic() + BROKER_PAUSE
            logger.warning(
                "Broker unavailable, %s e-mails left for the periodic delivery",
                len(email_ids) - start,
            )
            return


def reset_broker_pause():
    global _broker_down_until
    _broker_down_until = 0.0


def deliver(email_id):
    """Send one queued e-mail if it is due. Returns True if it was sent now."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(status=OutgoingEmail.Status.SENDING, claimed_at=now)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    attempts = email.attempts + 1
    try:
        if email.channel == Channel.TELEGRAM:
            telegram.send_message(email.chat_id, email.body)
        else:
            _email_message(email).send()
    except Exception as exc:  # SMTP or Bot API errors, refused connections, timeouts
        _failed(email_id, attempts, exc)
        return False
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return True


def _email_message(email):
    message = EmailMultiAlternatives(
        email.subject, email.body, to=[email.to], headers={"Message-ID": message_id(email)}
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def _failed(email_id, attempts, exc):
    """Put a failed row back for a later attempt, or give up on it.

    Telegram's «chat not found» / «bot was blocked» (400/403) cannot get better by
    waiting: failed at once. Its 429 names the wait (``retry_after``), which replaces
    the backoff for that attempt.
    """
    delay = retry_delay(attempts)
    failed = gives_up(attempts)
    if isinstance(exc, telegram.TelegramError):
        failed = failed or exc.permanent
        if exc.retry_after:
            delay = timedelta(seconds=int(exc.retry_after))
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + delay,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        claimed_at=None,
    )
    logger.warning("Outbox row %s not sent (attempt %s): %s", email_id, attempts, exc)


def deliver_pending(limit=500):
    """Deliver every due e-mail; release claims of workers that died."""
    now = timezone.now()
    OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=OutgoingEmail.Status.PENDING, claimed_at=None)
    due = (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("pk")  # oldest first: an update never overtakes the invitation it updates
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in list(due))


def resend(queryset):
    """Make failed and waiting e-mails due now, with a fresh retry period; returns how many.

    Only rows that are not sent are touched, so an e-mail still goes once per key.
    """
    ids = list(
        queryset.filter(
            status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]
        ).values_list("pk", flat=True)
    )
    count = OutgoingEmail.objects.filter(
        pk__in=ids, status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]
    ).update(status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))
    return count
