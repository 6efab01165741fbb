"""Telegram as a second channel of the outbox, against a local fake Bot API."""

import datetime
import json
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from accounts.telegram import LINKED_REPLY
from agreements import reminders
from kitek_portal import health
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
WEBHOOK = "/accounts/telegram/webhook/"
SECRET_HEADER = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": "webhook-secret"}


def update(text, chat_id=555001, update_id=1, chat_type="private"):
    return json.dumps(
        {
            "update_id": update_id,
            "message": {"message_id": 1, "chat": {"id": chat_id, "type": chat_type}, "text": text},
        }
    )


def post_update(client, text, **kwargs):
    return client.post(WEBHOOK, update(text, **kwargs), "application/json", **SECRET_HEADER)


def telegram_rows():
    return OutgoingEmail.objects.filter(channel="telegram")


def make_due(rows=None):
    (rows or OutgoingEmail.objects.all()).update(next_attempt_at=timezone.now())


@pytest.fixture
def hotel():
    return factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")


@pytest.fixture
def linked_head(hotel):
    head = factories.PracticeHeadFactory(email="belova@kitek.test", telegram_chat_id="777")
    head.specialties.add(hotel)
    return head


def expiring_agreement(hotel, days=7):
    agreement = factories.AgreementFactory(
        number="ДП-77", valid_to=TODAY + datetime.timedelta(days=days)
    )
    agreement.specialties.add(hotel)
    return agreement


# --- linking ------------------------------------------------------------------------------------


def test_user_links_telegram_through_start_and_the_bot_confirms(
    bot_api, client_for, head, settings
):
    settings.TELEGRAM_LINK_MINUTES = 15
    client = client_for(head)
    page = client.get("/accounts/notifications/").content.decode()
    assert "Подключить Telegram" in page and "в Telegram" in page
    assert "действует 15 мин." in page

    response = client.post("/accounts/notifications/telegram/connect/")
    link = urlsplit(response["Location"])
    assert (link.netloc, link.path) == ("t.me", "/kitek_test_bot")
    token = parse_qs(link.query)["start"][0]
    assert len(token) <= 64  # Telegram's limit for a start parameter

    assert post_update(client, f"/start {token}", chat_id=555001).status_code == 200
    head.refresh_from_db()
    assert head.telegram_chat_id == "555001"
    outbox.deliver_pending()
    assert bot_api.sent == [
        {"chat_id": "555001", "text": LINKED_REPLY, "disable_web_page_preview": True}
    ]
    assert "Отключить Telegram" in client.get("/accounts/notifications/").content.decode()


