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
