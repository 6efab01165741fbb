import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.models import Agreement, AgreementQuota
from practice import services as practice
from tests import factories, import_steps

pytestmark = pytest.mark.django_db


def form_data(partner, **overrides):
    data = {
        "number": "2026/001-П",
        "date": "2026-08-20",
        "partner": partner.pk,
        "kind": "training",
        "valid_from": "2026-09-01",
        "valid_to": "2027-08-31",
        "quotas-TOTAL_FORMS": 0,
        "quotas-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def pdf_text(content):
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


def test_head_registers_an_agreement_with_quotas(client_for, head):
    partner = factories.PartnerFactory()
    hotel = factories.SpecialtyFactory(code="43.02.14")
    data = form_data(
        partner,
        **{"quotas-TOTAL_FORMS": 1, "quotas-0-specialty": hotel.pk, "quotas-0-places": 6},
    )
    response = client_for(head).post(reverse("agreements:create"), data)
    agreement = Agreement.objects.get()
    assert response.url == agreement.get_absolute_url()
    assert agreement.quotas.get().places == 6 and agreement.status == "draft"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_to": "2026-08-01"}, "Дата окончания раньше даты начала действия"),
        ({"kind": "tripartite"}, "укажите обучающегося"),
    ],
)
def test_bad_agreement_input_is_explained_and_kept(client_for, head, overrides, message):
    partner = factories.PartnerFactory()
    response = client_for(head).post(
        reverse("agreements:create"), form_data(partner, notes="Важная заметка", **overrides)
    )
    page = response.content.decode()
    assert message in page and "Важная заметка" in page
    assert not Agreement.objects.exists()


def test_number_already_used_is_refused(client_for, head):
    factories.AgreementFactory(number="2026/001-П")
    response = client_for(head).post(
        reverse("agreements:create"), form_data(factories.PartnerFactory())
    )
    assert "Договор с таким номером уже есть" in response.content.decode()


def test_quota_below_places_taken_is_refused(client_for, head):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    agreement = factories.AgreementFactory()
    quota = AgreementQuota.objects.create(agreement=agreement, specialty=hotel, places=3)
    period = factories.PracticePeriodFactory(group__specialty=hotel)
    for student in factories.StudentFactory.create_batch(3, group=period.group):
        practice.assign(period, student, agreement.partner)
    data = form_data(
        agreement.partner,
        number=agreement.number,
        valid_from="2026-01-01",
        valid_to="2027-12-31",
        **{
            "quotas-TOTAL_FORMS": 1,
            "quotas-INITIAL_FORMS": 1,
            "quotas-0-id": quota.pk,
            "quotas-0-specialty": hotel.pk,
            "quotas-0-places": 2,
        },
    )
    response = client_for(head).post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert "уже распределено 3" in response.content.decode()
    quota.refresh_from_db()
    assert quota.places == 3


def test_placements_draw_on_the_agreement_quota(head):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    agreement = factories.AgreementFactory()
    AgreementQuota.objects.create(agreement=agreement, specialty=hotel, places=1)
    period = factories.PracticePeriodFactory(group__specialty=hotel)
    first, second = factories.StudentFactory.create_batch(2, group=period.group)
    practice.assign(period, first, agreement.partner)
    with pytest.raises(Exception, match="занято 1 из 1"):
        practice.assign(period, second, agreement.partner)


def test_placement_page_flags_a_partner_without_an_agreement(client_for, head):
    period = factories.PracticePeriodFactory()
    bare = factories.PartnerFactory(name="ООО «Без договора»")
    covered = factories.AgreementFactory().partner
    practice.assign(period, factories.StudentFactory(group=period.group, last_name="Без"), bare)
    practice.assign(period, factories.StudentFactory(group=period.group, last_name="Сдог"), covered)
    page = client_for(head).get(period.get_absolute_url()).content.decode()
    assert page.count("Нет действующего договора с партнёром на даты практики") == 1


