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
