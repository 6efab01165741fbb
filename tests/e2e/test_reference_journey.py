import pytest
from playwright.sync_api import expect

from practice.models import ProfessionalModule
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_practice_head_adds_profession_and_module_with_four_competencies(page, live_server):
    factories.PracticeHeadFactory(username="belova")
    factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    login(page, live_server, "belova", factories.PASSWORD)

    page.get_by_role("button", name="Справочники").click()
    page.get_by_role("link", name="Профессии и должности").click()
    page.get_by_role("link", name="Добавить").click()
    page.get_by_label("Код").fill("20015")
    page.get_by_label("Наименование").fill("Агент по закупкам")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("cell", name="Агент по закупкам", exact=True)).to_be_visible()

    page.get_by_role("button", name="Справочники").click()
    page.get_by_role("link", name="Профессиональные модули").click()
    page.get_by_role("link", name="Добавить").click()
    page.get_by_label("Специальность").select_option(label="43.02.14 Гостиничное дело")
    page.locator("[name=code]").fill("ПМ.05")
    page.locator("[name=name]").fill("Выполнение работ по профессии «Агент по закупкам»")
    page.get_by_label("Профессии").select_option(label="20015 «Агент по закупкам»")
    # Three empty rows are on the page; the fourth comes from «Добавить строку».
    page.get_by_role("button", name="Добавить строку").click()
    for index in range(4):
        page.locator(f"[name=rows-{index}-code]").fill(f"ПК 5.{index + 1}")
        page.locator(f"[name=rows-{index}-name]").fill(f"Компетенция {index + 1}")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_text("ПК 5.4 Компетенция 4")).to_be_visible()
    module = ProfessionalModule.objects.get(code="ПМ.05")
    assert list(module.competencies.values_list("code", "order")) == [
        (f"ПК 5.{n}", n) for n in range(1, 5)
    ]
