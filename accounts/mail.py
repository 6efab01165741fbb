"""Outgoing e-mail: queue a row, deliver it from a Celery worker.

``queue_email`` is what the rest of the portal calls; scans that queue many
reminders at once call ``queue_templated_many``. Delivery claims the row with an
atomic UPDATE before sending, so a task that runs twice sends once.

Delivery is at-least-once at one point only: a worker killed after the SMTP server
accepted a message but before the row was marked sent leaves the row claimed; the claim
goes stale and the message is sent again. Its Message-ID is derived from the row (one row
per key), so a server or client that deduplicates by Message-ID sees the same message.
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

from .models import OutgoingEmail

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
    """One e-mail of a batch, not rendered yet; ``dedup_key`` names the event and recipient."""

    to: str
    template: str
    context: dict
    dedup_key: str


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
        rows.append(
            OutgoingEmail(
                to=email.to,
                subject=" ".join(subject.split())[:300],
                body=body,
                html_body=html_body,
                dedup_key=key,
            )
        )
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
    message = EmailMultiAlternatives(
        email.subject, email.body, to=[email.to], headers={"Message-ID": message_id(email)}
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    attempts = email.attempts + 1
    try:
        message.send()
    except Exception as exc:  # SMTP errors, refused connections, timeouts
        failed = gives_up(attempts)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.PENDING,
            attempts=attempts,
            next_attempt_at=timezone.now() + retry_delay(attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            claimed_at=None,
        )
        logger.warning("E-mail %s not sent (attempt %s): %s", email_id, attempts, exc)
        return False
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return True


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
