"""Large documents are rendered by the worker; small ones stay instant.

The threshold is lowered to 30 rows here (``DOCUMENTS_IN_WORKER_ABOVE_ROWS``, 200 in
production) so that a "large" schedule takes seconds to build, not minutes.
"""

import io

import pytest
import tablib
from django.urls import reverse
from pypdf import PdfReader

from jobs.models import BackgroundJob
from jobs.services import run_job
from practice import services
from tests import factories

pytestmark = pytest.mark.django_db

LARGE = 31


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = LARGE - 1
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def period():
    return factories.PracticePeriodFactory(group__name="41 ГД")


@pytest.fixture
def skazka():
    return factories.PartnerFactory(name="ООО «Сказка»", address="ул. 10 лет Октября, 127")


@pytest.fixture
def large_period(period, skazka):
    mentor = factories.ContactFactory(partner=skazka, last_name="Руденко", phone="+7 3812 11-22-33")
    students = factories.StudentFactory.create_batch(LARGE - 1, group=period.group)
    students.append(factories.StudentFactory(group=period.group, last_name="Ромашкина"))
    for student in students:
        services.assign(period, student, skazka, mentor=mentor)
    return period


def pdf_text(content):
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def schedule(client, period, file_format="pdf"):
    return client.get(reverse("practice:schedule"), {"period": period.pk, "format": file_format})


def downloaded(response):
    return b"".join(response.streaming_content)


def test_large_schedule_pdf_answers_with_the_progress_page_in_few_queries(
    client_for, head, large_period, django_assert_max_num_queries
):
    client = client_for(head)
    # session, user, the printed values (data key and size), the user's unfinished and
    # stored jobs for these data, the title (period), the new job
    with django_assert_max_num_queries(7):
        response = schedule(client, large_period)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.owner == head and job.status == "queued"
    assert "41 ГД" in job.title and "PDF" in job.title
    page = client.get(response.url).content.decode()
    assert "Задание в очереди" in page and 'hx-trigger="every 2s"' in page


def test_the_worker_renders_the_schedule_pdf(client_for, head, large_period):
    client = client_for(head)
    schedule(client, large_period)
    job = BackgroundJob.objects.get()
    assert run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.filename.startswith("grafik-dislokacii-")
    response = client.get(job.get_download_url())
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(downloaded(response))
    for words in ("УТВЕРЖДАЮ", "Ромашкина", "ООО «Сказка»", "Руденко", "+7 3812 11-22-33"):
        assert words in text, words


def test_the_worker_renders_the_schedule_xlsx(client_for, head, large_period):
    client = client_for(head)
    response = schedule(client, large_period, "xlsx")
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    run_job(job.pk)
    data = tablib.Dataset().load(downloaded(client.get(job.get_download_url())), format="xlsx")
    assert len(data) == LARGE and data.headers[1] == "ФИО обучающегося"
    assert any(row[1].startswith("Ромашкина") for row in data)


def test_schedule_download_is_404_for_another_user_and_another_employer(
    client_for, head, deputy, employer_b, large_period
):
    schedule(client_for(head), large_period)
    job = BackgroundJob.objects.get()
    run_job(job.pk)
    for outsider in (deputy, employer_b):
        client = client_for(outsider)
        assert client.get(job.get_download_url()).status_code == 404
        assert client.get(job.get_absolute_url()).status_code == 404
    assert client_for(head).get(job.get_download_url()).status_code == 200


def test_unchanged_data_serves_the_stored_file_without_a_new_job(client_for, head, large_period):
    client = client_for(head)
    schedule(client, large_period)
    job = BackgroundJob.objects.get()
    run_job(job.pk)
    again = schedule(client, large_period)
    assert again.status_code == 302 and again.url == job.get_download_url()
    assert BackgroundJob.objects.count() == 1


def test_a_second_click_while_rendering_joins_the_same_job(client_for, head, large_period):
    client = client_for(head)
    first = schedule(client, large_period)
    second = schedule(client, large_period)
    assert first.url == second.url and BackgroundJob.objects.count() == 1


def test_changed_data_renders_a_new_file(client_for, head, large_period, skazka):
    client = client_for(head)
    schedule(client, large_period)
    old = BackgroundJob.objects.get()
    run_job(old.pk)
    skazka.address = "ул. Ленина, 1"
    skazka.save()
    response = schedule(client, large_period)
    new = BackgroundJob.objects.exclude(pk=old.pk).get()
    assert response.url == new.get_absolute_url()
    run_job(new.pk)
    assert "ул. Ленина, 1" in pdf_text(downloaded(client.get(new.get_download_url())))


def test_a_small_schedule_stays_instant(client_for, head, period, skazka):
    services.assign(period, factories.StudentFactory(group=period.group), skazka)
    response = schedule(client_for(head), period)
    assert response["Content-Type"] == "application/pdf"
    assert not BackgroundJob.objects.exists()


def test_a_large_supervisors_order_is_rendered_by_the_worker(client_for, head, teacher):
    for group in factories.StudentGroupFactory.create_batch(LARGE):
        factories.PracticePeriodFactory(group=group).supervisors.add(teacher)
    client = client_for(head)
    response = client.get(reverse("practice:order"))
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    run_job(job.pk)
    text = pdf_text(downloaded(client.get(job.get_download_url())))
    assert "ПРИКАЗ" in text and teacher.full_name in text
    teacher.position = "Методист"
    teacher.save()
    client.get(reverse("practice:order"))
    assert BackgroundJob.objects.count() == 2  # a supervisor's new position: a new file


def test_a_large_agreements_export_is_rendered_by_the_worker(client_for, head, employer_b):
    factories.AgreementFactory.create_batch(LARGE, partner=factories.PartnerFactory())
    client = client_for(head)
    response = client.get(reverse("agreements:export"))
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    run_job(job.pk)
    data = tablib.Dataset().load(downloaded(client.get(job.get_download_url())), format="xlsx")
    assert len(data) == LARGE
    assert client_for(employer_b).get(job.get_download_url()).status_code == 404


def test_a_large_partners_csv_export_is_rendered_by_the_worker(client_for, head):
    factories.PartnerFactory.create_batch(LARGE)
    client = client_for(head)
    client.get(reverse("partners:export"), {"format": "csv", "status": ""})
    job = BackgroundJob.objects.get()
    assert job.params == {"filters": {"status": [""]}, "format": "csv"}
    run_job(job.pk)
    job.refresh_from_db()
    content = downloaded(client.get(job.get_download_url())).decode("utf-8-sig")
    assert job.filename.endswith(".csv") and len(content.strip().splitlines()) == LARGE + 1
