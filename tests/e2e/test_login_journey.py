import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_practice_head_logs_in_sees_dashboard_and_opens_groups(page, live_server):
    head = factories.PracticeHeadFactory(username="belova", first_name="Ирина")
    specialty = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    head.specialties.add(specialty)
    group = factories.StudentGroupFactory(name="41 ГД", specialty=specialty)
    factories.StudentFactory.create_batch(2, group=group)

    login(page, live_server, "belova", factories.PASSWORD)

    expect(page.get_by_role("heading", name="Здравствуйте, Ирина")).to_be_visible()
    expect(page.get_by_text("Мои специальности")).to_be_visible()
    page.get_by_role("button", name="Практика").click()  # the menu's «Практика» group
    page.get_by_role("link", name="Группы").click()
    page.get_by_role("link", name="41 ГД").click()
    expect(page.get_by_role("heading", name="Группа 41 ГД")).to_be_visible()


def test_employer_logs_in_on_a_phone_and_logs_out(phone_page, live_server):
    page = phone_page
    factories.EmployerFactory(username="rudenko", partner__name="ООО «Сказка»")

    login(page, live_server, "rudenko", factories.PASSWORD)

    expect(page.get_by_role("heading", name="ООО «Сказка»")).to_be_visible()
    page.get_by_role("button", name="Меню").click()
    # The menu has opened (its animation is over) and offers the partner area only.
    expect(page.locator("#mainNav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.get_by_role("link", name="Моя организация")).to_be_visible()
    expect(page.get_by_role("link", name="Группы")).to_have_count(0)
    page.locator("#mainNav .dropdown-toggle").click()
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("button", name="Войти")).to_be_visible()


def test_wrong_password_keeps_the_login_in_the_form(page, live_server):
    factories.TeacherFactory(username="saveleva")
    login(page, live_server, "saveleva", "не-тот-пароль")
    expect(page.get_by_text("Неверный логин (e-mail) или пароль")).to_be_visible()
    assert page.get_by_label("Логин или e-mail").input_value() == "saveleva"
