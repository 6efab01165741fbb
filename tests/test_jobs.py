"""Background jobs: the runner, the progress page, downloads, notices and cleanup."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.access import require_staff
from jobs import services
from jobs.models import BackgroundJob
from tests import factories

pytestmark = pytest.mark.django_db

KIND = "tests.greeting"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def greeting_kind():
    """A job kind for the tests: a text file, with the staff pages' permission."""

    def render(job, progress):
        progress(50, "Пишем приветствие")
        if job.params.get("fail") == "user":
            raise services.JobError("В выборке нет ни одной строки.")
        if job.params.get("fail") == "bug":
            raise RuntimeError("boom")
        job.result = {"rows": 1}
        return ContentFile(f"Привет, {job.owner.last_name}!".encode(), name="privet.txt")

    services.register(KIND, "Приветствие", check=require_staff)(render)
    yield
    services.KINDS.pop(KIND, None)


def finished_job(user, **params):
    job = services.start_job(user, KIND, params)
    services.run_job(job.pk)
    job.refresh_from_db()
    return job


def test_the_runner_stores_the_file_and_marks_the_job_done(head, media):
    job = finished_job(head)
    assert job.status == "done" and job.progress == 100
    assert job.file.name == f"jobs/{job.pk}/privet.txt"
    assert (media / job.file.name).read_text() == "Привет, Белова!"
    assert job.result == {"rows": 1}
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=1)


def test_a_job_delivered_twice_runs_once(head):
    job = services.start_job(head, KIND, {})
    assert services.run_job(job.pk) is True
    assert services.run_job(job.pk) is False
    assert BackgroundJob.objects.get(pk=job.pk).status == "done"


def test_a_failed_job_tells_the_user_why_in_russian(head):
    assert finished_job(head, fail="user").message == "В выборке нет ни одной строки."
    job = finished_job(head, fail="bug")
    assert job.status == "failed" and "внутренней ошибки" in job.message
    assert not job.file


def test_progress_page_polls_until_done_then_offers_the_file(client_for, head):
    job = services.start_job(head, KIND, {}, return_url="/practice/schedule/")
    client = client_for(head)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "в очереди" in page and 'hx-trigger="every 2s"' in page
    services.run_job(job.pk)
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Файл готов" in fragment and "hx-trigger" not in fragment
    assert reverse("jobs:download", args=[job.pk]) in fragment


def test_failure_page_shows_the_message(client_for, head):
    job = finished_job(head, fail="user")
    page = client_for(head).get(job.get_absolute_url()).content.decode()
    assert "В выборке нет ни одной строки." in page and "Скачать" not in page


def test_owner_downloads_the_file(client_for, head):
    job = finished_job(head)
    response = client_for(head).get(job.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "Привет, Белова!"
    assert "attachment" in response["Content-Disposition"]


def test_another_user_gets_404_for_the_job_and_its_file(client_for, head, deputy, employer_a):
    job = finished_job(head)
    for user in (deputy, employer_a):
        client = client_for(user)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(job.get_download_url()).status_code == 404


def test_owner_who_lost_the_pages_permission_cannot_download(client_for, head):
    job = finished_job(head)
    head.is_active = True
    head.role = "employer"
    head.partner = factories.PartnerFactory()
    head.save()
    with pytest.raises(PermissionDenied):
        services.check_download(head, job)
    assert client_for(head).get(job.get_download_url()).status_code == 403


def test_unfinished_job_download_leads_to_the_progress_page(client_for, head):
    job = services.start_job(head, KIND, {})
    response = client_for(head).get(job.get_download_url())
    assert response.status_code == 302 and response.url == job.get_absolute_url()


def test_same_data_key_reuses_the_job_and_a_new_key_makes_a_new_one(head):
    first = services.start_job(head, KIND, {}, data_key="a" * 64)
    assert services.start_job(head, KIND, {}, data_key="a" * 64) == first  # still queued
    services.run_job(first.pk)
    assert services.ready_job(head, KIND, "a" * 64) == first
    assert services.start_job(head, KIND, {}, data_key="a" * 64) == first  # stored file
    assert services.start_job(head, KIND, {}, data_key="b" * 64) != first
    assert BackgroundJob.objects.count() == 2


def test_stored_file_is_not_shared_with_another_user(head, deputy):
    job = services.start_job(head, KIND, {}, data_key="a" * 64)
    services.run_job(job.pk)
    assert services.ready_job(deputy, KIND, "a" * 64) is None


def test_data_key_changes_with_the_printed_values(head):
    partners = factories.PartnerFactory.create_batch(3)

    def values():
        return factories.Partner.objects.order_by("pk").values_list("name", "address")

    key, rows = services.data_key("k", {"p": 1}, values())
    assert rows == 3
    assert services.data_key("k", {"p": 1}, values()) == (key, 3)
    assert services.data_key("k", {"p": 2}, values())[0] != key
    partners[1].address = "ул. Ленина, 1"
    partners[1].save()
    assert services.data_key("k", {"p": 1}, values())[0] != key


def test_navbar_notices_a_finished_job_once(client_for, head):
    job = services.start_job(head, KIND, {})
    client = client_for(head)
    badge = client.get(reverse("jobs:badge")).content.decode()
    assert 'hx-trigger="every 5s"' in badge and "Файл готов" not in badge
    services.run_job(job.pk)
    badge = client.get(reverse("jobs:badge")).content.decode()
    assert "Файл готов" in badge and job.get_download_url() in badge
    assert "hx-trigger" not in badge  # nothing left to wait for
    assert "Файл готов" not in client.get(reverse("jobs:badge")).content.decode()


def test_my_files_lists_only_my_jobs(client_for, head, deputy):
    finished_job(head)
    other = finished_job(deputy)
    other.title = "Чужой документ"
    other.save()
    page = client_for(head).get(reverse("jobs:list")).content.decode()
    assert "Приветствие" in page and "Чужой документ" not in page


def test_cleanup_removes_old_files_and_keeps_fresh_ones(head, media):
    old = finished_job(head)
    fresh = finished_job(head)
    BackgroundJob.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.cleanup() == 1
    assert not (media / old.file.name).exists()
    assert (media / fresh.file.name).exists()
    assert list(BackgroundJob.objects.all()) == [fresh]


def test_cleanup_fails_jobs_whose_worker_died(head):
    job = services.start_job(head, KIND, {})
    BackgroundJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    services.cleanup()
    job.refresh_from_db()
    assert job.status == "failed" and "Запустите его заново" in job.message


def test_cleanup_is_on_the_beat_schedule():
    from kitek_portal.periodic import PERIODIC_TASKS

    tasks = {entry["task"] for entry in PERIODIC_TASKS.values()}
    assert "jobs.tasks.cleanup_jobs_task" in tasks
