"""Password guessing is stopped (django-axes) and password reset is rate-limited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutgoingEmail
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Вход временно заблокирован"


def _login(client, username, password="wrong-password", address="10.0.0.1", **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


@pytest.fixture
def head(db):
    return factories.PracticeHeadFactory(username="head", email="head@kitek.local")


def test_ten_wrong_passwords_lock_the_username_even_for_the_right_password(client, head):
    for _ in range(9):
        assert _login(client, "head").status_code == 200
    response = _login(client, "head")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    response = _login(client, "head", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_then_the_right_one_logs_in(client, head):
    for _ in range(9):
        _login(client, "head")
    response = _login(client, "head", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)


def test_login_and_email_count_as_one_account(client, head):
    for _ in range(5):
        _login(client, "head")
        _login(client, "HEAD@kitek.local")
    assert _login(client, "head", PASSWORD).status_code == 429


def test_lockout_by_username_holds_from_another_address(client, head):
    for number in range(10):
        _login(client, "head", address=f"10.0.1.{number}")
    assert _login(client, "head", PASSWORD, address="10.9.9.9").status_code == 429


def test_twenty_failures_from_one_address_lock_that_address(client, head):
    factories.TeacherFactory(username="teacher")
    for number in range(19):
        assert _login(client, f"guess{number}").status_code == 200
    assert _login(client, "guess19").status_code == 429
    # Every login from that address is refused, the right password too...
    assert _login(client, "head", PASSWORD).status_code == 429
    # ...while the same account from another address still logs in.
    assert _login(client, "head", PASSWORD, address="10.0.0.2").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, head):
    for _ in range(10):
        _login(client, "head")
    assert _login(client, "head", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "head", PASSWORD).status_code == 302


def test_attempts_during_a_lockout_do_not_extend_it(client, head):
    for _ in range(10):
        _login(client, "head")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    for _ in range(3):
        assert _login(client, "head").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "head", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_counter(client, head):
    for _ in range(9):
        _login(client, "head")
    assert _login(client, "head", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(9):
        _login(client, "head")
    assert _login(client, "head", PASSWORD).status_code == 302


def test_administrator_sees_and_clears_a_lockout(client, client_for, head):
    for _ in range(10):
        _login(client, "head")
    admin = client_for(factories.AdminFactory())
    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "head" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="head")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    admin.post(reverse("logout"))
    assert _login(client, "head", PASSWORD).status_code == 302


def test_only_administrators_reach_the_lockout_list(client_for, head):
    client = client_for(factories.PracticeHeadFactory(is_staff=False))
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302  # to the admin login


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "locked_address"),
    [
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (0, "203.0.113.7", "127.0.0.9"),  # no proxy: the header is not trusted
    ],
)
def test_client_address_comes_from_the_trusted_proxies(
    client, head, settings, num_proxies, forwarded, locked_address
):
    settings.NUM_PROXIES = num_proxies
    _login(client, "nobody", address="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert AccessAttempt.objects.get().ip_address == locked_address


def test_spoofed_forwarded_header_does_not_escape_an_address_lockout(client, head, settings):
    settings.NUM_PROXIES = 1
    for number in range(20):
        _login(
            client,
            f"guess{number}",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{number}, 203.0.113.7",
        )
    response = _login(
        client, "head", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert response.status_code == 429


def _reset(client, email, address="10.0.0.1"):
    return client.post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True
    )


def test_password_reset_is_limited_per_email_without_telling_anything(client, head):
    answers = [_reset(client, "head@kitek.local", f"10.0.2.{n}") for n in range(5)]
    unknown = _reset(client, "nobody@kitek.local", "10.0.2.9")
    assert OutgoingEmail.objects.filter(to="head@kitek.local").count() == 3
    for answer in [*answers, unknown]:
        assert answer.redirect_chain[-1][0] == reverse("password_reset_done")
        assert "Проверьте почту" in answer.content.decode()


def test_password_reset_is_limited_per_address(client, head):
    for number in range(5):
        _reset(client, f"nobody{number}@kitek.local")
    response = _reset(client, "head@kitek.local")
    assert "Слишком много запросов" in response.content.decode()
    assert not OutgoingEmail.objects.exists()
    # The limit is the address's: another address is answered as usual.
    assert _reset(client, "head@kitek.local", "10.0.0.2").redirect_chain
    assert OutgoingEmail.objects.count() == 1
