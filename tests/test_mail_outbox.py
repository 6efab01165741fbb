"""E-mail never breaks a page, is never lost and never goes twice."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from accounts.tasks import deliver_emails_task

pytestmark = pytest.mark.django_db


def test_delivering_twice_sends_once():
    email = outbox.queue_email("head@kitek.test", "Тема", "Текст")
    assert outbox.deliver(email.pk) is True
    assert outbox.deliver(email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_same_dedup_key_is_queued_once():
    first = outbox.queue_email("head@kitek.test", "Договор истекает", "…", dedup_key="agr-1-30d:7")
    second = outbox.queue_email("head@kitek.test", "Договор истекает", "…", dedup_key="agr-1-30d:7")
    assert first is not None and second is None
    assert OutgoingEmail.objects.count() == 1


def test_mail_server_failure_is_retried_with_backoff_and_not_lost():
    email = outbox.queue_email("head@kitek.test", "Напоминание", "Текст")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPServerDisconnected("down")
    ):
        assert outbox.deliver(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "down" in email.last_error
    assert email.next_attempt_at > timezone.now()

    # Not due yet: the periodic delivery leaves it alone.
    assert outbox.deliver_pending() == 0
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    assert outbox.deliver_pending() == 1
    assert [m.subject for m in mail.outbox] == ["Напоминание"]


def test_backoff_grows_and_is_capped():
    delays = [outbox.retry_delay(n) for n in (1, 2, 3, 4, 20)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == timedelta(hours=1)


def test_failing_email_is_retried_hourly_for_three_days_before_it_is_marked_failed(settings):
    settings.EMAIL_RETRY_HOURS = 72
    email = outbox.queue_email("head@kitek.test", "Напоминание", "Текст")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPServerDisconnected("down")
    ):
        while True:
            # What beat does once the wait is over.
            OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
            outbox.deliver(email.pk)
            email.refresh_from_db()
            if email.status == OutgoingEmail.Status.FAILED:
                break
            assert email.status == OutgoingEmail.Status.PENDING
    backoff = sum((outbox.retry_delay(n) for n in range(1, email.attempts)), timedelta())
    assert backoff >= timedelta(hours=72)
    assert backoff - outbox.retry_delay(email.attempts - 1) < timedelta(hours=72)
    assert email.attempts > 70  # hourly once the backoff reached its cap


def test_every_attempt_carries_the_same_message_id():
    email = outbox.queue_email("head@kitek.test", "Тема", "Текст", dedup_key="agr-1-30d:7")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPServerDisconnected("down")
    ):
        outbox.deliver(email.pk)
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    outbox.deliver(email.pk)
    sent = mail.outbox[0].message()
    assert sent["Message-ID"] == outbox.message_id(email)
    assert sent["Message-ID"] == f"<outbox.{email.pk}.agr-1-30d-7@127.0.0.1>"


def test_administrator_resend_delivers_failed_email_once():
    email = outbox.queue_email("head@kitek.test", "Тема", "Текст", dedup_key="k-1")
    sent = outbox.queue_email("head@kitek.test", "Другое", "Текст", dedup_key="k-2")
    outbox.deliver(sent.pk)
    OutgoingEmail.objects.filter(pk=email.pk).update(status="failed", attempts=75)

    assert outbox.resend(OutgoingEmail.objects.all()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 0)
    assert outbox.deliver_pending() == 1
    assert outbox.resend(OutgoingEmail.objects.all()) == 0  # both sent now
    assert sorted(m.subject for m in mail.outbox) == ["Другое", "Тема"]


def test_broker_outage_keeps_the_email_for_later(django_capture_on_commit_callbacks):
    with (
        mock.patch(
            "accounts.tasks.deliver_email_task.delay", side_effect=ConnectionError("no redis")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = outbox.queue_email("head@kitek.test", "Тема", "Текст")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert outbox.deliver_pending() == 1


def test_page_does_not_wait_for_a_stopped_redis(
    client, teacher, django_capture_on_commit_callbacks
):
    """A closed port: one quick attempt, then publishing is skipped for a while."""
    from django.urls import reverse

    from accounts.tasks import deliver_email_task
    from tests.brokers import free_port, use_broker

    publish = mock.Mock(wraps=deliver_email_task.delay)
    with (
        use_broker(f"redis://127.0.0.1:{free_port()}/0"),
        mock.patch.object(deliver_email_task, "delay", publish),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(2):
            response = client.post(reverse("password_reset"), {"email": teacher.email})
            assert response.status_code == 302
    assert publish.call_count == 1  # the second page did not try the broker again
    assert OutgoingEmail.objects.filter(status="pending").count() == 2
    assert outbox.deliver_pending() == 2


def test_claim_of_a_dead_worker_is_released():
    email = outbox.queue_email("head@kitek.test", "Тема", "Текст")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert outbox.deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_a_batch_skips_what_a_concurrent_run_queued_meanwhile(django_capture_on_commit_callbacks):
    # Another run queued "k1" after this one read the keys already queued.
    outbox.queue_email("head@kitek.test", "Первое", "…", dedup_key="k1")
    rows = [
        OutgoingEmail(to="head@kitek.test", subject="Повтор", body="…", dedup_key="k1"),
        OutgoingEmail(to="head@kitek.test", subject="Новое", body="…", dedup_key="k2"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_many(rows)
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Новое", "Первое"]
    outbox.deliver_pending()
    assert sorted(m.subject for m in mail.outbox) == ["Новое", "Первое"]


def test_a_batch_is_delivered_in_chunks_and_kept_when_the_broker_is_down(
    django_capture_on_commit_callbacks,
):
    def batch(keys):
        return [
            OutgoingEmail(to="head@kitek.test", subject=f"Письмо {k}", body="…", dedup_key=str(k))
            for k in keys
        ]

    with (
        mock.patch("accounts.tasks.deliver_emails_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ids = outbox.queue_many(batch(range(outbox.DELIVERY_CHUNK + 1)))
    chunk = outbox.DELIVERY_CHUNK
    assert delay.call_args_list == [mock.call(ids[:chunk]), mock.call(ids[chunk:])]
    assert deliver_emails_task(ids[:chunk]) == chunk  # what the worker does with a chunk

    with (
        mock.patch(
            "accounts.tasks.deliver_emails_task.delay", side_effect=ConnectionError("no redis")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.queue_many(batch(["late-1", "late-2"]))
    assert outbox.deliver_pending() == 3  # what beat does once the broker is back
    assert len(mail.outbox) == chunk + 3
