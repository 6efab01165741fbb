import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import PersonalDataAccess
from practice import attendance
from practice.models import AttestationSheet, Competency, ProfessionalModule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    specialty = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    module = ProfessionalModule.objects.create(
        specialty=specialty,
        code="ПМ.05",
        name="Выполнение работ по одной или нескольким профессиям рабочих, должностям служащих",
    )
    for order, (code, name) in enumerate(
        [
            ("ПК 5.1", "Планировать закупки для гостиничного предприятия"),
            ("ПК 5.2", "Вести учёт и оформлять документы по закупкам"),
        ]
    ):
        Competency.objects.create(module=module, code=code, name=name, order=order)
    return module


@pytest.fixture
def period(module):
    today = timezone.localdate()
    return factories.PracticePeriodFactory(
        group__specialty=module.specialty,
        group__name="31 ГД",
        module=module,
        kind="training",
        start=today - datetime.timedelta(days=12),
        end=today,
        hours=72,
    )


@pytest.fixture
def placement(period, employer_a):
    mentor = factories.ContactFactory(partner=employer_a.partner, user=employer_a, is_mentor=True)
    return factories.PlacementFactory(
        period=period,
        partner=employer_a.partner,
        mentor=mentor,
        status="in_progress",
        student__last_name="Ромашкина",
        student__first_name="Алина",
        student__middle_name="Олеговна",
        supervisor=factories.TeacherFactory(last_name="Савельева", first_name="Марина"),
    )


def _competency_data(module, *answers):
    competencies = Competency.objects.filter(module=module).order_by("order")
    return {f"pk_{c.pk}": a for c, a in zip(competencies, answers, strict=False) if a}


def _data(module, action, *answers, grade="5", characterisation="Вежлива, пунктуальна."):
    return {
        "action": action,
        "characterisation": characterisation,
        "grade": grade,
        "works-TOTAL_FORMS": "3",
        "works-INITIAL_FORMS": "0",
        "works-MIN_NUM_FORMS": "0",
        "works-MAX_NUM_FORMS": "30",
        "works-0-kind": "Составление заявок поставщикам",
        "works-0-hours": "24",
        "works-1-kind": "Приёмка товара на склад",
        "works-1-hours": "48",
        "works-2-kind": "",
        "works-2-hours": "",
        **_competency_data(module, *answers),
    }


def _url(placement, name="practice:attestation"):
    return reverse(name, args=[placement.pk])


def _sign(client, placement, module):
    return client.post(_url(placement), _data(module, "sign", "yes", "no"))


def test_mentor_saves_a_draft_without_every_answer(client_for, employer_a, placement, module):
    client = client_for(employer_a)
    response = client.post(_url(placement), _data(module, "draft", "yes", grade=""))
    assert response.status_code == 302
    sheet = AttestationSheet.objects.get(placement=placement)
    assert sheet.status == "draft" and sheet.grade is None
    assert [w.kind for w in sheet.works.all()] == [
        "Составление заявок поставщикам",
        "Приёмка товара на склад",
    ]
    placement.refresh_from_db()
    assert placement.employer_grade is None  # a draft is not the employer's grade yet
    page = client.get(_url(placement)).content.decode()
    assert "Черновик" in page and "Приёмка товара на склад" in page
    for button in ("Сохранить черновик", "Подписать", "Скачать PDF"):
        assert button in page


