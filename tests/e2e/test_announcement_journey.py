import pytest
from playwright.sync_api import expect

from announcements.models import Announcement
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_head_publishes_for_a_specialty_and_the_employer_reads_it_on_a_phone(
    page, phone_page, live_server
):
    factories.PracticeHeadFactory(username="belova")
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    employer = factories.EmployerFactory(username="rudenko", partner__name="ООО «Сказка»")
    employer.partner.specialties.add(hotel)

    # The head writes the announcement for the partners of 43.02.14 and publishes it.
    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}/announcements/new/")
    page.get_by_label("Вид").select_option("event")
    page.get_by_label("Заголовок").fill("День открытых дверей для гостиниц")
    page.get_by_label("Текст").fill("Приглашаем познакомиться со студентами.")
    page.get_by_label("Кому").select_option("specialty")
    page.get_by_label("Специальность").select_option(str(hotel.pk))
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name="Опубликовать и разослать").click()
    expect(page.get_by_text("Опубликовано.")).to_be_visible()
    assert Announcement.objects.get().is_published

    # The employer sees it on the dashboard of their phone, marked new, and reads it.
    phone = phone_page
    login(phone, live_server, "rudenko", factories.PASSWORD)
    item = phone.get_by_role("link", name="День открытых дверей для гостиниц")
    expect(item).to_be_visible()
    expect(item.get_by_text("новое")).to_be_visible()
    expect(phone.get_by_text("новых: 1")).to_be_visible()
    item.click()
    expect(phone.get_by_role("heading", name="День открытых дверей для гостиниц")).to_be_visible()
    expect(phone.get_by_text("Приглашаем познакомиться со студентами.")).to_be_visible()

    phone.goto(f"{live_server.url}/")
    item = phone.get_by_role("link", name="День открытых дверей для гостиниц")
    expect(item).to_be_visible()
    expect(item.get_by_text("новое")).to_have_count(0)
    expect(phone.get_by_text("новых: 1")).to_have_count(0)
