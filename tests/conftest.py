import pytest

from tests import factories


@pytest.fixture
def head(db):
    """A practice head: the portal's main daily user."""
    return factories.PracticeHeadFactory(last_name="Белова", first_name="Ирина")


@pytest.fixture
def deputy(db):
    return factories.DeputyFactory(last_name="Кравченко", first_name="Ольга")


@pytest.fixture
def teacher(db):
    return factories.TeacherFactory(last_name="Савельева", first_name="Марина")


@pytest.fixture
def employer_a(db):
    """Employer A: a representative of one partner."""
    return factories.EmployerFactory(partner__name="ООО «Сказка»")


@pytest.fixture
def employer_b(db):
    """Employer B: the outsider who must never see A's data."""
    return factories.EmployerFactory(partner__name="ООО «Глория»")


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: ``client_for(head).get(...)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _own_rate_limit_counters(monkeypatch):
    """Rate-limit counters live in the cache (Redis in CI): each test counts on its own."""
    import uuid

    from accounts import throttle

    monkeypatch.setattr(throttle, "PREFIX", f"throttle-test-{uuid.uuid4().hex}")


@pytest.fixture
def sqlite_real_variable_limit(monkeypatch):
    """Let bulk inserts on SQLite be one statement, as they are on PostgreSQL.

    Django 5.2 assumes SQLite's pre-3.32 limit of 999 bound variables and splits a
    bulk insert into batches of a few dozen rows; the SQLite Python links against
    allows far more. Tests that pin a constant query count ask for the real limit.
    """
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


@pytest.fixture(autouse=True)
def _broker_not_paused():
    """A broker failure remembered by one test must not stop another test's publishing."""
    from accounts import mail

    mail.reset_broker_pause()
    yield
    mail.reset_broker_pause()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite tests use a file, not memory, so a worker in another process shares the data.

    The fault tests kill a real worker process mid-delivery; PostgreSQL needs nothing here.
    """
    import os

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        suffix = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = settings.VAR_DIR / f"test-db-{suffix}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)
        # Nearly the speed of memory: this process does not wait for the disk.
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF;"


@pytest.fixture
def bot_api(settings):
    """Telegram switched on against a local fake Bot API (tests/fake_bot_api.py)."""
    from tests.fake_bot_api import TOKEN, FakeBotApi

    bot = FakeBotApi()
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_BOT_USERNAME = "kitek_test_bot"
    settings.TELEGRAM_API_URL = bot.url
    settings.TELEGRAM_WEBHOOK_SECRET = "webhook-secret"
    settings.TELEGRAM_TIMEOUT = 5.0
    yield bot
    bot.stop()
