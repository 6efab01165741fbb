"""Contacts of partners: the primary-contact rule, the screens, who may change what."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.contacts import save_contact
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
MANAGERS = [factories.DeputyFactory, factories.PracticeHeadFactory, factories.AdminFactory]


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _contact_urls(contact):
    return [
        reverse("partners:contact_create", args=[contact.partner_id]),
        reverse("partners:contact_edit", args=[contact.pk]),
        reverse("partners:contact_delete", args=[contact.pk]),
    ]


# The primary-contact rule (partners.contacts.save_contact)


def test_saving_a_primary_contact_unflags_the_previous_one():
    old = factories.ContactFactory(is_primary=True)
    new = save_contact(factories.ContactFactory.build(partner=old.partner, is_primary=True))
    old.refresh_from_db()
    assert not old.is_primary
    assert list(Contact.objects.filter(is_primary=True)) == [new]


def test_making_an_existing_contact_primary_moves_the_flag():
    old = factories.ContactFactory(is_primary=True)
    other = factories.ContactFactory(partner=old.partner, last_name="Ким")
    other.is_primary = True
    save_contact(other)
    assert list(Contact.objects.filter(is_primary=True)) == [other]


def test_saving_the_primary_contact_again_keeps_its_flag():
    primary = factories.ContactFactory(is_primary=True)
    primary.position = "Директор"
    save_contact(primary)
    primary.refresh_from_db()
    assert primary.is_primary and primary.position == "Директор"


def test_ordinary_contact_leaves_the_primary_alone():
    primary = factories.ContactFactory(is_primary=True)
    save_contact(factories.ContactFactory.build(partner=primary.partner))
    primary.refresh_from_db()
    assert primary.is_primary


def test_primary_flag_belongs_to_each_partner_separately():
    other_partners_primary = factories.ContactFactory(is_primary=True)
    save_contact(
        factories.ContactFactory.build(partner=factories.PartnerFactory(), is_primary=True)
    )
    other_partners_primary.refresh_from_db()
    assert other_partners_primary.is_primary
    assert Contact.objects.filter(is_primary=True).count() == 2


def test_losing_the_primary_flag_is_recorded_in_the_history():
    old = factories.ContactFactory(is_primary=True)
    save_contact(factories.ContactFactory.build(partner=old.partner, is_primary=True))
    assert old.history.first().is_primary is False


# Who may change contacts


@pytest.mark.parametrize("manager_factory", MANAGERS)
def test_managers_add_edit_and_delete_contacts_of_any_partner(client_for, manager_factory):
    partner = factories.PartnerFactory()
    client = client_for(manager_factory())
    create, card = reverse("partners:contact_create", args=[partner.pk]), partner.get_absolute_url()
    assert client.get(create).status_code == 200
    response = client.post(create, CONTACT)
    assert response.status_code == 302 and response.url == card
    contact = Contact.objects.get(partner=partner)

    edit = reverse("partners:contact_edit", args=[contact.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**CONTACT, "position": "Управляющий"})
    assert response.url == card
    contact.refresh_from_db()
    assert contact.position == "Управляющий"

    response = client.post(reverse("partners:contact_delete", args=[contact.pk]))
    assert response.url == card and not Contact.objects.exists()


def test_employer_adds_a_mentor_to_own_organisation(client_for, employer_a):
    partner = employer_a.partner
    response = client_for(employer_a).post(
        reverse("partners:contact_create", args=[partner.pk]), CONTACT
    )
    assert response.status_code == 302 and response.url == partner.get_absolute_url()
    assert _messages(response) == ["Контакт добавлен."]
    contact = Contact.objects.get(partner=partner)
    assert contact.is_mentor and contact.full_name == "Ким Виталий Олегович"


def test_employer_edits_and_deletes_own_contact(client_for, employer_a):
    contact = factories.ContactFactory(partner=employer_a.partner)
    client = client_for(employer_a)
    response = client.post(
        reverse("partners:contact_edit", args=[contact.pk]), {**CONTACT, "email": "kim@skazka.ru"}
    )
    assert response.url == employer_a.partner.get_absolute_url()
    assert _messages(response) == ["Контакт сохранён."]
    contact.refresh_from_db()
    assert contact.email == "kim@skazka.ru"

    response = client.post(reverse("partners:contact_delete", args=[contact.pk]))
    assert response.url == employer_a.partner.get_absolute_url()
    assert "Контакт «Ким Виталий Олегович» удалён." in _messages(response)
    assert not Contact.objects.exists()


def test_teacher_reads_but_cannot_change_contacts(client_for, teacher):
    contact = factories.ContactFactory(last_name="Руденко")
    client = client_for(teacher)
    for url in _contact_urls(contact):
        assert client.get(url).status_code == 403, url
        assert client.post(url, CONTACT).status_code == 403, url
    assert list(Contact.objects.values_list("last_name", flat=True)) == ["Руденко"]


def test_teacher_cannot_change_vacancies_either(client_for, teacher):
    vacancy = factories.VacancyFactory(position="Повар")
    client = client_for(teacher)
    for url in [
        reverse("partners:vacancy_create", args=[vacancy.partner_id]),
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {**VACANCY, "position": "X"}).status_code == 403, url
    assert list(Vacancy.objects.values_list("position", flat=True)) == ["Повар"]


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
    assert list(Contact.objects.values_list("partner", "last_name")) == [
        (employer_a.partner_id, "Руденко")
    ]
    assert list(Vacancy.objects.values_list("partner", "position")) == [
        (employer_a.partner_id, "Повар")
    ]


def test_anonymous_user_is_sent_to_log_in(client):
    contact = factories.ContactFactory()
    for url in _contact_urls(contact):
        for response in (client.get(url), client.post(url, CONTACT)):
            assert response.status_code == 302
            assert response.url.startswith(reverse("login")), url
    assert Contact.objects.count() == 1


# The form


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
    assert page.status_code == 200
    assert "Укажите хотя бы один способ связи" in text
    assert 'value="Шеф-повар"' in text and 'value="Ким"' in text
    assert not Contact.objects.exists()


def test_preferred_channel_must_be_filled_in(client_for, employer_a):
    data = {**CONTACT, "preferred_channel": "email"}
    page = client_for(employer_a).post(
        reverse("partners:contact_create", args=[employer_a.partner_id]), data
    )
    assert "Предпочтительный канал — e-mail, укажите адрес." in page.content.decode()
    assert page.context["form"]["phone"].value() == "+7 913 111-22-33"
    assert not Contact.objects.exists()


def test_wrong_email_is_explained_in_russian(client_for, head):
    contact = factories.ContactFactory()
    page = client_for(head).post(
        reverse("partners:contact_edit", args=[contact.pk]), {**CONTACT, "email": "kim@"}
    )
    assert "Введите правильный адрес электронной почты." in page.content.decode()
    contact.refresh_from_db()
    assert contact.last_name == "Руденко"


def test_contact_delete_asks_first(client_for, head):
    contact = factories.ContactFactory(is_mentor=True)
    client = client_for(head)
    url = reverse("partners:contact_delete", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "Удалить контакт?" in page and "наставник" in page
    assert Contact.objects.exists()
    client.post(url)
    assert not Contact.objects.exists()


# The partial on the partner card and the employer dashboard


def _render_contacts(contact, can_edit):
    return render_to_string(
        "partners/_contacts.html",
        {"partner": contact.partner, "contacts": [contact], "can_edit_contacts": can_edit},
    )


def test_contacts_partial_shows_channels_and_badges():
    contact = factories.ContactFactory(
        phone="+7 (3812) 55-66-77",
        email="rudenko@skazka.ru",
        messenger="@rudenko",
        preferred_channel="messenger",
        is_primary=True,
        is_mentor=True,
    )
    html = _render_contacts(contact, can_edit=False)
    assert 'href="tel:+73812556677"' in html
    assert 'href="mailto:rudenko@skazka.ru"' in html
    assert "@rudenko" in html and "мессенджер" in html
    assert "основной" in html and "наставник" in html


def test_contacts_partial_shows_buttons_only_to_editors():
    contact = factories.ContactFactory()
    buttons = [
        "Добавить контакт",
        reverse("partners:contact_edit", args=[contact.pk]),
        reverse("partners:contact_delete", args=[contact.pk]),
    ]
    editable, read_only = _render_contacts(contact, True), _render_contacts(contact, False)
    assert all(b in editable for b in buttons)
    assert not any(b in read_only for b in buttons)


def test_employer_dashboard_lists_own_contacts_and_vacancies(client_for, employer_a, employer_b):
    contact = factories.ContactFactory(partner=employer_a.partner, last_name="Руденко")
    factories.ContactFactory(partner=employer_b.partner, last_name="Чужой")
    vacancy = factories.VacancyFactory(partner=employer_a.partner, position="Повар-кондитер")
    factories.VacancyFactory(partner=employer_a.partner, position="Закрытая", status="closed")
    factories.VacancyFactory(partner=employer_b.partner, position="Бармен")
    page = client_for(employer_a).get(reverse("dashboard")).content.decode()
    assert "Руденко" in page and "Повар-кондитер" in page
    assert "Чужой" not in page and "Бармен" not in page and "Закрытая" not in page
    for url in [
        reverse("partners:contact_create", args=[employer_a.partner_id]),
        reverse("partners:contact_edit", args=[contact.pk]),
        reverse("partners:vacancy_create", args=[employer_a.partner_id]),
        reverse("partners:vacancy_edit", args=[vacancy.pk]),
        reverse("partners:detail", args=[employer_a.partner_id]),
    ]:
        assert f'href="{url}"' in page, url


def test_employer_dashboard_runs_constant_queries(
    client_for, employer_a, head, django_assert_max_num_queries
):
    partner = employer_a.partner
    partner.responsible = head
    partner.save()
    factories.ContactFactory.create_batch(15, partner=partner)
    factories.VacancyFactory.create_batch(15, partner=partner)
    client = client_for(employer_a)
    # session, user, user.partner, placements, unread library documents, the latest
    # announcements and their unread count, contacts, open vacancies with their specialty,
    # colleagues, partner.responsible
    with django_assert_max_num_queries(11):
        page = client.get(reverse("dashboard"))
    assert len(page.context["contacts"]) == 15 and len(page.context["vacancies"]) == 15


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