def test_a_past_practice_stays_covered_by_an_agreement_that_has_since_expired(client_for, head):
    import datetime

    past = factories.PracticePeriodFactory(
        start=datetime.date(2021, 12, 6), end=datetime.date(2021, 12, 18)
    )
    agreement = factories.AgreementFactory(
        status="expired",
        valid_from=datetime.date(2021, 9, 1),
        valid_to=datetime.date(2024, 8, 31),
    )
    student = factories.StudentFactory(group=past.group)
    factories.PlacementFactory(period=past, student=student, partner=agreement.partner)
    page = client_for(head).get(past.get_absolute_url()).content.decode()
    assert "Нет действующего договора" not in page
    # The same expired agreement covers nothing from today on.
    upcoming = factories.PracticePeriodFactory()
    factories.PlacementFactory(period=upcoming, partner=agreement.partner)
    page = client_for(head).get(upcoming.get_absolute_url()).content.decode()
    assert page.count("Нет действующего договора с партнёром на даты практики") == 1


def test_status_change_from_the_card(client_for, head):
    agreement = factories.AgreementFactory(status="approval")
    client_for(head).post(reverse("agreements:status", args=[agreement.pk]), {"status": "signed"})
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    assert agreement.status_log.get().changed_by == head


def test_scan_must_really_be_a_pdf_or_an_image(client_for, head, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = factories.AgreementFactory()
    url = reverse("agreements:scan_upload", args=[agreement.pk])
    client = client_for(head)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url, {"scan": fake}, follow=True)
    assert "PDF, PNG или JPEG" in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.scan
    client.post(url, {"scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed")})
    agreement.refresh_from_db()
    assert agreement.scan


