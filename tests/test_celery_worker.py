"""A real Celery worker takes the task from the configured broker (Redis in CI)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from kitek_portal.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_delivers_queued_email_over_the_broker():
    if os.environ.get("CI"):
        # CI must prove the Redis path, not the embedded fallback broker.
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    app.control.purge()  # leftovers of earlier runs are not this test's business

    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
        email = outbox.queue_email("deputy@kitek.test", "Проверка очереди", "Письмо через воркер")
        # queue_email publishes on commit; this test runs in autocommit mode.
        _wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).status == "sent")

    assert [m.subject for m in mail.outbox] == ["Проверка очереди"]


def _wait_for(condition, timeout=20.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not deliver the e-mail in time")


def test_daily_reminder_runs_end_to_end_on_a_real_worker():
    import datetime

    from django.utils import timezone

    from monitoring.tasks import daily_reminders_task
    from tests import factories

    if os.environ.get("CI"):
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    head.specialties.add(hotel)
    agreement = factories.AgreementFactory(
        number="ДП-77", valid_to=timezone.localdate() + datetime.timedelta(days=7)
    )
    agreement.specialties.add(hotel)
    app.control.purge()

    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        daily_reminders_task.delay()
        # The task queues two e-mails; each is then delivered by the same worker.
        _wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 2)

    agreement.refresh_from_db()
    assert agreement.status == "expiring"
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert subjects[0].startswith("Договор № ДП-77") and "истекает через 7 дн." in subjects[0]
    assert subjects[1].startswith("Практика КИТЭК: что требует внимания")


def test_meeting_reminder_runs_on_a_real_worker():
    import datetime

    from django.utils import timezone

    from meetings import services as meetings
    from meetings.tasks import meeting_reminders_task
    from tests import factories

    meeting = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(minutes=40))
    contact = factories.ContactFactory(email="rudenko@skazka.example", is_primary=True)
    meetings.invite(meeting, [contact.partner])
    app.control.purge()

    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        meeting_reminders_task.delay()
        # Forty minutes before: the hour-before reminder, not the day-before one.
        _wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 1)

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Через час"]
