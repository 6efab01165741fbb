import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import Contact, Interaction, Partner, PartnerStatusChange, Sector
from partners.validators import is_valid_bin, is_valid_inn, is_valid_ogrn, validate_tax_number
from tests import factories

pytestmark = pytest.mark.django_db

VALID_INN = "7707083893"


def partner_data(**overrides):
    data = {
        "name": "ООО «Гостиница Иртыш»",
        "short_name": "Иртыш",
        "legal_form": "ООО",
        "country": "RU",
        "inn": VALID_INN,
        "city": "Омск",
        "stage": "3",
        "places_per_year": "6",
        "sectors": [Sector.objects.get(name="Гостиничные услуги").pk],
    }
    data.update(overrides)
    return data


# --- tax numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [("7707083893", True), ("7707083894", False), ("500100732259", True), ("500100732258", False)],
)
def test_inn_check_digits(number, valid):
    assert is_valid_inn(number) is valid


def test_kazakhstan_bin_and_ogrn_check_digits():
    assert is_valid_bin("971240001315")
    assert not is_valid_bin("971240001316")
    assert is_valid_ogrn("1027700132195")
    assert not is_valid_ogrn("1027700132196")


def test_tax_number_errors_are_in_russian_and_spaces_are_ignored():
    assert validate_tax_number(" 7707 083 893 ", "RU") == "7707083893"
    with pytest.raises(ValidationError, match="10 цифр"):
        validate_tax_number("12345", "RU")
    with pytest.raises(ValidationError, match="контрольн"):
        validate_tax_number("7707083894", "RU")
    with pytest.raises(ValidationError, match="БИН"):
        validate_tax_number("123", "KZ")
    assert validate_tax_number("DE123456789", "XX") == "DE123456789"


# --- create and edit -------------------------------------------------------------


def test_practice_head_adds_a_partner(client_for, head):
    response = client_for(head).post(reverse("partners:create"), partner_data())
    partner = Partner.objects.get(inn=VALID_INN)
    assert response.status_code == 302 and response.url == partner.get_absolute_url()
    assert partner.name == "ООО «Гостиница Иртыш»"
    assert [s.name for s in partner.sectors.all()] == ["Гостиничные услуги"]
    assert partner.history.get().history_user == head


