import pytest
from playwright.sync_api import expect

from partners.models import Interaction, Partner
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_practice_head_registers_a_partner_and_logs_a_call(page, live_server):
    factories.PracticeHeadFactory(username="belova")
    login(page, live_server, "belova", factories.PASSWORD)

    page.get_by_role("link", name="Партнёры").click()
    page.get_by_role("link", name="Добавить партнёра").click()
    page.get_by_label("Полное наименование").fill("ООО «Гостиница Иртыш»")
    page.get_by_label("ИНН / БИН").fill("7707083894")  # a typo in the check digit
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("не проходит проверку контрольных цифр")).to_be_visible()
    assert page.get_by_label("Полное наименование").input_value() == "ООО «Гостиница Иртыш»"

    page.get_by_label("ИНН / БИН").fill("7707083893")
    page.get_by_label("Гостиничные услуги").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", name="ООО «Гостиница Иртыш»")).to_be_visible()

    # The call is logged in place (htmx), without leaving the card.
    page.get_by_text("Записать взаимодействие").click()
    page.get_by_label("Канал").select_option(label="Телефон")
    page.get_by_label("Содержание").fill("Договорились о 4 местах на производственную практику")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Договорились о 4 местах")).to_be_visible()
    partner = Partner.objects.get(inn="7707083893")
    assert Interaction.objects.filter(partner=partner).count() == 1


def test_employer_on_a_phone_sees_only_their_organisation(phone_page, live_server):
    page = phone_page
    employer = factories.EmployerFactory(username="rudenko", partner__name="ООО «Сказка»")
    other = factories.PartnerFactory(name="ООО «Глория»")
    login(page, live_server, "rudenko", factories.PASSWORD)

    page.goto(f"{live_server.url}{employer.partner.get_absolute_url()}")
    expect(page.get_by_role("heading", name="ООО «Сказка»")).to_be_visible()
    response = page.goto(f"{live_server.url}{other.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_text("Страница не найдена")).to_be_visible()