def test_signing_with_a_competency_unanswered_is_refused_and_input_kept(
    client_for, employer_a, placement, module
):
    response = client_for(employer_a).post(
        _url(placement), _data(module, "sign", "yes", None, characterisation="Старательная")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Не отмечены: ПК 5.2" in page
    assert "Отметьте, освоена ли компетенция." in page
    assert "Старательная" in page
    assert "Составление заявок поставщикам" in page
    assert not AttestationSheet.objects.exists()


def test_signing_without_a_grade_is_refused(client_for, employer_a, placement, module):
    response = client_for(employer_a).post(
        _url(placement), _data(module, "sign", "yes", "yes", grade="")
    )
    assert "Поставьте оценку, чтобы подписать лист." in response.content.decode()
    assert not AttestationSheet.objects.filter(status="signed").exists()


def test_signed_sheet_sets_the_employer_grade_and_review(client_for, employer_a, placement, module):
    client = client_for(employer_a)
    assert _sign(client, placement, module).status_code == 302
    sheet = AttestationSheet.objects.get(placement=placement)
    assert sheet.status == "signed" and sheet.grade == 5
    assert sheet.signer_name == "Руденко Светлана Игоревна"
    assert {r.competency.code: r.mastered for r in sheet.results.all()} == {
        "ПК 5.1": True,
        "ПК 5.2": False,
    }
    placement.refresh_from_db()
    assert placement.employer_grade == 5
    assert placement.employer_evaluation == "Вежлива, пунктуальна."
    # Signed is final: neither the sheet nor the old review form changes it.
    again = client.post(_url(placement), _data(module, "draft", "no", "no", grade="3"))
    assert again.status_code == 200
    assert AttestationSheet.objects.get(placement=placement).grade == 5
    review = client.post(
        reverse("practice:evaluate", args=[placement.pk]),
        {"employer_grade": "2", "employer_evaluation": "Другое"},
    )
    assert review.status_code == 302
    placement.refresh_from_db()
    assert placement.employer_grade == 5


def test_new_sheet_starts_from_the_employers_review(client_for, employer_a, placement):
    placement.employer_grade, placement.employer_evaluation = 4, "Аккуратна в документах."
    placement.save()
    page = client_for(employer_a).get(_url(placement)).content.decode()
    assert "Аккуратна в документах." in page
    assert '<option value="4" selected>' in page


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_signed_sheet_pdf_has_the_student_competencies_and_grade(
    client_for, employer_a, head, placement, module, django_assert_max_num_queries
):
    _sign(client_for(employer_a), placement, module)
    client = client_for(head)
    # session, user, the placement, the sheet with its placement's student, group,
    # specialty, period, module, partner, mentor and supervisor, its results, its works,
    # the module's competencies, the personal-data log entry
    with django_assert_max_num_queries(8):
        response = client.get(_url(placement, "practice:attestation_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response).split())
    assert "Аттестационный лист по практике" in text
    assert "Ромашкина Алина Олеговна" in text
    assert "43.02.14 «Гостиничное дело»" in text
    assert "ПК 5.1 Планировать закупки" in text and "ПК 5.2" in text
    assert "освоена" in text and "не освоена" in text
    assert "5 (отлично)" in text
    assert "Приёмка товара на склад" in text
    assert "Руденко Светлана Игоревна" in text
    assert "Савельева Марина" in text
    assert "М.П." in text
    assert PersonalDataAccess.objects.filter(kind="attestation", user=head).exists()


def test_employer_downloads_own_pdf(client_for, employer_a, placement, module):
    client = client_for(employer_a)
    _sign(client, placement, module)
    response = client.get(_url(placement, "practice:attestation_pdf"))
    assert response.status_code == 200
    assert "Ромашкина" in _pdf_text(response)


def test_period_pdf_holds_every_signed_sheet(client_for, employer_a, head, placement, module):
    _sign(client_for(employer_a), placement, module)
    other = factories.PlacementFactory(period=placement.period, student__last_name="Берёзкин")
    AttestationSheet.objects.create(placement=other, status="signed", grade=4)
    draft = factories.PlacementFactory(period=placement.period, student__last_name="Черновой")
    AttestationSheet.objects.create(placement=draft)
    response = client_for(head).get(
        reverse("practice:period_attestation_pdf", args=[placement.period_id])
    )
    text = _pdf_text(response)
    assert "Ромашкина" in text and "Берёзкин" in text
    assert "Черновой" not in text


def test_supervisor_sees_the_sheet_state_where_the_grade_is_set(
    client_for, employer_a, head, placement, module
):
    page = client_for(head).get(reverse("practice:placement_edit", args=[placement.pk]))
    assert "Не заполнен организацией" in page.content.decode()
    _sign(client_for(employer_a), placement, module)
    page = client_for(head).get(reverse("practice:placement_edit", args=[placement.pk]))
    html = page.content.decode()
    assert "Подписан" in html
    assert _url(placement, "practice:attestation_pdf") in html


def test_staff_read_the_sheet_but_do_not_fill_it(client_for, head, placement, module):
    response = client_for(head).post(_url(placement), _data(module, "sign", "yes", "yes"))
    assert response.status_code == 200
    assert "Подписать" not in response.content.decode()
    assert not AttestationSheet.objects.exists()


def test_list_shows_the_organisations_students_with_sheet_state(
    client_for, employer_a, placement, module
):
    client = client_for(employer_a)
    page = client.get(reverse("practice:attestation_list")).content.decode()
    assert "Ромашкина" in page and "Не заполнен" in page
    _sign(client, placement, module)
    page = client.get(reverse("practice:attestation_list")).content.decode()
    assert "Подписан, 5" in page


def test_other_partners_employer_gets_404_on_attestation_urls(
    client_for, employer_a, employer_b, placement, module
):
    attendance.save_sheet(
        placement,
        employer_a,
        answers={c.pk: True for c in module.competencies.all()},
        works=[],
        characterisation="Хорошо",
        grade=5,
        sign=True,
    )
    client = client_for(employer_b)
    for url in (
        _url(placement),
        _url(placement, "practice:attestation_pdf"),
        reverse("practice:period_attestation_pdf", args=[placement.period_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_url(placement), _data(module, "draft", "no")).status_code == 404
    listing = client.get(reverse("practice:attestation_list")).content.decode()
    assert "Ромашкина" not in listing


def test_demo_has_purchasing_practice_with_attendance_and_a_signed_sheet():
    from django.core.management import call_command

    from practice.models import AttendanceMark, PracticePeriod

    call_command("seed_demo")
    period = PracticePeriod.objects.get(
        group__name="31 ГД", module__code="ПМ.05", start=datetime.date(2026, 11, 16)
    )
    assert period.module.professions.filter(code="20015").exists()
    assert period.module.competencies.filter(code="ПК 5.1").exists()
    assert AttendanceMark.objects.filter(placement__period=period).count() >= 6
    sheet = AttestationSheet.objects.get(placement__period=period, status="signed")
    assert sheet.placement.employer_grade == sheet.grade == 4
    assert sheet.placement.mentor.user.username == "employer"


def _signed(placement, employer, module):
    return attendance.save_sheet(
        placement,
        employer,
        answers={c.pk: True for c in module.competencies.all()},
        works=[("Приёмка товара", 8)],
        characterisation="Старательная",
        grade=5,
        sign=True,
    )


def test_head_returns_a_signed_sheet_to_the_organisation(
    client_for, head, teacher, employer_a, placement, module
):
    _signed(placement, employer_a, module)
    url = reverse("practice:attestation_reopen", args=[placement.pk])
    assert client_for(teacher).post(url).status_code == 403
    assert client_for(employer_a).post(url).status_code == 403
    assert client_for(head).post(url).status_code == 302
    assert AttestationSheet.objects.get(placement=placement).status == "draft"
    page = client_for(employer_a).get(_url(placement)).content.decode()
    assert "Подписать" in page and "Старательная" in page


def test_other_partners_employer_gets_404_on_reopen(
    client_for, employer_a, employer_b, placement, module
):
    _signed(placement, employer_a, module)
    url = reverse("practice:attestation_reopen", args=[placement.pk])
    assert client_for(employer_b).post(url).status_code == 404
    assert AttestationSheet.objects.get(placement=placement).is_signed


def test_period_pdf_runs_constant_queries(
    client_for, head, employer_a, placement, module, django_assert_max_num_queries
):
    _signed(placement, employer_a, module)
    for _ in range(6):
        other = factories.PlacementFactory(period=placement.period, partner=employer_a.partner)
        _signed(other, employer_a, module)
    client = client_for(head)
    # session, user, the period with its module, the sheets with their placements, results,
    # works, the modules' competencies, the personal-data log entry
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("practice:period_attestation_pdf", args=[placement.period_id])
        )
    assert response["Content-Type"] == "application/pdf"
    assert _pdf_text(response).count("Аттестационный лист по практике") == 7


# --- many sheets: the worker; the admin; more work rows -----------------------------------


def _many_signed(placement, employer, module, count):
    _signed(placement, employer, module)
    for n in range(count - 1):
        other = factories.PlacementFactory(
            period=placement.period, partner=employer.partner, student__last_name=f"Листов{n}"
        )
        _signed(other, employer, module)


def test_period_pdf_of_many_sheets_goes_to_the_worker(
    client_for, head, employer_a, placement, module, settings, tmp_path
):
    from jobs.models import BackgroundJob
    from jobs.services import run_job

    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 3
    settings.MEDIA_ROOT = tmp_path
    _many_signed(placement, employer_a, module, 4)
    client = client_for(head)
    url = reverse("practice:period_attestation_pdf", args=[placement.period_id])

    response = client.get(url)

    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "practice.attestation_pdf" and "31 ГД" in job.title
    assert "Задание в очереди" in client.get(response.url).content.decode()
    assert run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.message
    download = client.get(job.get_download_url())
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download))).pages).split()
    )
    assert text.count("Аттестационный лист по практике") == 4
    assert "Ромашкина" in text and "Листов2" in text
    # The same data asked again: the stored file, no second job.
    again = client.get(url)
    assert again.url == job.get_download_url() and BackgroundJob.objects.count() == 1
    assert job.title in client.get(reverse("jobs:list")).content.decode()


