"""The employer participation register imported from a file, through the worker."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Participation
from partners.participation_import import ParticipationImport
from practice.models import StudentGroup
from tests import factories, import_steps
from tests.test_import_files import sqlite_batches

pytestmark = pytest.mark.django_db

HEADERS = ["Дата", "Вид участия", "Мероприятие", "Партнёр", "Роль", "Специальность", "Группа"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def partner(db):
    return factories.PartnerFactory(name="ООО «Вкусно»", inn="7707083893")


@pytest.fixture
def group(db):
    cooks = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    return StudentGroup.objects.create(name="41 ПК", specialty=cooks, course=4, admission_year=2022)


def xlsx(rows, headers=HEADERS):
    return SimpleUploadedFile("participation.xlsx", tablib.Dataset(*rows, headers=headers).xlsx)


ROWS = [
    ("20.06.2026", "демоэкзамен", "ДЭ «Поварское дело»", "7707083893", "Эксперт", "", "41 ПК"),
    ("15.05.2026", "ГИА", "ГЭК 43.02.15", "ООО «Вкусно»", "Председатель", "43.02.15", ""),
]


def upload(client, file):
    return import_steps.upload(client, reverse("partners:participation_import"), file)


def confirm(client, response):
    url = reverse("partners:participation_import_confirm")
    return import_steps.confirm(client, url, response.context["token"])


def test_file_is_previewed_then_imported_with_labels_and_synonyms(client_for, head, partner, group):
    client = client_for(head)
    response = upload(client, xlsx(ROWS))
    assert "Будет создано: 2" in response.content.decode()
    assert not Participation.objects.exists()  # the preview writes nothing

    response = confirm(client, response)
    assert "Импортировано: создано 2" in response.content.decode()
    exam = Participation.objects.get(kind="demo_exam")
    assert (exam.partner, exam.date, exam.role) == (partner, datetime.date(2026, 6, 20), "expert")
    assert exam.group == group and exam.specialty == group.specialty  # from the group
    gia = Participation.objects.get(kind="gia")
    assert gia.role == "chair" and gia.specialty.code == "43.02.15" and gia.created_by == head


def test_reimporting_the_same_file_creates_no_duplicates_and_updates_a_changed_row(
    client_for, head, partner, group
):
    client = client_for(head)
    confirm(client, upload(client, xlsx(ROWS)))
    response = upload(client, xlsx(ROWS))
    assert response.context["preview"].counts == {"new": 0, "update": 0, "skip": 2, "error": 0}
    changed = [ROWS[0], (*ROWS[1][:4], "Член комиссии", *ROWS[1][5:])]
    response = upload(client, xlsx(changed))
    assert response.context["preview"].counts["update"] == 1
    confirm(client, response)
    assert Participation.objects.count() == 2
    assert Participation.objects.get(kind="gia").role == "member"


def test_row_errors_are_in_russian_and_nothing_is_written(client_for, head, partner, group):
    rows = [
        ROWS[0],
        ("20.06.2026", "Субботник", "Уборка", "7707083893", "", "", ""),
        ("31.02.2026", "ГИА", "ГЭК", "ООО «Неизвестное»", "", "", ""),
        ("01.03.2026", "Мастер-класс", "Торты", "7707083893", "", "43.02.14", "41 ПК"),
        ROWS[0],
    ]
    client = client_for(head)
    response = upload(client, xlsx(rows))
    preview, page = response.context["preview"], response.content.decode()
    assert [row.number for row in preview.rows if row.errors] == [3, 4, 5, 6]
    assert "«Вид участия»: Неизвестное значение «Субботник»" in page
    assert "«31.02.2026» — не дата" in page
    assert "Партнёр «ООО «Неизвестное»» не найден в реестре" in page
    assert "Специальность 43.02.14 не найдена в справочнике" in page
    assert "Это же участие уже есть в строке 2 файла" in page
    assert "ничего не сохранено" in page and "token" not in response.context
    assert not Participation.objects.exists()


def test_group_of_another_specialty_is_a_row_error(head, partner, group):
    factories.SpecialtyFactory(code="43.02.14")
    row = ("01.03.2026", "Мастер-класс", "Торты", "7707083893", "", "43.02.14", "41 ПК")
    totals, failed = ParticipationImport(head).apply(tablib.Dataset(row, headers=HEADERS))
    assert failed.rows[0].errors == ["«Группа»: Группа относится к другой специальности."]
    assert not Participation.objects.exists()


@pytest.mark.parametrize("count", [10, 100])
def test_preview_and_confirm_run_constant_queries(
    count, head, partner, group, django_assert_num_queries
):
    day = datetime.date(2026, 3, 1)
    for n in range(0, count, 2):
        Participation.objects.create(
            partner=partner, date=day, kind="master_class", title=f"Мастер-класс {n}"
        )
    rows = [
        ("01.03.2026", "Мастер-класс", f"Мастер-класс {n}", "7707083893", "Лектор", "", "41 ПК")
        for n in range(count)
    ]
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    # partners, specialties, groups, the records on the file's dates
    with django_assert_num_queries(4):
        preview = ParticipationImport(head).preview(dataset)
    assert preview.counts == {"new": count // 2, "update": count // 2, "skip": 0, "error": 0}
    # savepoint and release, the 4 loads, the new records, the updated ones
    with django_assert_num_queries(8 + sqlite_batches([(Participation, count // 2)])):
        totals, failed = ParticipationImport(head).apply(dataset)
    assert totals == {"new": count // 2, "update": count // 2, "skip": 0}
    assert Participation.objects.filter(role="lecturer", group=group).count() == count


def test_template_has_the_columns_and_an_example_row_that_is_not_imported(
    client_for, head, partner, group
):
    client = client_for(head)
    response = client.get(reverse("partners:participation_import"), {"template": 1})
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert data.headers[:4] == ["Дата", "Вид участия", "Мероприятие", "Партнёр"]
    rows = [list(data[0]), [c or "" for c in ROWS[0]] + [""]]
    response = upload(client, xlsx(rows, headers=data.headers))
    assert response.context["preview"].counts["new"] == 1
    assert "образец из шаблона" in response.content.decode()


def test_list_links_to_the_import_for_managers_only(client_for, head, teacher):
    link = reverse("partners:participation_import")
    assert link in client_for(head).get(reverse("partners:participation_list")).content.decode()
    page = client_for(teacher).get(reverse("partners:participation_list")).content.decode()
    assert link not in page


def test_teachers_and_employers_cannot_import(client_for, teacher, employer_a):
    for user in (teacher, employer_a):
        client = client_for(user)
        assert client.get(reverse("partners:participation_import")).status_code == 403
        url = reverse("partners:participation_import_confirm")
        assert client.post(url, {"token": "x"}).status_code == 403
    assert not Participation.objects.exists()


def test_another_manager_cannot_open_someone_elses_import(client_for, head, partner, group):
    client = client_for(head)
    job_url = client.post(reverse("partners:participation_import"), {"file": xlsx(ROWS)}).url
    assert client_for(factories.PracticeHeadFactory()).get(job_url).status_code == 404
