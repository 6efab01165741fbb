import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practice.models import AttestationSheet, Placement
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_mentor_adds_a_fourth_row_of_work_on_a_phone(phone_page, live_server):
    page = phone_page
    employer = factories.EmployerFactory(username="rudenko")
    today = timezone.localdate()
    placement = factories.PlacementFactory(
        partner=employer.partner,
        status="in_progress",
        student__last_name="Ромашкина",
        period__start=today - datetime.timedelta(days=10),
        period__end=today,
    )
    login(page, live_server, "rudenko", factories.PASSWORD)
    page.goto(f"{live_server.url}/practice/placements/{placement.pk}/attestation/")

    page.get_by_role("button", name="Добавить строку").click()
    for index, kind in enumerate(["Заявки", "Приёмка", "Учёт", "Инвентаризация"]):
        page.locator(f"[name=works-{index}-kind]").fill(kind)
    page.get_by_role("button", name="Сохранить черновик").click()

    expect(page.get_by_text("Черновик аттестационного листа сохранён")).to_be_visible()
    sheet = AttestationSheet.objects.get(placement=placement)
    assert [w.kind for w in sheet.works.all()] == ["Заявки", "Приёмка", "Учёт", "Инвентаризация"]


def test_head_records_a_confirmation_given_by_phone(page, live_server):
    factories.PracticeHeadFactory(username="belova", last_name="Белова", first_name="Ирина")
    placement = factories.PlacementFactory(status="planned", student__last_name="Ромашкина")
    mentor = factories.ContactFactory(partner=placement.partner, last_name="Кузьмина")
    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}/practice/placements/{placement.pk}/")

    page.locator("#confirm-by-phone select[name=mentor]").select_option(str(mentor.pk))
    page.get_by_role("button", name="Подтверждено партнёром (по телефону)").click()

    page.goto(f"{live_server.url}/practice/placements/{placement.pk}/")
    expect(page.get_by_text("подтверждено со слов партнёра: Белова Ирина")).to_be_visible()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    assert placement.mentor.last_name == "Кузьмина"