def test_scan_is_downloadable_by_staff_and_own_employer_only(
    client_for, teacher, employer_a, employer_b, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    agreement = factories.AgreementFactory(partner=employer_a.partner)
    agreement.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"))
    url = reverse("agreements:scan_download", args=[agreement.pk])
    assert client_for(teacher).get(url).status_code == 200
    assert b"".join(client_for(employer_a).get(url).streaming_content) == b"%PDF-1.4 signed"
    assert client_for(employer_b).get(url).status_code == 404


def test_employer_b_cannot_reach_employer_a_agreement(client_for, employer_a, employer_b):
    agreement = factories.AgreementFactory(partner=employer_a.partner)
    client = client_for(employer_b)
    for url in (
        agreement.get_absolute_url(),
        reverse("agreements:document", args=[agreement.pk]),
        reverse("agreements:edit", args=[agreement.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert client.get(reverse("agreements:list")).status_code == 403


def test_generated_agreement_has_partner_data_and_the_appendix(client_for, head):
    partner = factories.PartnerFactory(
        name="ООО «Сказка»", inn="7707083893", address="ул. Ленина, 1"
    )
    agreement = factories.AgreementFactory(partner=partner, number="2026/015-П")
    period = factories.PracticePeriodFactory()
    practice.assign(
        period, factories.StudentFactory(group=period.group, last_name="Ромашкина"), partner
    )
    response = client_for(head).get(
        reverse("agreements:document", args=[agreement.pk]), {"period": period.pk}
    )
    text = pdf_text(response.content)
    for words in (
        "ДОГОВОР № 2026/015-П",
        "о практической подготовке обучающихся",
        "ООО «Сказка»",
        "ИНН 7707083893",
        "ул. Ленина, 1",
        "Приложение",
        "Ромашкина",
    ):
        assert words in text, words


def test_list_filters_expiring_within_days(client_for, teacher):
    today = timezone.localdate()
    factories.AgreementFactory(number="A-soon", valid_to=today + datetime.timedelta(days=20))
    factories.AgreementFactory(number="A-later", valid_to=today + datetime.timedelta(days=200))
    response = client_for(teacher).get(reverse("agreements:list"), {"expiring_within": 30})
    assert [a.number for a in response.context["agreements"]] == ["A-soon"]


def test_agreement_list_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    factories.AgreementFactory.create_batch(40)
    client = client_for(head)
    # session, user, count, page with partner and responsible, specialties, specialty choices
    with django_assert_max_num_queries(6):
        response = client.get(reverse("agreements:list"))
    assert len(response.context["agreements"]) == 25


def test_dashboard_alerts_about_unsecured_placements(client_for, head):
    today = timezone.localdate()
    period = factories.PracticePeriodFactory(
        start=today + datetime.timedelta(days=5), end=today + datetime.timedelta(days=15)
    )
    practice.assign(
        period,
        factories.StudentFactory(group=period.group, last_name="Ромашкина"),
        factories.PartnerFactory(),
    )
    page = client_for(head).get(reverse("dashboard")).content.decode()
    assert "действующего договора с партнёром нет" in page and "Ромашкина" in page


def _xlsx(rows, headers):
    import tablib

    return SimpleUploadedFile(
        "agreements.xlsx", tablib.Dataset(*rows, headers=headers).export("xlsx")
    )


IMPORT_HEADERS = [
    "Номер",
    "Партнёр",
    "Вид",
    "Действует с",
    "Действует по",
    "Специальности",
    "Места",
]


def _import(client, rows):
    url = reverse("agreements:import")
    response = import_steps.upload(client, url, _xlsx(rows, IMPORT_HEADERS))
    if "token" not in response.context:
        return response
    url = reverse("agreements:import_confirm")
    return import_steps.confirm(client, url, response.context["token"])


def test_agreements_import_with_quotas_and_reimport_updates(client_for, head):
    partner = factories.PartnerFactory(inn="7707083893")
    factories.SpecialtyFactory(code="43.02.14")
    client = client_for(head)
    row = [
        "2026/020-П",
        "7707083893",
        "Договор о практической подготовке обучающихся",
        "01.09.2026",
        "31.08.2027",
        "43.02.14",
        "43.02.14: 6",
    ]
    assert "Импортировано: создано 1" in _import(client, [row]).content.decode()
    agreement = Agreement.objects.get(number="2026/020-П")
    assert agreement.partner == partner and agreement.quotas.get().places == 6
    assert agreement.valid_from == datetime.date(2026, 9, 1)
    row[-1] = "43.02.14: 8"
    _import(client, [row])
    assert Agreement.objects.count() == 1
    assert Agreement.objects.get().quotas.get().places == 8


def test_agreements_import_errors_write_nothing(client_for, head):
    factories.PartnerFactory(inn="7707083893")
    rows = [
        ["2026/021-П", "7707083893", "", "01.09.2026", "31.08.2027", "", ""],
        ["2026/022-П", "0000000000", "", "01.09.2026", "31.08.2027", "", ""],
        ["2026/023-П", "7707083893", "", "31.08.2027", "01.09.2026", "", ""],
        ["2026/024-П", "7707083893", "", "32.13.2026", "31.08.2027", "", "43.99.99: 3"],
    ]
    response = _import(client_for(head), rows)
    page = response.content.decode()
    assert "не найден в реестре" in page
    assert "Дата окончания раньше даты начала" in page
    assert "не дата" in page and "Неизвестные специальности" in page
    assert not Agreement.objects.exists()


def test_agreements_export_round_trip(client_for, head):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    agreement = factories.AgreementFactory(partner=factories.PartnerFactory(inn="7707083893"))
    agreement.specialties.add(hotel)
    AgreementQuota.objects.create(agreement=agreement, specialty=hotel, places=5)
    client = client_for(head)
    exported = client.get(reverse("agreements:export"))
    file = SimpleUploadedFile("a.xlsx", exported.content)
    response = import_steps.upload(client, reverse("agreements:import"), file)
    assert response.context["preview"].is_valid
    assert response.context["preview"].counts["skip"] == 1


def test_agreements_with_excel_date_cells_are_imported_on_confirm(client_for, head):
    factories.PartnerFactory(inn="7707083893")
    row = ["2026/030-П", "7707083893", "", datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)]
    response = _import(client_for(head), [row + ["", ""]])
    assert "Импортировано: создано 1" in response.content.decode()
    assert Agreement.objects.get().valid_to == datetime.date(2027, 8, 31)
