import pytest
from playwright.sync_api import expect

from accounts.models import OutgoingEmail
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_head_gives_access_and_the_employer_sets_a_password(page, live_server, settings):
    settings.SITE_URL = live_server.url
    factories.PracticeHeadFactory(username="belova")
    contact = factories.ContactFactory(
        partner__name="ООО «Сказка»", last_name="Ким", email="kim@skazka.test"
    )

    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}{contact.partner.get_absolute_url()}")
    row = page.locator(f"#contact-{contact.pk}")
    row.get_by_role("button", name="Выдать доступ").click()  # htmx: the row is refreshed
    expect(page.locator(f"#contact-{contact.pk}")).to_contain_text("ещё не принял")
    expect(page.locator(f"#contact-{contact.pk}")).to_contain_text("приглашение отправлено")

    body = OutgoingEmail.objects.get(to="kim@skazka.test").body
    link = next(line for line in body.splitlines() if "/accounts/invite/" in line)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Задайте пароль")).to_be_visible()
    page.locator("#id_new_password1").fill("Novyi-parol-2026")
    page.locator("#id_new_password2").fill("Novyi-parol-2026")
    page.get_by_role("button", name="Сохранить пароль и войти").click()
    expect(page.get_by_role("heading", name="ООО «Сказка»")).to_be_visible()
