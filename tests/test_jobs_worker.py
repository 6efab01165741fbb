"""A large schedule PDF rendered by a real Celery worker over the configured broker."""

import io
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from pypdf import PdfReader

from jobs.models import BackgroundJob
from kitek_portal.celery import app
from practice import services
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_renders_a_large_schedule_requested_by_the_page(client, settings, tmp_path):
    if os.environ.get("CI"):
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 5
    period = factories.PracticePeriodFactory(group__name="41 ГД")
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    for student in factories.StudentFactory.create_batch(6, group=period.group):
        services.assign(period, student, partner)
    head = factories.PracticeHeadFactory()
    client.force_login(head)
    app.control.purge()

    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        # Autocommit here: the job is queued on commit, i.e. at once.
        response = client.get(reverse("practice:schedule"), {"period": period.pk, "format": "pdf"})
        job = BackgroundJob.objects.get()
        assert response.url == job.get_absolute_url()
        _wait_for(lambda: BackgroundJob.objects.get(pk=job.pk).is_finished)

    job.refresh_from_db()
    assert job.status == "done", job.message
    download = client.get(job.get_download_url())
    pages = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    assert "ООО «Сказка»" in " ".join(page.extract_text() for page in pages)


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not render the document in time")
