import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice.models import Student, StudentGroup
from tests import factories, import_steps

pytestmark = pytest.mark.django_db

HEADERS = ["ФИО", "Группа", "Специальность", "Курс"]


def xlsx(rows):
    return SimpleUploadedFile(
        "students.xlsx", tablib.Dataset(*rows, headers=HEADERS).export("xlsx")
    )


def upload_and_confirm(client, rows):
    response = import_steps.upload(client, reverse("practice:student_import"), xlsx(rows))
    if "token" not in response.context:
        return response
    url = reverse("practice:student_import_confirm")
    return import_steps.confirm(client, url, response.context["token"])


def test_students_and_new_groups_are_imported(client_for, head):
    factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    rows = [
        ("Ромашкина Алина Сергеевна", "21 ГД", "43.02.14 Гостиничное дело", 2),
        ("Ким Виталий", "21 ГД", "43.02.14 Гостиничное дело", 2),
    ]
    response = upload_and_confirm(client_for(head), rows)
    assert "Импортировано: создано 2" in response.content.decode()
    group = StudentGroup.objects.get(name="21 ГД")
    assert group.specialty.code == "43.02.14" and group.course == 2
    names = sorted(s.full_name for s in Student.objects.filter(group=group))
    assert names == ["Ким Виталий", "Ромашкина Алина Сергеевна"]


def test_importing_the_same_list_twice_creates_nobody_twice(client_for, head):
    group = factories.StudentGroupFactory(name="41 ГД")
    rows = [("Ромашкина Алина Сергеевна", "41 ГД", "", "")]
    client = client_for(head)
    upload_and_confirm(client, rows)
    upload_and_confirm(client, rows)
    assert Student.objects.filter(group=group).count() == 1


def test_row_errors_are_explained_and_nothing_is_written(client_for, head):
    factories.StudentGroupFactory(name="41 ГД")
    rows = [
        ("Ромашкина Алина Сергеевна", "41 ГД", "", ""),
        ("Одно", "41 ГД", "", ""),
        ("Петров Пётр", "99 ХХ", "", ""),
    ]
    response = upload_and_confirm(client_for(head), rows)
    page = response.content.decode()
    assert "Укажите фамилию и имя" in page
    assert "Группы «99 ХХ» ещё нет" in page
    assert not Student.objects.exists()
    assert not StudentGroup.objects.filter(name="99 ХХ").exists()


def test_only_managers_import_students(client_for, teacher, employer_a):
    assert client_for(teacher).get(reverse("practice:student_import")).status_code == 403
    assert client_for(employer_a).get(reverse("practice:student_import")).status_code == 403
