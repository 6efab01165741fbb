"""Graduate employment imported from a file, through the worker."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice.employment_import import EmploymentImport
from practice.models import Employment, Student, StudentGroup
from tests import factories, import_steps
from tests.test_import_files import sqlite_batches

pytestmark = pytest.mark.django_db

HEADERS = ["ФИО", "Группа", "Год выпуска", "Статус", "Организация", "Должность", "Дата"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def group(db):
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    return StudentGroup.objects.create(name="41 ГД", specialty=hotel, course=4, admission_year=2022)


@pytest.fixture
def students(group):
    return [
        factories.StudentFactory(
            group=group, last_name="Ромашкина", first_name="Алина", middle_name="Сергеевна"
        ),
        factories.StudentFactory(
            group=group, last_name="Ёлкин", first_name="Пётр", middle_name="", status="graduated"
        ),
    ]


@pytest.fixture
def hotel(db):
    return factories.PartnerFactory(name="ООО «Отель Тара»", inn="5503012345")


ROWS = [
    ("Ромашкина Алина Сергеевна", "41 ГД", 2026, "Трудоустроена по специальности", "5503012345",
     "Администратор", "01.08.2026"),
    ("елкин петр", "41 ГД", "", "Призван в армию", "", "", "15.07.2026"),
]  # fmt: skip


def xlsx(rows, headers=HEADERS):
    return SimpleUploadedFile("graduates.xlsx", tablib.Dataset(*rows, headers=headers).xlsx)


def upload(client, file):
    return import_steps.upload(client, reverse("practice:employment_import"), file)


def confirm(client, response):
    url = reverse("practice:employment_import_confirm")
    return import_steps.confirm(client, url, response.context["token"])


def test_file_is_previewed_then_imported_and_students_become_graduates(
    client_for, head, students, hotel
):
    client = client_for(head)
    response = upload(client, xlsx(ROWS))
    page = response.content.decode()
    assert "Будет создано: 2" in page
    assert "Ромашкина Алина Сергеевна будет отмечен(а) выпускником 30.06.2026" in page
    assert not Employment.objects.exists()  # the preview writes nothing
    assert Student.objects.get(last_name="Ромашкина").status == "studying"

    response = confirm(client, response)
    assert "Импортировано: создано 2" in response.content.decode()
    alina = Student.objects.get(last_name="Ромашкина")
    assert (alina.status, alina.graduated_on) == ("graduated", datetime.date(2026, 6, 30))
    job = alina.employment.get()
    assert (job.status, job.partner, job.organisation) == ("specialty", hotel, "")
    assert (job.position, job.date, job.recorded_by) == (
        "Администратор",
        datetime.date(2026, 8, 1),
        head,
    )
    assert Student.objects.get(last_name="Ёлкин").employment.get().status == "army"


def test_organisation_outside_the_registry_is_kept_as_text(head, students):
    row = ("Ромашкина Алина Сергеевна", "41 ГД", 2026, "Трудоустроен не по специальности",
           "ИП Сидоров", "Продавец", "01.09.2026")  # fmt: skip
    totals, failed = EmploymentImport(head).apply(tablib.Dataset(row, headers=HEADERS))
    record = Employment.objects.get()
    assert (record.status, record.partner, record.organisation) == ("elsewhere", None, "ИП Сидоров")


def test_reimporting_the_same_file_creates_no_duplicates_and_updates_a_changed_row(
    client_for, head, students, hotel
):
    client = client_for(head)
    confirm(client, upload(client, xlsx(ROWS)))
    response = upload(client, xlsx(ROWS))
    assert response.context["preview"].counts == {"new": 0, "update": 0, "skip": 2, "error": 0}
    changed = [(*ROWS[0][:5], "Старший администратор", ROWS[0][6]), ROWS[1]]
    response = upload(client, xlsx(changed))
    assert response.context["preview"].counts["update"] == 1
    confirm(client, response)
    assert Employment.objects.count() == 2
    assert Employment.objects.get(status="specialty").position == "Старший администратор"
    alina = Student.objects.get(last_name="Ромашкина")
    assert alina.graduated_on == datetime.date(2026, 6, 30)


def test_row_errors_are_in_russian_and_nothing_is_written(client_for, head, group, students):
    factories.StudentFactory(group=group, last_name="Иванов", first_name="Иван", middle_name="")
    factories.StudentFactory(group=group, last_name="Иванов", first_name="Иван", middle_name="")
    factories.StudentFactory(group=group, last_name="Отчисленная", first_name="Ольга",
                             middle_name="", status="expelled")  # fmt: skip
    rows = [
        ROWS[0],
        ("Петрова Мария", "41 ГД", 2026, "Трудоустроена по специальности", "ООО «Я»", "", ""),
        ("Иванов Иван", "41 ГД", 2026, "Не трудоустроен", "", "", ""),
        ("Ромашкина Алина Сергеевна", "41 ГД", 2026, "Уехала", "", "", "02.08.2026"),
        ("Ромашкина Алина Сергеевна", "41 ГД", "", "Трудоустроена по специальности", "", "",
         "03.08.2026"),
        ("Отчисленная Ольга", "41 ГД", 2026, "Не трудоустроена", "", "", ""),
        ROWS[0],
    ]  # fmt: skip
    client = client_for(head)
    response = upload(client, xlsx(rows))
    preview, page = response.context["preview"], response.content.decode()
    assert [row.number for row in preview.rows if row.errors] == [3, 4, 5, 6, 7, 8]
    assert "В группе «41 ГД» нет обучающегося «Петрова Мария»" in page
    assert "В группе «41 ГД» несколько обучающихся «Иванов Иван»" in page
    assert "«Статус»: Неизвестное значение «Уехала»" in page
    assert "«Организация»: Укажите организацию или выберите партнёра." in page
    assert "Отчисленная Ольга отчислен(а), а не выпущен(а)" in page
    assert "уже есть в строке 2 файла" in page
    assert "ничего не сохранено" in page and "token" not in response.context
    assert not Employment.objects.exists()
    assert Student.objects.get(last_name="Ромашкина").status == "studying"


def test_student_not_yet_graduated_needs_a_graduation_year(head, students):
    row = ("Ромашкина Алина Сергеевна", "41 ГД", "", "Продолжает обучение", "", "", "01.09.2026")
    totals, failed = EmploymentImport(head).apply(tablib.Dataset(row, headers=HEADERS))
    assert "укажите «Год выпуска» или «Дату выпуска»" in failed.rows[0].errors[0]
    assert not Employment.objects.exists()


def test_graduation_date_column_is_used_as_given(head, students):
    headers = ["ФИО", "Группа", "Дата выпуска", "Статус"]
    row = ("Ромашкина Алина Сергеевна", "41 ГД", "27.06.2026", "Отпуск по уходу за ребёнком")
    totals, failed = EmploymentImport(head).apply(tablib.Dataset(row, headers=headers))
    alina = Student.objects.get(last_name="Ромашкина")
    assert alina.graduated_on == datetime.date(2026, 6, 27)
    record = alina.employment.get()  # without «Дата», the record is dated on graduation
    assert (record.status, record.date) == ("parental", datetime.date(2026, 6, 27))


@pytest.mark.parametrize("count", [10, 100])
def test_preview_and_confirm_run_constant_queries(
    count, head, group, hotel, django_assert_num_queries
):
    for n in range(count):
        student = Student.objects.create(last_name="Выпускников", first_name=f"В{n}", group=group)
        if n % 2:
            Employment.objects.create(student=student, status="none", date="2026-08-01")
    rows = [
        (f"Выпускников В{n}", "41 ГД", 2026, "По специальности", "5503012345", "", "01.08.2026")
        for n in range(count)
    ]
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    # partners, the file's groups' students, their employment records
    with django_assert_num_queries(3):
        preview = EmploymentImport(head).preview(dataset)
    assert preview.counts == {"new": count // 2, "update": count // 2, "skip": 0, "error": 0}
    # savepoint and release, the 3 loads, students graduated, records inserted, records updated
    with django_assert_num_queries(8 + sqlite_batches([(Employment, count // 2)])):
        totals, failed = EmploymentImport(head).apply(dataset)
    assert totals == {"new": count // 2, "update": count // 2, "skip": 0}
    assert Employment.objects.filter(status="specialty", partner=hotel).count() == count
    assert Student.objects.filter(status="graduated").count() == count


def test_template_has_the_columns_and_an_example_row_that_is_not_imported(
    client_for, head, students, hotel
):
    client = client_for(head)
    response = client.get(reverse("practice:employment_import"), {"template": 1})
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert data.headers[:2] == ["ФИО", "Группа"] and "Статус" in data.headers
    row = dict(zip(HEADERS, ROWS[0], strict=True))
    rows = [list(data[0]), [row.get(h, "") for h in data.headers]]
    response = upload(client, xlsx(rows, headers=data.headers))
    assert response.context["preview"].counts["new"] == 1
    assert "образец из шаблона" in response.content.decode()


def test_list_links_to_the_import_for_managers_only(client_for, head, teacher):
    link = reverse("practice:employment_import")
    assert link in client_for(head).get(reverse("practice:employment_list")).content.decode()
    page = client_for(teacher).get(reverse("practice:employment_list")).content.decode()
    assert link not in page


def test_teachers_and_employers_cannot_import(client_for, teacher, employer_a):
    for user in (teacher, employer_a):
        client = client_for(user)
        assert client.get(reverse("practice:employment_import")).status_code == 403
        url = reverse("practice:employment_import_confirm")
        assert client.post(url, {"token": "x"}).status_code == 403
    assert not Employment.objects.exists()


def test_another_manager_cannot_open_someone_elses_import(client_for, head, students):
    client = client_for(head)
    job_url = client.post(reverse("practice:employment_import"), {"file": xlsx(ROWS)}).url
    assert client_for(factories.PracticeHeadFactory()).get(job_url).status_code == 404
