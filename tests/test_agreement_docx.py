import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from accounts.models import PersonalDataAccess, PersonalDataKind
from agreements.models import AgreementQuota
from practice import services as practice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement_with_appendix():
    partner = factories.PartnerFactory(
        name="ООО «Сказка»", inn="7707083893", ogrn="1027700132195", address="ул. Ленина, 1"
    )
    agreement = factories.AgreementFactory(
        partner=partner,
        number="2026/015-П",
        date=datetime.date(2026, 2, 3),
        valid_from=datetime.date(2026, 2, 3),
        valid_to=datetime.date(2027, 6, 30),
        indicators="Трудоустроено выпускников: не менее 3",
    )
    specialty = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    agreement.specialties.add(specialty)
    AgreementQuota.objects.create(agreement=agreement, specialty=specialty, places=4)
    group = factories.StudentGroupFactory(name="31 ГД", specialty=specialty)
    period = factories.PracticePeriodFactory(group=group)
    for last_name in ("Ромашкина", "Васильков"):
        student = factories.StudentFactory(group=group, last_name=last_name, first_name="Олеся")
        practice.assign(period, student, partner)
    return agreement, period


def _docx_text(content):
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return document, paragraphs, tables


def test_docx_holds_the_parties_number_dates_clauses_and_appendix(
    client_for, head, agreement_with_appendix
):
    agreement, period = agreement_with_appendix
    url = reverse("agreements:document_docx", args=[agreement.pk])
    response = client_for(head).get(url, {"period": period.pk})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''dogovor-2026-015-%D0%9F.docx" in response["Content-Disposition"]
    document, paragraphs, tables = _docx_text(response.content)
    text = "\n".join(paragraphs)
    for words in (
        "ДОГОВОР № 2026/015-П",
        "о практической подготовке обучающихся",
        "г. Омск\t03.02.2026",
        "Договор действует с 03.02.2026 по 30.06.2027.",
        "1. Предмет договора",
        "1.1. Предметом договора является организация практической подготовки обучающихся "
        "по специальностям: 43.02.14 «Гостиничное дело».",
        "1.3. Количество обучающихся: 43.02.14 — 4 чел.\n",
        "3.1. Трудоустроено выпускников: не менее 3",
        "4. Срок действия договора",
        "Приложение к договору № 2026/015-П",
    ):
        assert words in text, words
    assert "ООО «Сказка» (ИНН 7707083893)" in text
    signatures, appendix = tables
    college, partner = (cell[0] for cell in zip(*signatures, strict=True))
    assert "БПОУ «КИТЭК»" in college and "Директор" in college
    assert "ООО «Сказка»" in partner and "ИНН 7707083893" in partner
    assert "ОГРН 1027700132195" in partner and "ул. Ленина, 1" in partner
    assert appendix[0] == ["№", "ФИО обучающегося", "Группа", "Специальность", "Сроки", "Наставник"]
    assert [row[1] for row in appendix[1:]] == [
        "Васильков Олеся Сергеевич",
        "Ромашкина Олеся Сергеевич",
    ]
    assert appendix[1][2:5] == ["31 ГД", "43.02.14", "07.12.2026–19.12.2026"]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 12)
    title = document.paragraphs[0].runs[0]
    assert (title.bold, title.font.size.pt) == (True, 14)


def test_docx_and_pdf_say_the_same(client_for, head, agreement_with_appendix):
    agreement, period = agreement_with_appendix
    client = client_for(head)
    query = {"period": period.pk}
    docx = client.get(reverse("agreements:document_docx", args=[agreement.pk]), query)
    pdf = client.get(reverse("agreements:document", args=[agreement.pk]), query)
    _, paragraphs, _ = _docx_text(docx.content)
    pdf_text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    clauses = [p for p in paragraphs if p[:2] in {"1.", "2.", "3.", "4."}]
    assert len(clauses) >= 9
    for clause in clauses:
        # PDF text extraction may hyphenate nothing but does rewrap lines: compare words.
        assert " ".join(clause.split())[:60] in pdf_text, clause


def test_docx_download_is_logged_as_personal_data(client_for, head, agreement_with_appendix):
    agreement, period = agreement_with_appendix
    client_for(head).get(
        reverse("agreements:document_docx", args=[agreement.pk]), {"period": period.pk}
    )
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.kind) == (head, PersonalDataKind.AGREEMENT_DOCX)
    assert "2026/015-П" in entry.description and "в приложении: 2" in entry.description


def test_docx_has_the_pdfs_access_rule(client_for, employer_a, employer_b, teacher):
    agreement = factories.AgreementFactory(partner=employer_a.partner)
    url = reverse("agreements:document_docx", args=[agreement.pk])
    assert client_for(employer_b).get(url).status_code == 404
    # The agreement is negotiated in Word with its own partner.
    assert client_for(employer_a).get(url).status_code == 200
    assert client_for(teacher).get(url).status_code == 200


def test_tripartite_docx_names_the_student_as_a_party(client_for, head):
    student = factories.StudentFactory(last_name="Ромашкина", group__name="21 ТУР")
    agreement = factories.AgreementFactory(kind="tripartite", student=student, number="ТД-5")
    response = client_for(head).get(reverse("agreements:document_docx", args=[agreement.pk]))
    _, paragraphs, tables = _docx_text(response.content)
    assert "о практической подготовке обучающегося (трёхсторонний)" in "\n".join(paragraphs)
    assert "обучающийся Ромашкина" in "\n".join(paragraphs)
    assert len(tables) == 1 and len(tables[0][0]) == 3  # three signature blocks, no appendix


def test_detail_page_offers_the_docx_next_to_the_pdf(client_for, head, agreement_with_appendix):
    agreement, _ = agreement_with_appendix
    page = client_for(head).get(agreement.get_absolute_url()).content.decode()
    assert "Скачать DOCX" in page
    assert reverse("agreements:document_docx", args=[agreement.pk]) in page


def test_docx_runs_constant_queries(
    client_for, head, agreement_with_appendix, django_assert_max_num_queries
):
    agreement, period = agreement_with_appendix
    AgreementQuota.objects.filter(agreement=agreement).update(places=20)
    for n in range(10):
        student = factories.StudentFactory(group=period.group, last_name=f"Студент{n}")
        practice.assign(period, student, agreement.partner)
    client = client_for(head)
    url = reverse("agreements:document_docx", args=[agreement.pk])
    # session, user, agreement with partner and student, specialties, modules, quotas,
    # the quotas' specialties, appendix placements, the personal-data log insert
    with django_assert_max_num_queries(9):
        response = client.get(url, {"period": period.pk})
    assert response.status_code == 200
