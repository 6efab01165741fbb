"""An employer's «Договоры»: their organisation's agreements, and the agreement's text as
DOCX and PDF with an appendix of their own students only."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from accounts.models import PersonalDataAccess, PersonalDataKind
from practice import services as practice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(employer_a):
    agreement = factories.AgreementFactory(
        partner=employer_a.partner,
        number="2026/015-П",
        valid_from=datetime.date(2026, 2, 3),
        valid_to=datetime.date(2027, 6, 30),
    )
    agreement.specialties.add(factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело"))
    return agreement


@pytest.fixture
def period(employer_a, employer_b):
    """One practice period: two students at employer A's, one at employer B's."""
    period = factories.PracticePeriodFactory()
    for last_name, partner in (
        ("Ромашкина", employer_a.partner),
        ("Васильков", employer_a.partner),
        ("Чужаков", employer_b.partner),
    ):
        student = factories.StudentFactory(group=period.group, last_name=last_name)
        practice.assign(period, student, partner)
    return period


def _docx_text(content):
    document = Document(io.BytesIO(content))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# The list


def test_employer_sees_their_own_agreements_with_statuses_dates_and_downloads(
    client_for, employer_a, employer_b, agreement
):
    factories.AgreementFactory(partner=employer_b.partner, number="ЧУЖОЙ-1")
    factories.AgreementFactory(partner=employer_a.partner, number="2025/001", status="expired")

    response = client_for(employer_a).get(reverse("agreements:partner_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "№ 2026/015-П" in page and "№ 2025/001" in page
    assert "ЧУЖОЙ-1" not in page
    assert "Срок действия: 03.02.2026–30.06.2027" in page
    assert "Действует</span>" in page and "Истёк</span>" in page
    assert "43.02.14 Гостиничное дело" in page
    assert reverse("agreements:document_docx", args=[agreement.pk]) in page
    assert reverse("agreements:document", args=[agreement.pk]) in page


def test_the_employer_menu_leads_to_their_agreements(client_for, employer_a):
    page = client_for(employer_a).get(reverse("dashboard")).content.decode()

    assert f'href="{reverse("agreements:partner_list")}"' in page


def test_staff_are_sent_to_the_full_list(client_for, head):
    response = client_for(head).get(reverse("agreements:partner_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:list")


def test_the_list_runs_constant_queries(client_for, employer_a, django_assert_max_num_queries):
    for n in range(12):
        agreement = factories.AgreementFactory(partner=employer_a.partner)
        agreement.specialties.add(factories.SpecialtyFactory(code=f"43.02.{n + 10}"))
    client = client_for(employer_a)
    client.get(reverse("agreements:partner_list"))
    # session, user, the user's organisation (page header); the count and the page of
    # agreements; their specialties (one prefetch): 6 however many agreements.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("agreements:partner_list"))
    assert len(response.context["agreements"]) == 12


# The documents


def test_employer_downloads_their_agreement_as_docx_with_only_their_students(
    client_for, employer_a, agreement, period
):
    url = reverse("agreements:document_docx", args=[agreement.pk])

    response = client_for(employer_a).get(url, {"period": period.pk})

    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "ДОГОВОР № 2026/015-П" in text
    assert "Ромашкина" in text and "Васильков" in text
    assert "Чужаков" not in text


def test_employer_downloads_their_agreement_as_pdf_with_only_their_students(
    client_for, employer_a, agreement, period
):
    url = reverse("agreements:document", args=[agreement.pk])

    response = client_for(employer_a).get(url, {"period": period.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "2026/015-П" in text
    assert "Ромашкина" in text and "Васильков" in text
    assert "Чужаков" not in text


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("agreements:document_docx", PersonalDataKind.AGREEMENT_DOCX),
        ("agreements:document", PersonalDataKind.AGREEMENT_PDF),
    ],
)
def test_employers_download_is_in_the_personal_data_log(
    client_for, employer_a, agreement, period, url_name, kind
):
    client_for(employer_a).get(reverse(url_name, args=[agreement.pk]), {"period": period.pk})

    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.kind) == (employer_a, kind)
    assert "2026/015-П" in entry.description and "в приложении: 2" in entry.description


@pytest.mark.parametrize("url_name", ["agreements:document_docx", "agreements:document"])
def test_employer_of_another_partner_gets_404_on_both_formats(
    client_for, employer_b, agreement, period, url_name
):
    url = reverse(url_name, args=[agreement.pk])

    assert client_for(employer_b).get(url).status_code == 404
    assert client_for(employer_b).get(url, {"period": period.pk}).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_the_agreement_page_offers_the_employer_both_formats_and_the_appendix(
    client_for, employer_a, agreement, period
):
    page = client_for(employer_a).get(agreement.get_absolute_url()).content.decode()

    assert reverse("agreements:document_docx", args=[agreement.pk]) in page
    assert reverse("agreements:document", args=[agreement.pk]) in page
    assert "только ваши практиканты" in page
    assert f'value="{period.pk}"' in page


def test_the_partner_card_links_the_employers_agreements(client_for, employer_a, agreement):
    page = client_for(employer_a).get(employer_a.partner.get_absolute_url()).content.decode()

    assert agreement.get_absolute_url() in page
    assert reverse("agreements:document_docx", args=[agreement.pk]) in page


def test_the_appendix_menu_leaves_out_periods_whose_placements_were_cancelled(
    client_for, head, employer_a, agreement, period
):
    cancelled = factories.PracticePeriodFactory(
        start=datetime.date(2027, 3, 1), end=datetime.date(2027, 3, 13)
    )
    factories.PlacementFactory(period=cancelled, partner=employer_a.partner, status="cancelled")

    for user in (head, employer_a):
        page = client_for(user).get(agreement.get_absolute_url()).content.decode()
        assert f'value="{period.pk}"' in page
        assert f'value="{cancelled.pk}"' not in page