def test_a_link_works_once_and_not_after_it_expires(bot_api, client_for, head, teacher):
    token = parse_qs(
        urlsplit(
            client_for(head).post("/accounts/notifications/telegram/connect/")["Location"]
        ).query
    )["start"][0]
    post_update(client_for(head), f"/start {token}", chat_id=1, update_id=1)
    post_update(client_for(head), f"/start {token}", chat_id=2, update_id=2)  # reused
    head.refresh_from_db()
    assert head.telegram_chat_id == "1"

    other = parse_qs(
        urlsplit(
            client_for(teacher).post("/accounts/notifications/telegram/connect/")["Location"]
        ).query
    )["start"][0]
    type(teacher).objects.filter(pk=teacher.pk).update(
        telegram_link_expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    post_update(client_for(teacher), f"/start {other}", chat_id=3, update_id=3)
    teacher.refresh_from_db()
    assert teacher.telegram_chat_id == ""
    outbox.deliver_pending()
    assert [m["text"].startswith("Ссылка не подошла") for m in bot_api.sent] == [
        False,
        True,
        True,
    ]


def test_a_retried_update_is_answered_once(bot_api, client):
    post_update(client, "/id", chat_id=-100500, update_id=42, chat_type="supergroup")
    post_update(client, "/id", chat_id=-100500, update_id=42, chat_type="supergroup")
    outbox.deliver_pending()
    assert bot_api.texts() == ["Идентификатор этого чата: -100500"]


def test_webhook_without_the_secret_or_with_telegram_off_is_404(bot_api, client, settings):
    body = update("/start whatever")
    assert client.post(WEBHOOK, body, "application/json").status_code == 404
    wrong = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": "guess"}
    assert client.post(WEBHOOK, body, "application/json", **wrong).status_code == 404
    settings.TELEGRAM_BOT_TOKEN = ""
    assert client.post(WEBHOOK, body, "application/json", **SECRET_HEADER).status_code == 404
    assert not OutgoingEmail.objects.exists()


def test_webhook_without_a_configured_secret_takes_no_updates(bot_api, client, settings):
    from django.core.management import CommandError, call_command

    settings.TELEGRAM_WEBHOOK_SECRET = ""
    response = client.post(WEBHOOK, update("/id", chat_id=-100500), "application/json")
    assert response.status_code == 404
    assert not OutgoingEmail.objects.exists()
    settings.SITE_URL = "https://practice.kitek.example"
    with pytest.raises(CommandError, match="TELEGRAM_WEBHOOK_SECRET"):
        call_command("telegram_webhook")
    assert bot_api.calls == []


def test_unlink_returns_reminders_to_email(bot_api, client_for, linked_head, hotel):
    linked_head.notification_channels = {"agreement_expiring": ["telegram"]}
    linked_head.save()
    client_for(linked_head).post("/accounts/notifications/telegram/disconnect/")
    linked_head.refresh_from_db()
    assert linked_head.telegram_chat_id == ""
    expiring_agreement(hotel)
    reminders.send(TODAY)
    assert set(OutgoingEmail.objects.values_list("channel", flat=True)) == {"email"}


# --- reminders on the chosen channels --------------------------------------------------------


def test_reminder_goes_to_telegram_only_when_chosen(bot_api, linked_head, hotel):
    linked_head.notification_channels = {
        "agreement_expiring": ["telegram"],
        "daily_digest": ["telegram"],
    }
    linked_head.save()
    expiring_agreement(hotel)

    assert reminders.send(TODAY) == 2
    assert set(OutgoingEmail.objects.values_list("channel", "chat_id")) == {("telegram", "777")}
    outbox.deliver_pending()
    assert mail.outbox == []
    texts = bot_api.texts()
    assert len(texts) == 2
    reminder = next(t for t in texts if "ДП-77" in t)
    assert reminder.startswith("Договор № ДП-77") and "/agreements/" in reminder
    assert "<" not in reminder  # the plain-text version, not the HTML e-mail


def test_reminder_goes_to_both_channels_when_both_chosen(bot_api, client_for, linked_head, hotel):
    client_for(linked_head).post(
        "/accounts/notifications/",
        {"agreement_expiring": ["email", "telegram"], "daily_digest": []},
    )
    expiring_agreement(hotel)
    assert reminders.send(TODAY) == 2
    outbox.deliver_pending()
    assert [m.subject[:15] for m in mail.outbox] == ["Договор № ДП-77"]
    assert len(bot_api.sent) == 1 and bot_api.texts()[0].startswith("Договор № ДП-77")
    assert reminders.send(TODAY) == 0  # the next scan queues neither again


def test_telegram_off_queues_nothing_for_telegram_and_hides_it(
    settings, client_for, linked_head, hotel
):
    settings.TELEGRAM_BOT_TOKEN = ""
    linked_head.notification_channels = {"agreement_expiring": ["telegram"]}
    linked_head.save()
    expiring_agreement(hotel)
    reminders.send(TODAY)
    assert not telegram_rows().exists()
    assert OutgoingEmail.objects.filter(to="belova@kitek.test").count() == 2  # falls back

    client = client_for(linked_head)
    page = client.get("/accounts/notifications/").content.decode()
    assert "Telegram" not in page
    assert client.post("/accounts/notifications/telegram/connect/").status_code == 404


# --- delivery: backoff, 429, permanent errors, never twice ---------------------------------------


def test_server_error_then_success_on_retry_with_backoff(bot_api):
    bot_api.answer(500, "Internal Server Error")
    row_id = outbox.queue_telegram("777", "Проверка", dedup_key="t1")

    assert outbox.deliver(row_id) is False
    row = OutgoingEmail.objects.get(pk=row_id)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "HTTP 500" in row.last_error
    wait = row.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    assert outbox.deliver_pending() == 0  # not due yet

    make_due()
    assert outbox.deliver_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert bot_api.texts() == ["Проверка"]


def test_connection_failure_is_retried(bot_api, settings):
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"  # nothing listens there
    row_id = outbox.queue_telegram("777", "Проверка", dedup_key="t1")
    assert outbox.deliver(row_id) is False
    row = OutgoingEmail.objects.get(pk=row_id)
    assert row.status == "pending" and "ConnectError" in row.last_error

    settings.TELEGRAM_API_URL = bot_api.url
    make_due()
    assert outbox.deliver(row_id) is True


def test_too_many_requests_waits_as_long_as_telegram_asks(bot_api):
    bot_api.answer(429, "Too Many Requests: retry after 300", retry_after=300)
    row_id = outbox.queue_telegram("777", "Проверка", dedup_key="t1")
    outbox.deliver(row_id)
    row = OutgoingEmail.objects.get(pk=row_id)
    assert row.status == "pending"
    wait = row.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=290) < wait <= datetime.timedelta(seconds=300)


def test_blocked_bot_fails_at_once_and_admins_see_it(bot_api, client_for, deputy):
    bot_api.answer(403, "Forbidden: bot was blocked by the user")
    row_id = outbox.queue_telegram("777", "Проверка", dedup_key="t1")
    outbox.deliver(row_id)
    row = OutgoingEmail.objects.get(pk=row_id)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "bot was blocked by the user" in row.last_error

    figures = health.check_outbox(timezone.now())
    assert not figures.ok
    assert figures.data["failed"] == 1 and figures.data["telegram"]["failed"] == 1

    admin = factories.UserFactory(is_staff=True, is_superuser=True, role="admin")
    page = client_for(admin).get("/admin/accounts/outgoingemail/?status__exact=failed")
    assert "bot was blocked by the user" in page.content.decode()
    assert "чат 777" in page.content.decode()


