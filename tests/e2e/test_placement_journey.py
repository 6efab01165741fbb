import pytest
from playwright.sync_api import expect

from practice.models import Placement
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_practice_head_places_a_student_inline_and_sees_free_places(page, live_server):
    factories.PracticeHeadFactory(username="belova")
    period = factories.PracticePeriodFactory(group__name="41 ГД")
    student = factories.StudentFactory(
        group=period.group, last_name="Ромашкина", first_name="Алина"
    )
    factories.StudentFactory(group=period.group, last_name="Яковлев", first_name="Илья")
    partner = factories.PartnerFactory(name="ООО «Сказка»", places_per_year=1, status="active")
    partner.specialties.add(period.group.specialty)
    factories.ContactFactory(partner=partner, last_name="Руденко", is_mentor=True)
    # Comes first by name, but the specialty's own partner is offered before it.
    factories.PartnerFactory(name="АО «Альфа»", status="active")

    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}{period.get_absolute_url()}")

    row = page.locator(f"#student-{student.pk}")
    box = row.get_by_role("combobox", name="База практики для Ромашкина Алина")
    box.click()
    expect(row.locator(".ts-dropdown .option").first).to_contain_text("ООО «Сказка»")
    expect(row.locator(".ts-dropdown .option").first).to_contain_text("свободно 1 из 1")
    box.fill("Сказ")
    row.locator(".ts-dropdown .option").filter(has_text="ООО «Сказка»").click()
    # The mentor list follows the chosen partner without a reload.
    expect(row.get_by_label("Наставник для Ромашкина Алина")).to_contain_text("Руденко")
    row.get_by_label("Наставник для Ромашкина Алина").select_option(index=1)
    row.get_by_role("button", name="Сохранить Ромашкина Алина").click()
    expect(page.locator("#places")).to_contain_text("Партнёр")
    expect(page.locator("#places")).to_contain_text("1 из 1")
    expect(page.locator("#progress")).to_contain_text("Распределено: 1")

    # The partner is now full: the second student's row says so and keeps the choice.
    other = page.locator("tr", has_text="Яковлев")
    other.get_by_role("combobox", name="База практики для Яковлев Илья").fill("Сказ")
    other.locator(".ts-dropdown .option").filter(has_text="ООО «Сказка»").click()
    other.get_by_role("button", name="Сохранить Яковлев Илья").click()
    expect(page.locator("tr", has_text="Яковлев")).to_contain_text("нет свободных мест")
    assert Placement.objects.get().student == student
