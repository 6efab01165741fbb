"""/health/ tells the person on call whether the portal, its worker, beat and mail work."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from kitek_portal import health
from kitek_portal.beat import install_periodic_tasks
from kitek_portal.celery import app
from tests import factories
from tests.brokers import private_redis, use_broker

pytestmark = pytest.mark.django_db

WORKER_OK = health.Check("worker", "Воркер Celery", True, "отвечает: 1", {"workers": 1})


@pytest.fixture
def beat_on_time(db):
    """Beat has run every periodic task just now."""
    install_periodic_tasks(app)
    PeriodicTask.objects.update(last_run_at=timezone.now())


def _json(client):
    response = client.get(reverse("health_json"))
    return response.status_code, response.json()


def test_worker_stopped_makes_health_unhealthy(client, beat_on_time):
    # A private Redis nobody else's worker listens on: no worker is running.
    with private_redis() as redis, use_broker(redis.url):
        status, body = _json(client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["worker"] == {"ok": False, "summary": "не отвечает", "workers": 0}
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert body["checks"]["beat"]["ok"] and body["checks"]["outbox"]["ok"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_running_makes_health_healthy(client, beat_on_time):
    if settings.REDIS_URL:  # CI: the configured broker
        status, body = _healthy_with_worker(client)
    else:  # the embedded broker cannot ping: prove it on a private Redis
        with private_redis() as redis, use_broker(redis.url):
            status, body = _healthy_with_worker(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["workers"] >= 1


def _healthy_with_worker(client):
    app.control.purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        for _ in range(10):  # the worker's remote control may take a moment to listen
            status, body = _json(client)
            if status == 200:
                break
    return status, body


def test_broker_down_is_reported(client, beat_on_time):
    from tests.brokers import free_port

    with use_broker(f"redis://127.0.0.1:{free_port()}/0"):
        status, body = _json(client)
    assert status == 503
    assert body["checks"]["broker"] == {"ok": False, "summary": "недоступен"}


def test_beat_task_that_missed_its_time_is_named(beat_on_time):
    now = timezone.now()
    PeriodicTask.objects.filter(name="deliver-pending-email").update(
        last_run_at=now - timedelta(minutes=20)
    )
    PeriodicTask.objects.filter(name="agreements-daily").update(last_run_at=now - timedelta(days=3))
    check = health.check_beat(now)
    assert not check.ok
    late = {item["name"] for item in check.items if not item["ok"]}
    assert late == {"deliver-pending-email", "agreements-daily"}


def test_beat_never_started_and_switched_off_tasks(db):
    check = health.check_beat(timezone.now())
    assert not check.ok
    assert {item["summary"] for item in check.items} == {"не установлена: beat не запускался"}

    install_periodic_tasks(app)  # beat started a moment ago and has not run anything yet
    PeriodicTask.objects.filter(name="meeting-reminders").update(enabled=False)
    check = health.check_beat(timezone.now())
    assert check.ok
    summaries = {item["name"]: item["summary"] for item in check.items}
    assert summaries["meeting-reminders"] == "выключена администратором"


def test_failed_and_overdue_email_make_health_unhealthy_without_revealing_them(
    client, beat_on_time
):
    failed = outbox.queue_email("secret.person@kitek.test", "Личная тема", "…")
    OutgoingEmail.objects.filter(pk=failed.pk).update(status="failed", attempts=75)
    late = outbox.queue_email("late@kitek.test", "Напоминание", "…")
    OutgoingEmail.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(hours=5), attempts=4
    )
    outbox.queue_email("fresh@kitek.test", "Только что", "…")

    with mock.patch.object(health, "check_worker", return_value=WORKER_OK):
        response = client.get(reverse("health_json"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["outbox"]["waiting"] == 2
    assert checks["outbox"]["overdue"] == 1
    assert checks["outbox"]["failed"] == 1
    assert checks["outbox"]["oldest_waiting_age_seconds"] >= 5 * 3600
    assert checks["outbox"]["oldest_failed_at"]
    text = response.content.decode()
    for secret in ("secret.person", "Личная тема", settings.SECRET_KEY, "postgres://"):
        assert secret not in text


def test_health_json_runs_constant_queries(client, beat_on_time, django_assert_max_num_queries):
    for n in range(5):
        outbox.queue_email(f"p{n}@kitek.test", "Тема", "…")
    # SELECT 1; the periodic tasks with their schedules; one aggregate over the outbox.
    with (
        mock.patch.object(health, "check_worker", return_value=WORKER_OK),
        django_assert_max_num_queries(3),
    ):
        assert client.get(reverse("health_json")).status_code == 200


def test_health_page_is_for_college_staff(client_for, client, head, employer_a, beat_on_time):
    assert client.get(reverse("health")).status_code == 302  # to the login page
    with mock.patch.object(health, "check_worker", return_value=WORKER_OK):
        response = client_for(head).get(reverse("health"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Всё работает." in page and "deliver-pending-email: по расписанию" in page
        assert client_for(employer_a).get(reverse("health")).status_code == 403


def test_health_page_shows_failed_email_with_a_link_to_resend(client_for, head, beat_on_time):
    email = outbox.queue_email("x@kitek.test", "Тема", "…")
    OutgoingEmail.objects.filter(pk=email.pk).update(status="failed")
    with mock.patch.object(health, "check_worker", return_value=WORKER_OK):
        response = client_for(head).get(reverse("health"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Есть неполадки" in page
    assert "не отправлено 1" in page
    assert "?attention=yes" in page


def test_administrator_sees_mail_trouble_on_the_dashboard(client_for, head):
    admin_user = factories.AdminFactory()
    email = outbox.queue_email("x@kitek.test", "Тема", "…")
    OutgoingEmail.objects.filter(pk=email.pk).update(status="failed")
    page = client_for(admin_user).get(reverse("dashboard")).content.decode()
    assert "Почта: не отправлено писем — 1" in page
    # A practice head is not the one who re-sends mail.
    assert "Почта: не отправлено" not in client_for(head).get(reverse("dashboard")).content.decode()


def test_admin_filters_and_resends_failed_email_once(client_for):
    admin_user = factories.AdminFactory()
    failed = outbox.queue_email("a@kitek.test", "Не ушло", "…", dedup_key="k-failed")
    OutgoingEmail.objects.filter(pk=failed.pk).update(status="failed", attempts=75)
    sent = outbox.queue_email("b@kitek.test", "Ушло", "…", dedup_key="k-sent")
    outbox.deliver(sent.pk)
    client = client_for(admin_user)
    url = reverse("admin:accounts_outgoingemail_changelist")

    page = client.get(url + "?attention=yes").content.decode()
    assert "Не ушло" in page and "Ушло<" not in page
    assert "Не отправлено писем: 1" in page  # the notice above the list

    response = client.post(
        url,
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "Поставлено в отправку писем: 1" in response.content.decode()
    outbox.deliver_pending()
    assert OutgoingEmail.objects.filter(status="sent").count() == 2
    from django.core import mail

    assert [m.subject for m in mail.outbox] == ["Ушло", "Не ушло"]
