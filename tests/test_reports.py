"""The report pack: XLSX cells and PDF text read back, who may take it, constant queries."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from partners.models import Participation
from practice.models import Employment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    group = factories.StudentGroupFactory(name="41 ГД", specialty=hotel)
    period = factories.PracticePeriodFactory(
        group=group, start=date(2025, 12, 8), end=date(2025, 12, 20)
    )
    partner = factories.PartnerFactory(name="ООО «Сказка»", status="active", places_per_year=6)
    factories.AgreementFactory(partner=partner, valid_from=date(2025, 1, 1))
    for grade in (5, None):
        factories.PlacementFactory(period=period, partner=partner, final_grade=grade)
    factories.StudentFactory(group=group)  # not placed
    Participation.objects.create(
        partner=partner, kind="demo_exam", date=date(2026, 6, 16), title="=1+1 демоэкзамен"
    )
    graduates = [
        factories.StudentFactory(group=group, status="graduated", graduated_on=date(2026, 6, 30))
        for _ in range(3)
    ]
    Employment.objects.create(
        student=graduates[0], status="none", date=date(2026, 7, 1)
    )  # then found a job: the latest record counts
    Employment.objects.create(
        student=graduates[0], status="specialty", partner=partner, date=date(2026, 9, 1)
    )
    Employment.objects.create(student=graduates[1], status="army", date=date(2026, 7, 10))
    return {"hotel": hotel, "partner": partner}


def _xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_coverage_and_employment_as_the_college_reports_them(client_for, deputy, college):
    client = client_for(deputy)
    rows = _xlsx(client.get(reverse("monitoring:report_download", args=["coverage", "xlsx"])
                            + "?year=2025"))  # fmt: skip
    assert rows[0][:5] == [
        "Специальность",
        "Группа",
        "Периодов практики",
        "Обучающихся",
        "Размещено",
    ]
    assert rows[1] == ["43.02.14", "41 ГД", 1, 3, 2, 0, 2, 0, 1, 0]

    rows = _xlsx(client.get(reverse("monitoring:report_download", args=["employment", "xlsx"])
                            + "?year=2025"))  # fmt: skip
    assert rows[0] == [
        "Специальность", "Выпускников", "Трудоустроен по специальности",
        "Трудоустроен не по специальности", "Продолжает обучение", "Призван в армию",
        "Отпуск по уходу за ребёнком", "Не трудоустроен", "Нет сведений",
    ]  # fmt: skip
    assert rows[1] == ["43.02.14 Гостиничное дело", 3, 1, 0, 0, 1, 0, 0, 1]


def test_participation_export_carries_no_live_formula(client_for, deputy, college):
    response = client_for(deputy).get(
        reverse("monitoring:report_download", args=["participation", "xlsx"]) + "?year=2025"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.value == "=1+1 демоэкзамен" and cell.data_type == "s"


def test_the_whole_pack_as_one_pdf(client_for, deputy, college, django_assert_max_num_queries):
    client = client_for(deputy)
    url = (
        reverse("monitoring:report_download", args=["all", "pdf"])
        + "?start=2025-09-01&end=2026-08-31"
    )
    with django_assert_max_num_queries(20):
        response = client.get(url)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for title in (
        "Охват практикой по группам",
        "Реестр партнёров: сводка",
        "Совещания и их решения",
        "Участие работодателей",
        "Трудоустройство выпускников",
    ):
        assert title in text
    assert "01.09.2025–31.08.2026" in text and "ООО «Сказка»" in text


def test_bad_range_is_explained(client_for, deputy):
    response = client_for(deputy).get(reverse("monitoring:reports") + "?start=2026-05-01")
    assert "Укажите обе даты периода" in response.content.decode()


def test_who_may_take_the_reports(client_for, head, teacher, employer_a, college):
    other = factories.SpecialtyFactory(code="38.02.04", name="Коммерция")
    head.specialties.add(other)
    rows = _xlsx(client_for(head).get(
        reverse("monitoring:report_download", args=["coverage", "xlsx"]) + "?year=2025"
    ))  # fmt: skip
    assert len(rows) == 1  # the hotel group is not this head's
    url = reverse("monitoring:reports")
    assert client_for(teacher).get(url).status_code == 403
    assert client_for(employer_a).get(url).status_code == 403
    assert (
        client_for(employer_a)
        .get(reverse("monitoring:report_download", args=["partners", "pdf"]))
        .status_code
        == 403
    )


def test_a_long_report_pdf_is_laid_out_by_the_worker(client_for, deputy, head, college, settings):
    from jobs.models import BackgroundJob
    from jobs.services import run_job

    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 2  # the pack has more rows than that
    client = client_for(deputy)
    url = reverse("monitoring:report_download", args=["all", "pdf"]) + "?year=2025"
    response = client.get(url)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.title == "Отчёты за 01.09.2025–31.08.2026 (PDF)"
    assert run_job(job.pk)
    pdf = client.get(job.get_download_url())
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Трудоустройство выпускников" in text and "ООО «Сказка»" in text
    # Unchanged data: the stored file at once, no second job.
    again = client.get(url)
    assert again.url == job.get_download_url() and BackgroundJob.objects.count() == 1
    # Another user, even a practice head, does not get the deputy's file.
    assert client_for(head).get(job.get_download_url()).status_code == 404
