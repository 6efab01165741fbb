"""Personal data (152-ФЗ): who viewed or downloaded it, retention, the privacy notice."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonalDataAccess, PersonalDataKind
from kitek_portal.periodic import PERIODIC_TASKS
from practice import privacy, services
from practice.models import Placement, Student
from practice.tasks import anonymise_graduates_task
from tests import factories

pytestmark = pytest.mark.django_db

Kind = PersonalDataKind


@pytest.fixture
def period():
    period = factories.PracticePeriodFactory(group__name="41 ГД")
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    student = factories.StudentFactory(group=period.group, last_name="Ромашкина")
    services.assign(period, student, partner)
    return period


def only_entry():
    entries = list(PersonalDataAccess.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


@pytest.mark.parametrize(
    ("params", "kind", "content_type"),
    [
        ({}, Kind.SCHEDULE_PAGE, "text/html"),
        ({"format": "pdf"}, Kind.SCHEDULE_PDF, "application/pdf"),
        ({"format": "xlsx"}, Kind.SCHEDULE_XLSX, "application/vnd.openxmlformats"),
    ],
)
def test_schedule_views_and_downloads_are_logged(
    client_for, teacher, period, params, kind, content_type
):
    response = client_for(teacher).get(
        reverse("practice:schedule"), {"period": period.pk, **params}
    )
    assert response["Content-Type"].startswith(content_type)
    entry = only_entry()
    assert (entry.user, entry.username, entry.kind) == (teacher, teacher.username, kind)
    assert "41 ГД" in entry.description and "строк: 1" in entry.description
    assert f"period={period.pk}" in entry.path
    assert (entry.ip_address, entry.forwarded_for) == ("127.0.0.1", "")


def test_behind_the_proxy_the_log_keeps_the_forwarded_client_address(client_for, deputy, period):
    client = client_for(deputy)
    client.get(reverse("practice:order"), headers={"x-forwarded-for": "10.20.30.40"})
    assert only_entry().forwarded_for == "10.20.30.40"
    assert "за прокси: 10.20.30.40" in client.get(reverse("personal_data_log")).text


def test_supervisors_order_download_is_logged(client_for, head, period):
    response = client_for(head).get(reverse("practice:order"), {"period": period.pk})
    assert response["Content-Type"] == "application/pdf"
    entry = only_entry()
    assert (entry.user, entry.kind) == (head, Kind.ORDER_PDF)
    assert "41 ГД" in entry.description


def test_agreement_pdf_with_student_appendix_is_logged(client_for, head, period):
    partner = Placement.objects.get().partner
    agreement = factories.AgreementFactory(partner=partner, number="ДП-77")
    url = reverse("agreements:document", args=[agreement.pk])
    response = client_for(head).get(url, {"period": period.pk})
    assert response["Content-Type"] == "application/pdf"
    entry = only_entry()
    assert (entry.user, entry.kind) == (head, Kind.AGREEMENT_PDF)
    assert "ДП-77" in entry.description and "в приложении: 1" in entry.description
    assert (entry.object_type, entry.object_id) == ("agreements.agreement", str(agreement.pk))


def test_tripartite_agreement_scan_download_is_logged(client_for, employer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    student = factories.StudentFactory()
    agreement = factories.AgreementFactory(
        partner=employer_a.partner, kind="tripartite", student=student, number="ТД-5"
    )
    agreement.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"))
    response = client_for(employer_a).get(reverse("agreements:scan_download", args=[agreement.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    entry = only_entry()
    assert (entry.user, entry.kind) == (employer_a, Kind.AGREEMENT_SCAN)
    assert "ТД-5" in entry.description


def test_student_lists_are_logged(client_for, head, employer_a, period):
    client = client_for(head)
    client.get(reverse("practice:group_detail", args=[period.group.pk]))
    client.get(period.get_absolute_url())
    services.assign(
        period, factories.StudentFactory(group=period.group), employer_a.partner, mentor=None
    )
    client_for(employer_a).get(reverse("practice:my_students"))
    entries = PersonalDataAccess.objects.order_by("pk")
    assert [(e.user, e.kind) for e in entries] == [
        (head, Kind.STUDENT_LIST),
        (head, Kind.STUDENT_LIST),
        (employer_a, Kind.STUDENT_LIST),
    ]
    assert "41 ГД" in entries[0].description
    assert "41 ГД" in entries[1].description


def test_refused_requests_log_nothing(client_for, employer_b, period):
    client = client_for(employer_b)
    assert client.get(reverse("practice:schedule")).status_code == 403
    assert client.get(reverse("practice:order")).status_code == 403
    assert client.get(period.get_absolute_url()).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_the_log_page_is_for_the_deputy_and_administrators_only(
    client, client_for, deputy, head, teacher, employer_a, period
):
    url = reverse("personal_data_log")
    assert client.get(url).status_code == 302  # anonymous: the login page
    client_for(teacher).get(reverse("practice:schedule"), {"period": period.pk})
    for outsider in (head, teacher, employer_a):
        assert client_for(outsider).get(url).status_code == 403
    for auditor in (deputy, factories.AdminFactory()):
        response = client_for(auditor).get(url)
        assert response.status_code == 200
        assert "График дислокации (страница)" in response.text
        assert teacher.username in response.text
        assert "Журнал ПДн" in response.text  # in the menu


def test_the_log_page_filters_by_user_kind_and_date(client_for, deputy, head, teacher, period):
    client_for(teacher).get(reverse("practice:schedule"), {"period": period.pk})
    client_for(head).get(reverse("practice:order"))
    old = PersonalDataAccess.objects.create(
        username="former", kind=Kind.SCHEDULE_XLSX, description="Старая выгрузка"
    )
    PersonalDataAccess.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    client = client_for(deputy)
    url = reverse("personal_data_log")

    def shown(**params):
        return [e.pk for e in client.get(url, params).context["entries"]]

    assert len(shown()) == 3
    by_teacher = shown(user=teacher.last_name)
    assert [PersonalDataAccess.objects.get(pk=pk).user for pk in by_teacher] == [teacher]
    assert shown(user="former") == [old.pk]
    order = shown(kind=Kind.ORDER_PDF)
    assert [PersonalDataAccess.objects.get(pk=pk).user for pk in order] == [head]
    recent = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert old.pk not in shown(date_from=recent)
    assert shown(date_to=recent) == [old.pk]


def test_the_log_page_runs_constant_queries(client_for, deputy, django_assert_max_num_queries):
    for user in factories.TeacherFactory.create_batch(30):
        PersonalDataAccess.objects.create(
            user=user, username=user.username, kind=Kind.SCHEDULE_PDF, description="График"
        )
    client = client_for(deputy)
    # session, user, count, entries with their users
    with django_assert_max_num_queries(4):
        response = client.get(reverse("personal_data_log"))
    assert len(response.context["entries"]) == 30


def test_the_log_is_read_only_in_the_admin(client_for):
    entry = PersonalDataAccess.objects.create(
        username="head", kind=Kind.ORDER_PDF, description="Приказ"
    )
    client = client_for(factories.AdminFactory())
    assert client.get(reverse("admin:accounts_personaldataaccess_changelist")).status_code == 200
    change_url = reverse("admin:accounts_personaldataaccess_change", args=[entry.pk])
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"description": "Подделка"})
    assert client.get(reverse("admin:accounts_personaldataaccess_add")).status_code == 403
    delete_url = reverse("admin:accounts_personaldataaccess_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.description == "Приказ"


def test_the_log_keeps_the_username_when_the_user_is_deleted(client_for, teacher, period):
    client_for(teacher).get(reverse("practice:schedule"), {"period": period.pk})
    teacher.delete()
    entry = only_entry()
    assert (entry.user, entry.username) == (None, teacher.username)


def test_privacy_notice_is_public_and_linked_from_login_and_footer(client, client_for, head):
    url = reverse("privacy")
    response = client.get(url)
    assert response.status_code == 200
    assert "Политика обработки персональных данных" in response.text
    assert "152-ФЗ" in response.text and "5 лет после выпуска" in response.text
    assert f'href="{url}"' in client.get(reverse("login")).text
    assert f'href="{url}"' in client_for(head).get(reverse("dashboard")).text


# Retention: graduates anonymised after PERSONAL_DATA_RETENTION_YEARS.

TODAY = datetime.date(2026, 11, 25)


def graduate(graduated_on, **kwargs):
    student = factories.StudentFactory(
        status=Student.Status.GRADUATED,
        graduated_on=graduated_on,
        phone="+7 913 000-00-00",
        email="student@mail.test",
        **kwargs,
    )
    period = factories.PracticePeriodFactory(group=student.group)
    placement = services.assign(period, student, factories.PartnerFactory(), mentor=None)
    placement.employer_evaluation = "Аккуратна, вежлива, опаздывала дважды"
    placement.final_grade = 5
    placement.save()
    return student


def test_old_graduates_are_anonymised_and_counts_stay(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    old = graduate(datetime.date(2021, 6, 30), last_name="Ромашкина", first_name="Анна")
    recent = graduate(datetime.date(2022, 6, 30))
    studying = factories.StudentFactory(phone="+7 913 111-11-11")
    tripartite = factories.AgreementFactory(kind="tripartite", student=old)
    tripartite.save()  # a second history row
    students, placements = Student.objects.count(), Placement.objects.count()

    assert privacy.anonymise_graduates(TODAY) == 1

    old.refresh_from_db()
    assert old.full_name == f"Выпускник № {old.pk}"
    assert (old.phone, old.email, old.middle_name) == ("", "", "")
    assert old.anonymised_at is not None
    placement = old.placements.get()
    assert placement.employer_evaluation == ""
    assert placement.final_grade == 5  # statistics keep the grade
    assert not Placement.history.filter(student_id=old.pk).exists()
    assert not tripartite.history.exists()
    assert (Student.objects.count(), Placement.objects.count()) == (students, placements)
    for kept in (recent, studying):
        kept_before = kept.full_name
        kept.refresh_from_db()
        assert kept.full_name == kept_before and kept.phone
    assert Placement.history.filter(student_id=recent.pk).exists()
    assert privacy.anonymise_graduates(TODAY) == 0  # nothing twice


def test_retention_years_come_from_the_setting(settings):
    recent = graduate(datetime.date(2024, 6, 30))
    settings.PERSONAL_DATA_RETENTION_YEARS = 3
    assert privacy.anonymise_graduates(TODAY) == 0
    settings.PERSONAL_DATA_RETENTION_YEARS = 2
    assert privacy.anonymise_graduates(TODAY) == 1
    recent.refresh_from_db()
    assert recent.last_name == "Выпускник"


def test_graduation_date_is_set_when_a_student_graduates():
    student = factories.StudentFactory()
    assert student.graduated_on is None
    student.status = Student.Status.GRADUATED
    student.save(update_fields=["status"])
    student.refresh_from_db()
    assert student.graduated_on == timezone.localdate()


def test_a_graduate_marked_in_bulk_starts_the_clock_instead_of_being_kept_forever(settings):
    student = factories.StudentFactory(phone="+7 913 000-00-00")
    Student.objects.filter(pk=student.pk).update(status=Student.Status.GRADUATED)
    assert privacy.anonymise_graduates(TODAY) == 0
    student.refresh_from_db()
    assert student.graduated_on == TODAY and student.phone
    later = TODAY.replace(year=TODAY.year + settings.PERSONAL_DATA_RETENTION_YEARS)
    assert privacy.anonymise_graduates(later) == 1


def test_retention_runs_daily_from_beat(settings):
    entry = PERIODIC_TASKS["personal-data-retention"]
    assert entry["task"] == "practice.tasks.anonymise_graduates_task"
    settings.PERSONAL_DATA_RETENTION_YEARS = 1
    graduate(timezone.localdate() - datetime.timedelta(days=400))
    assert anonymise_graduates_task() == {"anonymised": 1}