def test_employers_file_from_the_worker_holds_only_their_students(
    client_for, employer_a, employer_b, placement, module, settings, tmp_path
):
    from jobs.models import BackgroundJob
    from jobs.services import run_job

    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    _many_signed(placement, employer_a, module, 2)
    foreign = factories.PlacementFactory(
        period=placement.period, partner=employer_b.partner, student__last_name="Чужаков"
    )
    _signed(foreign, employer_b, module)
    url = reverse("practice:period_attestation_pdf", args=[placement.period_id])

    client_for(employer_a).get(url)

    job = BackgroundJob.objects.get(owner=employer_a)
    run_job(job.pk)
    download = client_for(employer_a).get(job.get_download_url())
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download))).pages)
    assert "Ромашкина" in text and "Чужаков" not in text
    assert client_for(employer_b).get(job.get_download_url()).status_code == 404


def test_period_pdf_under_the_threshold_stays_instant(
    client_for, head, employer_a, placement, module, settings
):
    from jobs.models import BackgroundJob

    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 3
    _many_signed(placement, employer_a, module, 3)
    response = client_for(head).get(
        reverse("practice:period_attestation_pdf", args=[placement.period_id])
    )
    assert response["Content-Type"] == "application/pdf"
    assert _pdf_text(response).count("Аттестационный лист по практике") == 3
    assert not BackgroundJob.objects.exists()


