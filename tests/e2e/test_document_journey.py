"""A large schedule asked for in the browser: the progress page updates itself (htmx) and
offers the file once the worker has rendered it."""

import pytest
from playwright.sync_api import expect

from jobs.models import BackgroundJob
from jobs.services import run_job
from practice import services
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_head_asks_for_a_large_schedule_and_gets_the_file_when_ready(
    page, live_server, settings, tmp_path
):
    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 5
    settings.MEDIA_ROOT = tmp_path
    factories.PracticeHeadFactory(username="belova")
    period = factories.PracticePeriodFactory(group__name="41 ГД")
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    for student in factories.StudentFactory.create_batch(6, group=period.group):
        services.assign(period, student, partner)

    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}/practice/schedule/?period={period.pk}")
    page.get_by_role("link", name="PDF").click()

    expect(page.get_by_text("Задание в очереди")).to_be_visible()
    expect(page.locator("#jobs-badge .badge")).to_have_text("1")  # one file being prepared
    run_job(BackgroundJob.objects.get().pk)  # what the Celery worker does

    download = page.get_by_role("link", name="Скачать")
    expect(download).to_be_visible()  # the page polled and swapped itself
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    page.get_by_role("link", name="Мои файлы").first.click()
    expect(page.get_by_role("link", name="График дислокации: производственная")).to_be_visible()
