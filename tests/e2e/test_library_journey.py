import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from library import services
from library.models import Document, ReadReceipt
from meetings.models import Recommendation
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_employer_reads_the_programme_and_proposes_a_correction(
    phone_page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = phone_page
    employer = factories.EmployerFactory(username="rudenko", partner__name="ООО «Сказка»")
    document = Document.objects.create(
        kind="programme", title="Программа практики ПМ.05", audience="all"
    )
    pdf = SimpleUploadedFile("programme.pdf", b"%PDF-1.4 programme")
    services.publish_version(document, pdf, "Первая редакция")
    login(page, live_server, "rudenko", factories.PASSWORD)

    page.goto(f"{live_server.url}/library/")
    expect(page.get_by_text("новая версия")).to_be_visible()
    page.get_by_role("link", name="Программа практики ПМ.05").click()
    with page.expect_download():
        page.get_by_role("link", name="Скачать текущую версию 1").click()
    assert ReadReceipt.objects.filter(user=employer).count() == 1

    page.get_by_label("Комментарий").fill("Добавить работу с электронными площадками")
    page.get_by_label("Это предложение исправления").check()
    page.get_by_role("button", name="Предложить исправление").click()
    expect(page.get_by_text("Добавить работу с электронными площадками")).to_be_visible()
    expect(page.locator("#comments").get_by_text("Предложена")).to_be_visible()
    assert Recommendation.objects.get().partner == employer.partner
