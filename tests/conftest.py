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