def test_existing_inn_is_refused_with_a_link_to_the_partner(client_for, head):
    existing = factories.PartnerFactory(name="ООО «Сказка»", inn=VALID_INN)
    response = client_for(head).post(reverse("partners:create"), partner_data(name="ООО «Новая»"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "уже есть в реестре" in page
    assert existing.get_absolute_url() in page
    assert 'value="ООО «Новая»"' in page  # the input is kept
    assert Partner.objects.count() == 1


def test_invalid_inn_keeps_the_input_and_explains(client_for, head):
    response = client_for(head).post(
        reverse("partners:create"), partner_data(inn="7707083894", address="ул. Ленина, 1")
    )
    page = response.content.decode()
    assert "контрольных цифр" in page
    assert "ул. Ленина, 1" in page
    assert not Partner.objects.exists()


def test_similar_name_warns_and_saves_only_after_confirmation(client_for, head):
    factories.PartnerFactory(name="ООО «Гостиница Иртыш»", inn="")
    client = client_for(head)
    data = partner_data(name="Гостиница «Иртыш»", inn="7736207543")

    response = client.post(reverse("partners:create"), data)
    assert "Похожие наименования" in response.content.decode()
    assert Partner.objects.count() == 1

    response = client.post(reverse("partners:create"), {**data, "confirm_similar": "1"})
    assert response.status_code == 302
    assert Partner.objects.count() == 2


def test_editing_records_who_changed_what(client_for, head):
    partner = factories.PartnerFactory(name="ООО «Сказка»", city="Омск", inn="")
    data = partner_data(name="ООО «Сказка»", inn="", city="Красноярка")
    client = client_for(head)
    assert client.post(reverse("partners:edit", args=[partner.pk]), data).status_code == 302

    page = client.get(partner.get_absolute_url()).content.decode()
    assert "История изменений" in page
    assert "населённый пункт" in page.lower() and "Красноярка" in page
    assert head.short_name in page


def test_teacher_reads_but_cannot_create_or_edit(client_for, teacher):
    partner = factories.PartnerFactory()
    client = client_for(teacher)
    assert client.get(partner.get_absolute_url()).status_code == 200
    assert client.get(reverse("partners:create")).status_code == 403
    assert (
        client.post(reverse("partners:edit", args=[partner.pk]), partner_data()).status_code == 403
    )
    assert (
        client.post(
            reverse("partners:status", args=[partner.pk]), {"status": "negotiation"}
        ).status_code
        == 403
    )


# --- status --------------------------------------------------------------------


def test_status_change_is_logged_with_who_and_when(client_for, head):
    partner = factories.PartnerFactory(status=Partner.Status.NEGOTIATION)
    client_for(head).post(
        reverse("partners:status", args=[partner.pk]), {"status": "active", "comment": "Договор"}
    )
    partner.refresh_from_db()
    assert partner.status == Partner.Status.ACTIVE
    change = PartnerStatusChange.objects.get(partner=partner)
    assert (change.old_status, change.new_status, change.changed_by) == (
        "negotiation",
        "active",
        head,
    )
    assert (
        partner.status_changed_at == change.changed_at
        or partner.status_changed_at >= change.changed_at
    )


def test_impossible_status_transition_is_refused(client_for, head):
    partner = factories.PartnerFactory(status=Partner.Status.POTENTIAL)
    response = client_for(head).post(
        reverse("partners:status", args=[partner.pk]), {"status": "suspended"}, follow=True
    )
    assert "Нельзя перевести партнёра" in response.content.decode()
    partner.refresh_from_db()
    assert partner.status == Partner.Status.POTENTIAL
    assert not PartnerStatusChange.objects.exists()


def test_status_service_refuses_the_same_rule():
    partner = factories.PartnerFactory(status=Partner.Status.FORMER)
    with pytest.raises(ValidationError):
        services.change_status(partner, Partner.Status.ACTIVE, None)


# --- employer boundary -------------------------------------------------------------


def test_employer_sees_own_card_without_college_notes(client_for, employer_a):
    partner = employer_a.partner
    Interaction.objects.create(partner=partner, channel="phone", summary="Внутренняя заметка")
    page = client_for(employer_a).get(partner.get_absolute_url()).content.decode()
    assert partner.name in page
    assert "Внутренняя заметка" not in page
    assert "История изменений" not in page


def test_employer_cannot_open_other_partners_urls(client_for, employer_a, employer_b):
    other = employer_a.partner
    client = client_for(employer_b)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("partners:edit", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("partners:status", args=[other.pk]), {"status": "former"}).status_code
        == 404
    )
    response = client.post(
        reverse("partners:interaction_create", args=[other.pk]),
        {"channel": "phone", "summary": "x"},
    )
    assert response.status_code == 404
    assert client.get(reverse("partners:list")).status_code == 403
    other.refresh_from_db()
    assert other.status == Partner.Status.POTENTIAL and not Interaction.objects.exists()


def test_employer_cannot_edit_own_partner_details(client_for, employer_a):
    response = client_for(employer_a).get(reverse("partners:edit", args=[employer_a.partner_id]))
    assert response.status_code == 403


# --- list ----------------------------------------------------------------------


def test_list_filters_by_status_sector_and_search(client_for, teacher):
    hotels = Sector.objects.get(name="Гостиничные услуги")
    irtysh = factories.PartnerFactory(name="ООО «Иртыш»", status="active", inn=VALID_INN)
    irtysh.sectors.add(hotels)
    factories.PartnerFactory(name="ООО «Колос»", status="potential")
    Contact.objects.create(partner=irtysh, last_name="Руденко", first_name="Светлана", phone="1")
    client = client_for(teacher)
    url = reverse("partners:list")

    def names(**params):
        return [p.name for p in client.get(url, params).context["partners"]]

    assert names(status="active") == ["ООО «Иртыш»"]
    assert names(sector=hotels.pk) == ["ООО «Иртыш»"]
    assert names(q="7707") == ["ООО «Иртыш»"]
    assert names(q="Руденко") == ["ООО «Иртыш»"]
    assert names(ordering="-name") == ["ООО «Колос»", "ООО «Иртыш»"]


def test_partner_list_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    hotels = Sector.objects.get(name="Гостиничные услуги")
    partners = factories.PartnerFactory.create_batch(320)
    for partner in partners[:40]:
        partner.sectors.add(hotels)
        Contact.objects.create(
            partner=partner, last_name="Иванов", first_name="Иван", phone="1", is_primary=True
        )
    client = client_for(head)
    # session, user, count for the paginator, the page of partners (with responsible
    # and the open-vacancy count), their sectors, their primary contacts, and the
    # filter form's choices: sectors, forms of cooperation, responsibles, specialties.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partners:list"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["partners"]) == 25


# --- interaction log -----------------------------------------------------------------


def test_teacher_logs_an_interaction_with_a_next_step(client_for, teacher):
    partner = factories.PartnerFactory()
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client_for(teacher).post(
        reverse("partners:interaction_create", args=[partner.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "channel": "visit",
            "summary": "Посетили кухню, обсудили 4 места",
            "next_step": "Отправить программу практики",
            "next_step_due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.author == teacher and interaction.next_step_due == due


def test_interaction_form_over_htmx_returns_the_updated_log(client_for, teacher):
    partner = factories.PartnerFactory()
    response = client_for(teacher).post(
        reverse("partners:interaction_create", args=[partner.pk]),
        {"date": "2026-11-20", "channel": "phone", "summary": "Созвонились с шеф-поваром"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Созвонились с шеф-поваром" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_next_step_without_due_date_or_before_the_date_is_explained(client_for, teacher):
    partner = factories.PartnerFactory()
    url = reverse("partners:interaction_create", args=[partner.pk])
    client = client_for(teacher)
    base = {"date": "2026-11-20", "channel": "phone", "summary": "Звонок"}
    page = client.post(url, {**base, "next_step": "Выслать договор"}).content.decode()
    assert "Укажите срок следующего шага" in page
    page = client.post(
        url, {**base, "next_step": "Выслать", "next_step_due": "2026-11-01"}
    ).content.decode()
    assert "не может быть раньше" in page
    assert not Interaction.objects.exists()


def test_marking_a_step_done_ignores_foreign_redirects(client_for, teacher):
    interaction = Interaction.objects.create(
        partner=factories.PartnerFactory(),
        channel="phone",
        summary="Звонок",
        next_step="Выслать договор",
        next_step_due=timezone.localdate(),
    )
    response = client_for(teacher).post(
        reverse("partners:interaction_done", args=[interaction.pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == interaction.partner.get_absolute_url()
    interaction.refresh_from_db()
    assert interaction.next_step_done
