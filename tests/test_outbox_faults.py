"""Faults the outbox survives: a killed worker, an emptied Redis, a mail server saying «later».

Each test runs the real pieces: a private ``redis-server``, a fake SMTP server on 127.0.0.1
(aiosmtpd), and in the first test a worker in its own process that is killed with SIGKILL.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
import redis as redis_client
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from accounts.tasks import deliver_pending_email_task
from kitek_portal.celery import app
from tests.brokers import free_port, private_redis, use_broker

pytestmark = pytest.mark.worker
in_worker_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class FakeSMTP:
    """Records what it accepted; refuses the first ``refuse`` messages with a 4xx reply."""

    def __init__(self, refuse=0, pause_after_accepting=0.0):
        self.accepted = []
        self.refused = 0
        self._refuse = refuse
        self._pause = pause_after_accepting
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self._lock:
            if self.refused < self._refuse:
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            message = message_from_bytes(envelope.content)
            self.accepted.append({"message_id": message["Message-ID"], "to": envelope.rcpt_tos})
        # The message is the server's now; a client killed here never hears «250».
        await asyncio.sleep(self._pause)
        return "250 2.0.0 OK"

    def message_ids(self):
        with self._lock:
            return [m["message_id"] for m in self.accepted]


@contextlib.contextmanager
def fake_smtp(**kwargs):
    handler = FakeSMTP(**kwargs)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def _wait_for(condition, timeout=60.0, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_smtp_refusing_with_4xx_then_accepting_delivers_once(db, settings):
    with fake_smtp(refuse=1) as (server, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        email = outbox.queue_email("head@kitek.test", "Напоминание", "…", dedup_key="agr-5-7d")

        assert outbox.deliver_pending() == 0  # «451, try later»
        email.refresh_from_db()
        assert email.status == "pending" and "451" in email.last_error
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())  # the backoff is over
        assert outbox.deliver_pending() == 1
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())
        assert outbox.deliver_pending() == 0

    assert server.refused == 1
    assert server.message_ids() == [outbox.message_id(email)]


@in_worker_db
def test_redis_restarted_empty_loses_no_email():
    with private_redis() as redis, use_broker(redis.url):
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        emails = [outbox.queue_email(f"p{n}@kitek.test", f"Письмо {n}", "…") for n in range(3)]
        # Published on commit (autocommit here): three tasks wait in Redis, no worker yet.
        assert redis_client.Redis.from_url(redis.url).llen(queue) == 3

        redis.stop()
        redis.start()  # empty: no persistence
        assert redis_client.Redis.from_url(redis.url).llen(queue) == 0

        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
            deliver_pending_email_task.delay()  # what beat does every minute
            _wait_for(
                lambda: OutgoingEmail.objects.filter(status="sent").count() == 3,
                what="the outbox to be delivered",
            )

    assert sorted(m.subject for m in mail.outbox) == [e.subject for e in emails]


def _database_url_for_other_processes():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"  # a file: see django_db_modify_db_settings
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker_process(broker_url, smtp_port):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_other_processes(),
        "REDIS_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "kitek_portal", "worker", "--pool=solo"]
    command += ["-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-mingle", "--without-gossip"]
    return subprocess.Popen(
        [*command, "--loglevel=WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@in_worker_db
def test_worker_killed_mid_batch_delivers_everything_and_repeats_only_the_one_in_flight():
    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=f"student{n}@kitek.test",
            subject=f"Напоминание {n}",
            body="…",
            dedup_key=f"batch-{n}",
            next_attempt_at=now,
        )
        for n in range(20)
    )
    rows = list(OutgoingEmail.objects.order_by("pk"))
    with (
        private_redis() as redis,
        use_broker(redis.url),
        fake_smtp(pause_after_accepting=0.3) as (server, port),
    ):
        worker = _start_worker_process(redis.url, port)
        try:
            deliver_pending_email_task.delay()  # the batch, as beat queues it
            _wait_for(lambda: len(server.accepted) >= 5, what="five e-mails to be accepted")
            os.kill(worker.pid, signal.SIGKILL)  # the 5th is accepted, its «250» not yet read
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        in_flight = OutgoingEmail.objects.get(status="sending")
        assert OutgoingEmail.objects.filter(status="sent").count() == 4

        # Fifteen minutes later the claim of the dead worker is stale.
        OutgoingEmail.objects.filter(pk=in_flight.pk).update(
            claimed_at=timezone.now() - outbox.STALE_CLAIM - timedelta(seconds=1)
        )
        worker = _start_worker_process(redis.url, port)
        try:
            deliver_pending_email_task.delay()
            _wait_for(
                lambda: OutgoingEmail.objects.filter(status="sent").count() == 20,
                what="the whole batch to be delivered",
            )
        finally:
            worker.terminate()
            worker.wait(20)

    ids = server.message_ids()
    assert sorted(set(ids)) == sorted(outbox.message_id(row) for row in rows)
    repeated = [i for i in set(ids) if ids.count(i) > 1]
    assert repeated == [outbox.message_id(in_flight)]  # same Message-ID: idempotent if honoured
    assert len(ids) == 21