def test_chat_not_found_fails_at_once(bot_api):
    bot_api.answer(400, "Bad Request: chat not found")
    row_id = outbox.queue_telegram("777", "Проверка", dedup_key="t1")
    outbox.deliver(row_id)
    assert OutgoingEmail.objects.get(pk=row_id).status == "failed"


def test_a_message_is_never_sent_twice(bot_api):
    assert outbox.queue_telegram("777", "Один раз", dedup_key="once") is not None
    assert outbox.queue_telegram("777", "Один раз", dedup_key="once") is None
    row_id = OutgoingEmail.objects.get().pk
    assert outbox.deliver(row_id) is True
    assert outbox.deliver(row_id) is False
    assert outbox.deliver_pending() == 0
    assert bot_api.texts() == ["Один раз"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_the_same_row_send_it_once(bot_api):
    bot_api.delay = 0.3  # the first send is still in flight when the second worker comes
    row_id = outbox.queue_telegram("777", "Один раз", dedup_key="once")
    results = []

    def worker():
        from django.db import connection

        results.append(outbox.deliver(row_id))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert bot_api.texts() == ["Один раз"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_delivers_a_telegram_row_over_the_broker(bot_api):
    import time

    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from kitek_portal.celery import app

    app.control.purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        # Published on commit; this test runs in autocommit mode.
        row_id = outbox.queue_telegram("777", "Через воркер", dedup_key="worker")
        deadline = time.monotonic() + 20
        while OutgoingEmail.objects.get(pk=row_id).status != "sent":
            assert time.monotonic() < deadline, "the worker did not deliver the message"
            time.sleep(0.1)
    assert bot_api.texts() == ["Через воркер"]


def test_webhook_command_registers_the_address_with_the_secret(bot_api, settings):
    from django.core.management import CommandError, call_command

    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(CommandError, match="только https"):
        call_command("telegram_webhook")
    settings.SITE_URL = "https://practice.kitek.example"
    call_command("telegram_webhook")
    assert bot_api.calls == [
        (
            "setWebhook",
            {
                "url": "https://practice.kitek.example/accounts/telegram/webhook/",
                "allowed_updates": ["message"],
                "secret_token": "webhook-secret",
            },
        )
    ]
    call_command("telegram_webhook", "--delete")
    assert bot_api.calls[-1][0] == "deleteWebhook"


def test_meeting_reminder_reaches_an_invitee_on_telegram_and_a_guest_by_email(bot_api):
    from meetings import services as meetings
    from meetings.models import Invitation

    meeting = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    user = factories.EmployerFactory(
        telegram_chat_id="888", notification_channels={"meeting_reminder": ["telegram"]}
    )
    Invitation.objects.create(meeting=meeting, user=user, email=user.email, name="Ким")
    Invitation.objects.create(meeting=meeting, email="guest@example.com", name="Гость")

    assert meetings.send_meeting_reminders() == 2
    rows = set(OutgoingEmail.objects.values_list("channel", "to", "chat_id"))
    assert rows == {("telegram", "", "888"), ("email", "guest@example.com", "")}
    assert meetings.send_meeting_reminders() == 0


def test_settings_page_unchanged_does_not_mute_a_telegram_kind_while_the_bot_is_off(
    settings, client_for, linked_head
):
    settings.TELEGRAM_BOT_TOKEN = ""
    linked_head.notification_channels = {"agreement_expiring": ["telegram"]}
    linked_head.save()
    client = client_for(linked_head)
    page = client.get("/accounts/notifications/").content.decode()
    assert re.search(r'name="agreement_expiring" value="email"[^>]*checked', page)
    client.post("/accounts/notifications/", {"agreement_expiring": ["email"]})
    linked_head.refresh_from_db()
    assert linked_head.channels_for("agreement_expiring") == ["email"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_muted_reminders_muted():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0008_portal_invitations")]
    after = [("accounts", "0009_telegram_channel_and_notification_channels")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldUser = old_apps.get_model("accounts", "User")
    OldUser.objects.create(username="muted", muted_reminders=["daily_digest"])
    OldUser.objects.create(username="plain", muted_reminders=[])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    from accounts.models import User

    muted, plain = User.objects.get(username="muted"), User.objects.get(username="plain")
    assert muted.notification_channels == {"daily_digest": []}
    muted.email = plain.email = "x@kitek.test"
    assert muted.channels_for("daily_digest") == []
    assert muted.channels_for("agreement_expiring") == ["email"]
    assert plain.channels_for("daily_digest") == ["email"]
