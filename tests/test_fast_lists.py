"""The lists and the partner card after the speed work (issue #10): the same content for
the user, fewer queries, filter forms rendered without per-option templates."""

import datetime

import pytest
from django.urls import reverse

from partners.models import CooperationForm, Participation, Sector
from tests import factories

pytestmark = pytest.mark.django_db


def test_partner_filter_keeps_every_choice_the_user_made(client_for, head):
    hotels = Sector.objects.get_or_create(name="Гостиничные услуги")[0]
    factories.PartnerFactory(name="ООО «Иртыш»", status="active").sectors.add(hotels)
    client = client_for(head)
    query = {"q": "Ирт", "status": ["active", "former"], "sector": hotels.pk, "ordering": "city"}
    html = client.get(reverse("partners:list"), query).content.decode()
    assert '<input type="text" name="q" value="Ирт" class="form-control" id="id_q">' in html
    assert 'value="active" class="form-check-input" id="id_status_2" checked' in html
    assert 'value="former" class="form-check-input" id="id_status_4" checked' in html
    assert 'value="negotiation" class="form-check-input" id="id_status_1">' in html
    assert f'<option value="{hotels.pk}" selected>Гостиничные услуги</option>' in html
    assert '<option value="city" selected>Населённый пункт</option>' in html
    # a column's sort link keeps both chosen statuses and turns the order around
    assert "status=active&amp;status=former" in html
    assert "ordering=-city" in html
    assert "ООО «Иртыш»" in html


def test_filter_choices_are_escaped_and_labelled(client_for, head):
    Sector.objects.create(name="Бар & <гриль>")
    html = client_for(head).get(reverse("partners:list")).content.decode()
    assert "Бар &amp; &lt;гриль&gt;</option>" in html
    assert "<гриль>" not in html
    assert '<label for="id_sector" class="form-label">Отрасль</label>' in html
    assert '<option value="places_per_year"' not in html  # ordering names the column
    assert '<option value="places">Места</option>' in html


def test_wrong_filter_input_is_explained_and_kept(client_for, head):
    html = client_for(head).get(reverse("agreements:list"), {"expiring_within": "-5"}).content
    html = html.decode()
    assert "is-invalid" in html
    assert 'value="-5"' in html
    assert "больше либо равно 0" in html


def test_period_filter_row_keeps_the_year_and_kind(client_for, head):
    html = (
        client_for(head)
        .get(reverse("practice:period_list"), {"year": "2024", "kind": "industrial"})
        .content.decode()
    )
    assert '<option value="2024" selected>2024/2025</option>' in html
    assert '<option value="industrial" selected>Производственная</option>' in html
    assert 'class="form-select form-select-sm"' in html


def test_partners_list_counts_only_open_vacancies(client_for, head):
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    factories.VacancyFactory.create_batch(2, partner=partner)
    factories.VacancyFactory(partner=partner, status="closed")
    factories.PartnerFactory(name="ООО «Без вакансий»")
    response = client_for(head).get(reverse("partners:list"))
    counts = {p.name: p.open_vacancies for p in response.context["partners"]}
    assert counts == {"ООО «Сказка»": 2, "ООО «Без вакансий»": 0}
    assert response.context["paginator"].count == 2


def _full_partner(head):
    """A partner with something in every section of its card."""
    partner = factories.PartnerFactory(name="ООО «Сказка»", responsible=head)
    partner.sectors.add(
        Sector.objects.get_or_create(name="Туризм")[0],
        Sector.objects.get_or_create(name="Гостиничные услуги")[0],
    )
    partner.specialties.add(
        factories.SpecialtyFactory(code="43.02.15", name="Поварское дело"),
        factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело"),
    )
    partner.cooperation_forms.add(
        CooperationForm.objects.create(code="t-mentoring", name="Наставничество", order=2),
        CooperationForm.objects.create(code="t-practice", name="База практики", order=1),
    )
    factories.ContactFactory.create_batch(3, partner=partner)
    factories.VacancyFactory.create_batch(3, partner=partner)
    factories.AgreementFactory.create_batch(3, partner=partner)
    factories.InteractionFactory.create_batch(25, partner=partner)
    Participation.objects.bulk_create(
        Participation(
            partner=partner,
            kind=Participation.Kind.choices[0][0],
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            title=f"Чемпионат {n}",
        )
        for n in range(12)
    )
    return partner


def test_partner_card_shows_every_section_in_constant_queries(
    client_for, head, django_assert_max_num_queries
):
    partner = _full_partner(head)
    client = client_for(head)
    # session, user, partner with two counts, its references (one query), contacts,
    # vacancies, agreements, meetings, recommendations, participations, graduates,
    # interactions, status changes, history (3), the portal access record (staff only)
    with django_assert_max_num_queries(17):
        response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    assert [s["name"] for s in response.context["sectors"]] == ["Гостиничные услуги", "Туризм"]
    assert [s["code"] for s in response.context["specialties"]] == ["43.02.14", "43.02.15"]
    assert [f["name"] for f in response.context["cooperation_forms"]] == [
        "База практики",
        "Наставничество",
    ]
    assert "43.02.14 Гостиничное дело" in html
    assert "Все записи (12)" in html  # ten shown, the count from the partner's own query
    assert len(response.context["participations"]) == 10
    assert response.context["paginator"].num_pages == 2  # 25 interactions, 20 a page
    assert len(response.context["interactions"]) == 20


def test_an_empty_partner_card_skips_the_empty_lists(
    client_for, head, django_assert_max_num_queries
):
    partner = factories.PartnerFactory(name="ООО «Новое»")
    client = client_for(head)
    with django_assert_max_num_queries(15):
        response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    assert "Записей пока нет." in html
    assert response.context["participation_count"] == 0
    assert list(response.context["interactions"]) == []


def test_interaction_form_errors_keep_the_input(client_for, head):
    partner = factories.PartnerFactory()
    response = client_for(head).post(
        reverse("partners:interaction_create", args=[partner.pk]),
        {"date": "2026-11-20", "channel": "phone", "summary": "", "next_step": "Позвонить"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert 'value="Позвонить"' in html
    assert '<option value="phone" selected>Телефон</option>' in html
    assert 'class="form-control is-invalid"' in html