def test_admin_shows_attendance_and_sheets_with_results_and_works(
    client, employer_a, placement, module
):
    from django.contrib.auth import get_user_model

    sheet = _signed(placement, employer_a, module)
    attendance.mark(placement, placement.period.start, "present", "", employer_a)
    admin = get_user_model().objects.create_superuser("root", "root@kitek.test", "x")
    client.force_login(admin)

    marks = client.get(reverse("admin:practice_attendancemark_changelist")).content.decode()
    assert "Ромашкина" in marks and "Присутствовал" in marks
    page = client.get(reverse("admin:practice_attestationsheet_change", args=[sheet.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Приёмка товара" in html and "ПК 5.1" in html
    # The signature is the mentor's act on the portal: shown, not editable.
    assert 'name="signer_name"' not in html and 'name="signed_at_0"' not in html
    assert sheet.signer_name in html


def test_work_rows_get_an_add_row_button_and_keep_every_row(
    client_for, employer_a, placement, module
):
    client = client_for(employer_a)
    page = client.get(_url(placement)).content.decode()
    assert 'id="formset-add-row"' in page and 'id="formset-empty-row"' in page
    assert "works-__prefix__-kind" in page and "js/formset-rows.js" in page
    data = _data(module, "draft", "yes")
    data["works-TOTAL_FORMS"] = "5"
    data.update({"works-3-kind": "Инвентаризация", "works-4-kind": "Отчёт по закупкам"})

    assert client.post(_url(placement), data).status_code == 302

    sheet = AttestationSheet.objects.get(placement=placement)
    assert [w.kind for w in sheet.works.all()][-2:] == ["Инвентаризация", "Отчёт по закупкам"]


def test_sheet_page_reads_the_competencies_and_answers_once(
    client_for, employer_a, placement, module
):
    client = client_for(employer_a)
    client.post(_url(placement), _data(module, "save", "yes"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(placement))
    assert response.status_code == 200
    for table in ("practice_competency", "practice_attestationresult"):
        reads = [q for q in queries if f'FROM "{table}"' in q["sql"]]
        assert len(reads) == 1, (table, len(reads))
