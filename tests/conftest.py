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
