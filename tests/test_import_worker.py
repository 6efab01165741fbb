"""An import's preview and confirm run on a real Celery worker over the broker."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import BackgroundJob
from kitek_portal.celery import app
from partners.models import Partner
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wait_for_job(pk, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = BackgroundJob.objects.get(pk=pk)
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError("the worker did not finish the import job in time")


def test_partner_import_is_previewed_and_confirmed_by_a_real_worker(client, settings, tmp_path):
    if os.environ.get("CI"):
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    settings.MEDIA_ROOT = tmp_path
    head = factories.PracticeHeadFactory()
    client.force_login(head)
    app.control.purge()
    text = "Наименование;ИНН;Населённый пункт\r\nООО «Сказка»;7707083893;Омск\r\n"
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    ):
        # The request only stores the file and queues the job (published on commit).
        response = client.post(
            reverse("partners:import"), {"file": SimpleUploadedFile("p.csv", text.encode("cp1251"))}
        )
        job = _wait_for_job(int(response.url.rsplit("=", 1)[1]))
        assert job.status == "done", job.message
        page = client.get(response.url)
        assert "Будет создано: 1" in page.content.decode()
        assert not Partner.objects.exists()

        response = client.post(reverse("partners:import_confirm"), {"token": page.context["token"]})
        job = _wait_for_job(int(response.url.rsplit("=", 1)[1]))
        assert job.result["totals"] == {"new": 1, "update": 0, "skip": 0}
    assert client.get(response.url).context["totals_message"].startswith("Импортировано: создано 1")
    partner = Partner.objects.get()
    assert (partner.city, partner.history.get().history_user) == ("Омск", head)
