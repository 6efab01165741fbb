import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, Vacancy
from tests import factories

pytestmark = pytest.mark.django_db

CONTACT = {
    "last_name": "Ким",
    "first_name": "Виталий",
    "middle_name": "Олегович",
    "position": "Шеф-повар",
    "phone": "+7 913 111-22-33",
    "preferred_channel": "phone",
    "is_mentor": "on",
}
VACANCY = {
    "position": "Повар",
    "places": "2",
    "required_level": "practice",
    "employment_type": "full",
    "opened_on": "2026-11-01",
    "status": "open",
}


def test_employer_adds_a_mentor_to_own_organisation(client_for, employer_a):
    partner = employer_a.partner
    response = client_for(employer_a).post(
        reverse("partners:contact_create", args=[partner.pk]), CONTACT
    )
    assert response.status_code == 302 and response.url == partner.get_absolute_url()
    contact = Contact.objects.get(partner=partner)
    assert contact.is_mentor and contact.full_name == "Ким Виталий Олегович"


def test_new_primary_contact_takes_the_flag(client_for, head):
    old = factories.ContactFactory(is_primary=True)
    client_for(head).post(
        reverse("partners:contact_create", args=[old.partner_id]), {**CONTACT, "is_primary": "on"}
    )
    old.refresh_from_db()
    assert not old.is_primary
    assert Contact.objects.get(partner=old.partner, is_primary=True).last_name == "Ким"


def test_contact_without_any_channel_is_explained_and_input_kept(client_for, head):
    partner = factories.PartnerFactory()
    data = {**CONTACT, "phone": ""}
    page = client_for(head).post(reverse("partners:contact_create", args=[partner.pk]), data)
    text = page.content.decode()
    assert "Укажите хотя бы один способ связи" in text
    assert 'value="Шеф-повар"' in text
    assert not Contact.objects.exists()


def test_contact_delete_asks_first(client_for, head):
    contact = factories.ContactFactory()
    client = client_for(head)
    url = reverse("partners:contact_delete", args=[contact.pk])
    assert "Удалить контакт?" in client.get(url).content.decode()
    assert Contact.objects.exists()
    client.post(url)
    assert not Contact.objects.exists()


def test_teacher_cannot_change_contacts_or_vacancies(client_for, teacher):
    contact = factories.ContactFactory()
    vacancy = factories.VacancyFactory(partner=contact.partner)
    client = client_for(teacher)
    urls = [
        reverse("partners:contact_create", args=[contact.partner_id]),
        reverse("partners:contact_edit", args=[contact.pk]),
        reverse("partners:contact_delete", args=[contact.pk]),
        reverse("partners:vacancy_create", args=[contact.partner_id]),
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
    ]
    for url in urls:
        assert client.post(url, CONTACT).status_code == 403, url


def test_employer_b_cannot_touch_employer_a_contacts_and_vacancies(
    client_for, employer_a, employer_b
):
    contact = factories.ContactFactory(partner=employer_a.partner, last_name="Руденко")
    vacancy = factories.VacancyFactory(partner=employer_a.partner, position="Повар")
    client = client_for(employer_b)
    attempts = [
        (reverse("partners:contact_create", args=[employer_a.partner_id]), CONTACT),
        (reverse("partners:contact_edit", args=[contact.pk]), CONTACT),
        (reverse("partners:contact_delete", args=[contact.pk]), {}),
        (reverse("partners:vacancy_create", args=[employer_a.partner_id]), VACANCY),
        (reverse("partners:vacancy_edit", args=[vacancy.pk]), {**VACANCY, "position": "X"}),
    ]
    for url, data in attempts:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert list(Contact.objects.values_list("last_name", flat=True)) == ["Руденко"]
    assert list(Vacancy.objects.values_list("position", flat=True)) == ["Повар"]


def test_closing_a_vacancy_dates_it_today(client_for, employer_a):
    vacancy = factories.VacancyFactory(
        partner=employer_a.partner, opened_on=datetime.date(2026, 9, 1)
    )
    response = client_for(employer_a).post(
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
        {**VACANCY, "opened_on": "2026-09-01", "status": "closed"},
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "closed" and vacancy.closed_on == timezone.localdate()


def test_vacancy_closed_before_it_opened_is_refused(client_for, head):
    partner = factories.PartnerFactory()
    page = client_for(head).post(
        reverse("partners:vacancy_create", args=[partner.pk]),
        {**VACANCY, "status": "closed", "closed_on": "2026-10-01"},
    )
    assert "раньше даты открытия" in page.content.decode()
    assert not Vacancy.objects.exists()


def test_vacancy_bank_shows_open_vacancies_and_filters(client_for, teacher):
    cooking = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    factories.VacancyFactory(position="Повар", specialty=cooking)
    factories.VacancyFactory(position="Портье")
    factories.VacancyFactory(position="Кондитер", specialty=cooking, status="closed")
    client = client_for(teacher)
    url = reverse("partners:vacancy_list")

    def positions(**params):
        return sorted(v.position for v in client.get(url, params).context["vacancies"])

    assert positions() == ["Повар", "Портье"]
    assert positions(specialty=cooking.pk) == ["Повар"]
    assert positions(status="") == ["Кондитер", "Повар", "Портье"]


def test_employer_sees_only_own_vacancies_in_the_bank(client_for, employer_a, employer_b):
    factories.VacancyFactory(partner=employer_a.partner, position="Повар")
    factories.VacancyFactory(partner=employer_b.partner, position="Бармен")
    response = client_for(employer_a).get(reverse("partners:vacancy_list"))
    assert [v.position for v in response.context["vacancies"]] == ["Повар"]


def test_vacancy_bank_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    factories.VacancyFactory.create_batch(60)
    client = client_for(head)
    # session, user, count, the page with partner and specialty, specialty choices
    with django_assert_max_num_queries(5):
        response = client.get(reverse("partners:vacancy_list"))
    assert len(response.context["vacancies"]) == 25


def test_employer_dashboard_lists_own_contacts_and_vacancies(client_for, employer_a, employer_b):
    factories.ContactFactory(partner=employer_a.partner, last_name="Руденко")
    factories.ContactFactory(partner=employer_b.partner, last_name="Чужой")
    factories.VacancyFactory(partner=employer_a.partner, position="Повар-кондитер")
    page = client_for(employer_a).get(reverse("dashboard")).content.decode()
    assert "Руденко" in page and "Повар-кондитер" in page
    assert "Чужой" not in page
    assert reverse("partners:contact_create", args=[employer_a.partner_id]) in page


def test_dashboard_shows_overdue_and_upcoming_next_steps(client_for, head):
    today = timezone.localdate()
    mine = factories.PartnerFactory(name="ООО «Сказка»", responsible=head)
    factories.InteractionFactory(
        partner=mine, next_step="Выслать договор", next_step_due=today - datetime.timedelta(days=2)
    )
    factories.InteractionFactory(
        partner=mine,
        next_step="Позвонить шеф-повару",
        next_step_due=today + datetime.timedelta(days=3),
    )
    factories.InteractionFactory(
        partner=mine, next_step="Через полгода", next_step_due=today + datetime.timedelta(days=90)
    )
    factories.InteractionFactory(next_step="Чужой шаг", next_step_due=today)
    page = client_for(head).get(reverse("dashboard")).content.decode()
    assert "просрочено" in page and "Выслать договор" in page
    assert "Позвонить шеф-повару" in page
    assert "Через полгода" not in page and "Чужой шаг" not in page
