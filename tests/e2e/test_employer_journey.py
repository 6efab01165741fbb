"""Issue #11's journey, end to end in Chromium: the head gives a partner's contact access
to the portal; on a phone, the employer sets a password, confirms two placements and
declines one, marks a week of attendance, fills and signs the attestation sheet, downloads
its PDF, reads the practice programme and proposes a correction."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import OutgoingEmail
from library import services as library
from library.models import Document, ReadReceipt
from meetings.models import Recommendation
from practice.models import AttendanceMark, Competency, Placement, ProfessionalModule
from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _college(today):
    """A partner with a contact and a mentor; a ПМ.05 practice of three students that began
    eight days ago, proposed to the partner; the programme in the library."""
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    head = factories.PracticeHeadFactory(username="belova", last_name="Белова")
    head.specialties.add(hotel)
    contact = factories.ContactFactory(
        partner__name="ООО «Сказка»",
        last_name="Ким",
        first_name="Алина",
        email="kim@skazka.test",
        is_primary=True,
    )
    partner = contact.partner
    factories.ContactFactory(partner=partner, last_name="Руденко", is_mentor=True)
    module = ProfessionalModule.objects.create(
        specialty=hotel, code="ПМ.05", name="Выполнение работ по профессии «Агент по закупкам»"
    )
    for order, (code, name) in enumerate(
        [("ПК 5.1", "Планировать закупки"), ("ПК 5.2", "Заключать договоры поставки")], 1
    ):
        Competency.objects.create(module=module, code=code, name=name, order=order)
    group = factories.StudentGroupFactory(name="31 ГД", specialty=hotel, course=3)
    period = factories.PracticePeriodFactory(
        group=group,
        kind="training",
        module=module,
        start=today - timedelta(days=8),
        end=today + timedelta(days=6),
    )
    for last_name in ["Алексеева", "Борисова", "Васильев"]:
        student = factories.StudentFactory(group=group, last_name=last_name)
        factories.PlacementFactory(period=period, student=student, partner=partner)
    programme = Document.objects.create(
        kind="programme",
        title="Рабочая программа учебной практики ПМ.05",
        audience="specialty",
        specialty=hotel,
        module=module,
    )
    library.publish_version(programme, SimpleUploadedFile("pm05.pdf", b"%PDF-1.4 pm05"), "")
    period.programme_document = programme
    period.save(update_fields=["programme_document"])
    return contact, period


def _working_days(period, today):
    days = [period.start + timedelta(days=n) for n in range((today - period.start).days)]
    return [day for day in days if day.weekday() < 5][:5]


def test_head_gives_access_and_the_employer_runs_the_practice_on_a_phone(
    page, phone_page, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    contact, period = _college(today)

    # The practice head gives the contact access from the partner card (desktop).
    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}{contact.partner.get_absolute_url()}")
    page.locator(f"#contact-{contact.pk}").get_by_role("button", name="Выдать доступ").click()
    expect(page.locator(f"#contact-{contact.pk}")).to_contain_text("приглашение отправлено")
    body = OutgoingEmail.objects.get(to="kim@skazka.test").body
    link = next(line.strip() for line in body.splitlines() if "/accounts/invite/" in line)

    # The employer, on a phone, sets a password from the invitation and is logged in.
    phone = phone_page
    phone.goto(link)
    phone.locator("#id_new_password1").fill("Skazka-parol-2026")
    phone.locator("#id_new_password2").fill("Skazka-parol-2026")
    phone.get_by_role("button", name="Сохранить пароль и войти").click()
    expect(phone.get_by_role("heading", name="ООО «Сказка»")).to_be_visible()

    # Two placements confirmed at once with the mentor Руденко, the third declined.
    phone.goto(f"{live_server.url}/practice/my-students/")
    expect(phone.locator("#awaiting-confirmation")).to_contain_text("3")
    alekseeva, borisova, vasiliev = Placement.objects.order_by("student__last_name")
    phone.locator(f"#pick-{alekseeva.pk}").check()
    phone.locator(f"#pick-{borisova.pk}").check()
    phone.get_by_role("button", name="Подтвердить отмеченных").click()
    phone.get_by_label("Наставник").select_option(label="Руденко Светлана Игоревна")
    phone.get_by_role("button", name="Подтвердить").click()
    expect(phone.locator(f"#placement-{alekseeva.pk}")).to_contain_text("подтверждено")
    phone.locator(f"#placement-{vasiliev.pk}").get_by_role("link", name="Отклонить").click()
    phone.get_by_role("button", name="Отклонить").click()  # no reason: refused
    expect(phone.get_by_text("Укажите причину отказа")).to_be_visible()
    phone.get_by_label("Причина отказа").fill("В эти даты нет свободного наставника")
    phone.get_by_role("button", name="Отклонить").click()
    statuses = dict(Placement.objects.values_list("student__last_name", "status"))
    assert statuses == {"Алексеева": "confirmed", "Борисова": "confirmed", "Васильев": "cancelled"}

    # A week of attendance: one tap per student per day (htmx), Борисова late on Wednesday.
    week = _working_days(period, today)
    for day in week:
        phone.goto(f"{live_server.url}/practice/attendance/?date={day:%Y-%m-%d}")
        for placement, status in [(alekseeva, "Присутствовал"), (borisova, "Присутствовал")]:
            if placement == borisova and day.weekday() == 2:
                status = "Опоздал"
            row = phone.locator(f"#attendance-{placement.pk}")
            row.get_by_role("button", name=status).click()
            expect(phone.locator(f"#attendance-{placement.pk}")).not_to_contain_text("не отмечено")
    assert AttendanceMark.objects.count() == 2 * len(week) == 10
    assert AttendanceMark.objects.filter(status="late").count() == 1

    # The attestation sheet: a competency left unanswered is refused, the input kept.
    phone.goto(f"{live_server.url}/practice/attestation/")
    phone.get_by_role("link", name="Алексеева").click()
    expect(phone.get_by_role("heading", name="Аттестационный лист по практике")).to_be_visible()
    phone.get_by_role("group", name="ПК 5.1").get_by_label("освоена", exact=True).check()
    phone.locator("[name=works-0-kind]").fill("Составление заявок на закупку")
    phone.locator("[name=works-0-hours]").fill("36")
    phone.get_by_label("Характеристика").fill("Ответственная, аккуратно оформляет заявки.")
    phone.get_by_label("Оценка").select_option(value="5")
    phone.get_by_role("button", name="Подписать").click()
    expect(phone.get_by_role("group", name="ПК 5.2")).to_contain_text("Отметьте")
    assert phone.get_by_label("Характеристика").input_value().startswith("Ответственная")
    phone.get_by_role("group", name="ПК 5.2").get_by_label("освоена", exact=True).check()
    phone.get_by_role("button", name="Подписать").click()
    expect(phone.locator(".badge", has_text="Подписан")).to_be_visible()
    # The PDF opens inline (the browser's viewer); fetched with the employer's session.
    pdf_link = phone.get_by_role("link", name="Скачать PDF")
    response = phone.context.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for expected in ["Аттестационный лист", "Алексеева", "ПК 5.1", "освоена", "ООО «Сказка»"]:
        assert expected in text, expected
    alekseeva.refresh_from_db()
    assert alekseeva.employer_grade == 5

    # The programme from the placement card: read, then a correction proposed.
    phone.goto(f"{live_server.url}/practice/my-students/")
    phone.locator(f"#placement-{alekseeva.pk}").get_by_role("link", name="обсудить").click()
    with phone.expect_download():
        phone.get_by_role("link", name="Скачать текущую версию 1").click()
    assert ReadReceipt.objects.filter(user__contact=contact).count() == 1
    phone.get_by_label("Комментарий").fill("Добавить работу на электронных торговых площадках")
    phone.get_by_label("Это предложение исправления").check()
    phone.get_by_role("button", name="Предложить исправление").click()
    expect(phone.locator("#comments").get_by_text("Предложена")).to_be_visible()

    # Back at the college: the decline with its reason, the correction to consider.
    page.goto(f"{live_server.url}{period.get_absolute_url()}")
    expect(page.get_by_text("В эти даты нет свободного наставника")).to_be_visible()
    recommendation = Recommendation.objects.get()
    assert recommendation.partner == contact.partner
    assert "ПМ.05" in recommendation.subject
