"""The vacancy bank: the closing rule, the forms, the list across partners, the menu."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.contacts import save_vacancy
from partners.models import Vacancy
from tests import factories

pytestmark = pytest.mark.django_db

VACANCY = {
    "position": "Повар",
    "places": "2",
    "required_level": "practice",
    "employment_type": "full",
    "opened_on": "2026-11-01",
    "status": "open",
}
MANAGERS = [factories.DeputyFactory, factories.PracticeHeadFactory, factories.AdminFactory]


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# The closing rule (partners.contacts.save_vacancy)


def test_closing_without_a_date_closes_today():
    vacancy = factories.VacancyFactory(opened_on=datetime.date(2026, 1, 10))
    vacancy.status = Vacancy.Status.CLOSED
    save_vacancy(vacancy)
    vacancy.refresh_from_db()
    assert vacancy.closed_on == timezone.localdate()


def test_closing_with_a_date_keeps_that_date():
    vacancy = factories.VacancyFactory(opened_on=datetime.date(2020, 1, 10))
    vacancy.status, vacancy.closed_on = Vacancy.Status.CLOSED, datetime.date(2020, 3, 1)
    save_vacancy(vacancy)
    vacancy.refresh_from_db()
    assert vacancy.closed_on == datetime.date(2020, 3, 1)


def test_closing_a_vacancy_not_yet_opened_closes_it_on_its_opening_day():
    opens = timezone.localdate() + datetime.timedelta(days=30)
    vacancy = factories.VacancyFactory(opened_on=opens)
    vacancy.status = Vacancy.Status.CLOSED
    save_vacancy(vacancy)
    vacancy.refresh_from_db()
    assert vacancy.closed_on == opens


def test_reopening_clears_the_closing_date():
    vacancy = factories.VacancyFactory(
        opened_on=datetime.date(2020, 1, 10), status="closed", closed_on=datetime.date(2020, 2, 1)
    )
    vacancy.status = Vacancy.Status.OPEN
    save_vacancy(vacancy)
    vacancy.refresh_from_db()
    assert vacancy.closed_on is None


# Who may change vacancies (employer B's attempts are in test_partner_contacts.py
# together with the contacts; the teacher's 403 too)


@pytest.mark.parametrize("manager_factory", MANAGERS)
def test_managers_add_and_edit_vacancies_of_any_partner(client_for, manager_factory):
    partner = factories.PartnerFactory()
    client = client_for(manager_factory())
    create = reverse("partners:vacancy_create", args=[partner.pk])
    assert client.get(create).status_code == 200
    response = client.post(create, VACANCY)
    assert response.status_code == 302 and response.url == partner.get_absolute_url()
    assert _messages(response) == ["Вакансия добавлена."]
    vacancy = Vacancy.objects.get(partner=partner)

    edit = reverse("partners:vacancy_edit", args=[vacancy.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**VACANCY, "places": "5"})
    assert response.url == partner.get_absolute_url()
    vacancy.refresh_from_db()
    assert vacancy.places == 5


def test_employer_adds_a_vacancy_to_own_organisation(client_for, employer_a):
    cooking = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    response = client_for(employer_a).post(
        reverse("partners:vacancy_create", args=[employer_a.partner_id]),
        {**VACANCY, "specialty": cooking.pk, "description": "Сменный график"},
    )
    assert response.url == employer_a.partner.get_absolute_url()
    vacancy = Vacancy.objects.get()
    assert (vacancy.partner, vacancy.specialty, vacancy.places) == (employer_a.partner, cooking, 2)


def test_closing_a_vacancy_dates_it_today(client_for, employer_a):
    vacancy = factories.VacancyFactory(
        partner=employer_a.partner, opened_on=datetime.date(2026, 9, 1)
    )
    response = client_for(employer_a).post(
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
        {**VACANCY, "opened_on": "2026-09-01", "status": "closed"},
    )
    assert response.status_code == 302
    assert _messages(response) == ["Вакансия сохранена."]
    vacancy.refresh_from_db()
    assert vacancy.status == "closed" and vacancy.closed_on == timezone.localdate()


def test_employer_b_gets_404_for_employer_a_vacancy(client_for, employer_a, employer_b):
    vacancy = factories.VacancyFactory(partner=employer_a.partner, position="Повар")
    client = client_for(employer_b)
    edit = reverse("partners:vacancy_edit", args=[vacancy.pk])
    assert client.post(edit, {**VACANCY, "status": "closed"}).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.status == "open" and vacancy.closed_on is None


def test_anonymous_user_is_sent_to_log_in(client):
    vacancy = factories.VacancyFactory()
    for url in [
        reverse("partners:vacancy_create", args=[vacancy.partner_id]),
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
        reverse("partners:vacancy_list"),
    ]:
        response = client.post(url, VACANCY) if "list" not in url else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert Vacancy.objects.count() == 1


# The form


def test_vacancy_closed_before_it_opened_is_refused_and_input_kept(client_for, head):
    partner = factories.PartnerFactory()
    page = client_for(head).post(
        reverse("partners:vacancy_create", args=[partner.pk]),
        {**VACANCY, "status": "closed", "closed_on": "2026-10-01"},
    )
    text = page.content.decode()
    assert "Дата закрытия раньше даты открытия." in text
    assert 'value="Повар"' in text and 'value="2026-10-01"' in text
    assert not Vacancy.objects.exists()


def test_vacancy_without_places_is_explained_in_russian(client_for, head):
    partner = factories.PartnerFactory()
    page = client_for(head).post(
        reverse("partners:vacancy_create", args=[partner.pk]), {**VACANCY, "places": "0"}
    )
    assert "Количество мест должно быть не меньше одного." in page.content.decode()
    assert not Vacancy.objects.exists()


# The vacancy bank


def test_vacancy_bank_shows_open_vacancies_and_filters(client_for, teacher):
    cooking = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    factories.VacancyFactory(position="Повар", specialty=cooking)
    factories.VacancyFactory(position="Портье", employment_type="seasonal")
    factories.VacancyFactory(position="Кондитер", specialty=cooking, status="closed")
    client = client_for(teacher)
    url = reverse("partners:vacancy_list")

    def positions(**params):
        return sorted(v.position for v in client.get(url, params).context["vacancies"])

    assert positions() == ["Повар", "Портье"]
    assert positions(specialty=cooking.pk) == ["Повар"]
    assert positions(employment_type="seasonal") == ["Портье"]
    assert positions(status="closed") == ["Кондитер"]
    assert positions(status="") == ["Кондитер", "Повар", "Портье"]
    assert positions(status="", specialty=cooking.pk) == ["Кондитер", "Повар"]


def test_vacancy_bank_shows_the_columns(client_for, head):
    vacancy = factories.VacancyFactory(
        position="Администратор",
        partner__name="ООО «Гостиница Омск»",
        partner__short_name="Гостиница Омск",
        specialty__code="43.02.16",
        specialty__name="Туризм и гостеприимство",
        places=3,
        required_level="demo",
        employment_type="internship",
        opened_on=datetime.date(2021, 12, 6),
    )
    page = client_for(head).get(reverse("partners:vacancy_list")).content.decode()
    assert f'<a href="{vacancy.partner.get_absolute_url()}">Гостиница Омск</a>' in page
    for text in [
        "Администратор",
        "43.02.16 Туризм и гостеприимство",
        "Демонстрационный экзамен",
        "Стажировка",
        "06.12.2021",
        "Открыта",
    ]:
        assert text in page, text


def test_employer_sees_only_own_vacancies_in_the_bank(client_for, employer_a, employer_b):
    factories.VacancyFactory(partner=employer_a.partner, position="Повар")
    factories.VacancyFactory(partner=employer_b.partner, position="Бармен")
    response = client_for(employer_a).get(reverse("partners:vacancy_list"), {"status": ""})
    assert [v.position for v in response.context["vacancies"]] == ["Повар"]
    assert "Бармен" not in response.content.decode()


def test_vacancy_bank_pages_by_25_and_keeps_the_filter(client_for, head):
    factories.VacancyFactory.create_batch(30, employment_type="part")
    factories.VacancyFactory(employment_type="full")
    client = client_for(head)
    url = reverse("partners:vacancy_list")
    first = client.get(url, {"employment_type": "part"})
    assert len(first.context["vacancies"]) == 25 and first.context["paginator"].count == 30
    assert 'href="?employment_type=part&page=2"' in first.content.decode()
    second = client.get(url, {"employment_type": "part", "page": 2})
    assert len(second.context["vacancies"]) == 5


def test_vacancy_bank_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    factories.VacancyFactory.create_batch(60)
    client = client_for(head)
    # session, user, count for the paginator, specialty choices of the filter,
    # the page of vacancies joined with partner and specialty
    with django_assert_max_num_queries(5):
        response = client.get(reverse("partners:vacancy_list"))
    assert len(response.context["vacancies"]) == 25


def test_employer_vacancy_bank_runs_constant_queries(
    client_for, employer_a, django_assert_max_num_queries
):
    factories.VacancyFactory.create_batch(60, partner=employer_a.partner)
    client = client_for(employer_a)
    # session, user, count for the paginator, user.partner for the menu, specialty
    # choices of the filter, the page of vacancies joined with partner and specialty
    with django_assert_max_num_queries(6):
        response = client.get(reverse("partners:vacancy_list"))
    assert len(response.context["vacancies"]) == 25


# The partial on the partner card


def test_vacancies_partial_shows_buttons_only_to_editors():
    vacancy = factories.VacancyFactory(opened_on=datetime.date(2026, 11, 1), places=4)
    context = {"partner": vacancy.partner, "vacancies": [vacancy]}
    editable = render_to_string("partners/_vacancies.html", {**context, "can_edit_contacts": True})
    read_only = render_to_string(
        "partners/_vacancies.html", {**context, "can_edit_contacts": False}
    )
    buttons = ["Добавить вакансию", reverse("partners:vacancy_edit", args=[vacancy.pk])]
    assert all(b in editable for b in buttons)
    assert not any(b in read_only for b in buttons)
    assert "мест: 4" in read_only and "с 01.11.2026" in read_only


# The menu


def test_every_role_has_the_vacancy_bank_in_the_menu(client_for, head, teacher, employer_a):
    bank = reverse("partners:vacancy_list")
    for user in (head, teacher, employer_a, factories.DeputyFactory(), factories.AdminFactory()):
        items = client_for(user).get(reverse("dashboard")).context["nav_items"]
        assert {"label": "Вакансии", "url": bank, "icon": "briefcase"} in items, user.role


def test_only_an_employer_has_my_organisation_in_the_menu(client_for, head, employer_a):
    items = client_for(employer_a).get(reverse("dashboard")).context["nav_items"]
    mine = [item for item in items if item["label"] == "Моя организация"]
    assert [item["url"] for item in mine] == [employer_a.partner.get_absolute_url()]
    items = client_for(head).get(reverse("dashboard")).context["nav_items"]
    assert "Моя организация" not in [item["label"] for item in items]
