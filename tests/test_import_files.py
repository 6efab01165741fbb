"""Imports of files as Excel really saves them, at a constant number of queries."""

import io
import math

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from jobs.models import BackgroundJob
from kitek_portal import imports
from partners.models import Partner, Sector
from partners.resources import PartnerImport
from practice.models import Student, StudentGroup
from practice.resources import StudentImport
from tests import factories, import_steps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def group(db):
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    return StudentGroup.objects.create(name="41 ГД", specialty=hotel, course=4, admission_year=2022)


def students_page(client, file):
    return import_steps.upload(client, reverse("practice:student_import"), file)


def confirm_students(client, response):
    url = reverse("practice:student_import_confirm")
    return import_steps.confirm(client, url, response.context["token"])


def xlsx(rows, merge=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("list.xlsx", out.getvalue())


def test_csv_saved_by_russian_excel_in_cp1251_with_semicolons_is_read(client_for, head, group):
    text = "ФИО;Группа;Статус\r\nРомашкина Алина Сергеевна;41 ГД;Отчислена\r\n"
    client = client_for(head)
    response = students_page(client, SimpleUploadedFile("list.csv", text.encode("cp1251")))
    assert response.context["preview"].is_valid
    confirm_students(client, response)
    student = Student.objects.get()
    assert (student.full_name, student.status) == ("Ромашкина Алина Сергеевна", "expelled")


def test_unicode_text_saved_by_excel_utf16_with_tabs_is_read(client_for, head, group):
    text = "ФИО\tГруппа\r\nКим Виталий\t41 ГД\r\n"
    client = client_for(head)
    response = students_page(client, SimpleUploadedFile("list.csv", text.encode("utf-16")))
    assert response.context["preview"].is_valid
    confirm_students(client, response)
    assert Student.objects.get().full_name == "Ким Виталий"


def test_csv_utf8_with_bom_and_commas_is_read(client_for, head, group):
    text = "\ufeffФИО,Группа,Телефон\nКим Виталий,41 ГД,+7 913 000-00-00\n"
    response = students_page(client_for(head), SimpleUploadedFile("list.csv", text.encode()))
    preview = response.context["preview"]
    assert preview.headers == ["ФИО", "Группа", "Телефон"]
    assert preview.is_valid and preview.counts["new"] == 1


def test_title_row_above_the_header_is_skipped(client_for, head, group):
    file = xlsx([["Список группы 41 ГД"], [], ["ФИО", "Группа"], ["Ким Виталий", "41 ГД"]])
    response = students_page(client_for(head), file)
    preview = response.context["preview"]
    assert preview.is_valid
    assert [row.number for row in preview.rows] == [4]  # the line in the file, as Excel shows


def test_two_level_merged_header_is_understood(client_for, head, group):
    rows = [
        ["ФИО", "Группа", "Контакты", None],
        [None, None, "Телефон", "E-mail"],
        ["Ким Виталий", "41 ГД", "+7 913 000-00-00", "kim@example.ru"],
    ]
    client = client_for(head)
    response = students_page(client, xlsx(rows, merge=["A1:A2", "B1:B2", "C1:D1"]))
    assert response.context["preview"].is_valid
    confirm_students(client, response)
    assert Student.objects.get().email == "kim@example.ru"


def test_the_templates_example_row_is_never_imported(client_for, head, group):
    client = client_for(head)
    template = client.get(reverse("practice:student_import"), {"template": 1})
    data = tablib.Dataset().load(template.content, format="xlsx")
    data.append(["Ким Виталий", "41 ГД", "", "", "", "", "", ""])
    response = students_page(client, SimpleUploadedFile("list.xlsx", data.export("xlsx")))
    assert "образец из шаблона — не импортируется" in response.content.decode()
    confirm_students(client, response)
    assert [s.full_name for s in Student.objects.all()] == ["Ким Виталий"]


def test_partner_templates_example_row_is_never_imported(client_for, head):
    client = client_for(head)
    template = client.get(reverse("partners:import"), {"template": 1})
    response = import_steps.upload(
        client, reverse("partners:import"), SimpleUploadedFile("p.xlsx", template.content)
    )
    # The template holds only the example row: nothing to import.
    assert "В файле нет строк с данными" in response.content.decode()


def test_a_row_contradicting_its_group_is_warned_about_in_the_preview(client_for, head, group):
    rows = [
        ["ФИО", "Группа", "Специальность", "Курс", "Год набора"],
        ["Ким Виталий", "41 ГД", "43.02.15 Поварское и кондитерское дело", 3, 2022],
    ]
    client = client_for(head)
    response = students_page(client, xlsx(rows))
    page = response.content.decode()
    assert response.context["preview"].is_valid
    assert "специальность 43.02.15, а у группы — 43.02.14" in page
    assert "курс 3, а у группы — 4" in page
    confirm_students(client, response)
    group.refresh_from_db()
    assert (group.specialty.code, group.course) == ("43.02.14", 4)
    assert Student.objects.get().group == group


@pytest.mark.parametrize(
    ("label", "status"),
    [("Отчислена", "expelled"), ("Выпускница", "graduated"), ("обучается", "studying")],
)
def test_feminine_and_lowercase_statuses_are_accepted(label, status, group):
    dataset = tablib.Dataset(
        ["Ромашкина Алина", "41 ГД", label], headers=["ФИО", "Группа", "Статус"]
    )
    totals, failed = StudentImport().apply(dataset)
    assert failed is None and Student.objects.get().status == status


def test_an_unknown_status_is_a_row_error_in_russian(group):
    dataset = tablib.Dataset(
        ["Ромашкина Алина", "41 ГД", "Ушла"], headers=["ФИО", "Группа", "Статус"]
    )
    preview = StudentImport().preview(dataset)
    assert "Неизвестное значение «Ушла»" in preview.rows[0].errors[0]


def test_one_bad_row_among_many_writes_nothing(group):
    rows = [(f"Студентов Студент{n}", "41 ГД") for n in range(200)]
    rows.append(("Одно", "41 ГД"))
    totals, failed = StudentImport().apply(tablib.Dataset(*rows, headers=["ФИО", "Группа"]))
    assert totals is None and failed.error_count == 1
    assert not Student.objects.exists()


def test_the_same_partner_twice_in_a_file_is_an_error():
    rows = [("ООО «Сказка»", "7707083893"), ("ООО «Сказка-2»", "7707083893")]
    preview = PartnerImport().preview(tablib.Dataset(*rows, headers=["Наименование", "ИНН"]))
    assert preview.rows[1].errors == ["Этот партнёр уже есть в строке 2 файла."]


def test_imported_partners_have_history_rows_by_the_user(head):
    rows = [("ООО «Сказка»", "7707083893", "Торговля")]
    dataset = tablib.Dataset(*rows, headers=["Наименование", "ИНН", "Отрасли"])
    totals, failed = PartnerImport(head).apply(dataset)
    partner = Partner.objects.get()
    record = partner.history.get()
    assert (record.history_type, record.history_user) == ("+", head)
    assert [s.name for s in partner.sectors.all()] == ["Торговля"]
    # The same file again changes nothing and adds no history.
    totals, failed = PartnerImport(head).apply(dataset)
    assert totals == {"new": 0, "update": 0, "skip": 1}
    assert partner.history.count() == 1


def test_an_update_is_written_with_its_history_row(head):
    partner = factories.PartnerFactory(name="ООО «Сказка»", inn="7707083893", city="Омск")
    dataset = tablib.Dataset(
        ("ООО «Сказка»", "7707083893", "Красноярка"),
        headers=["Наименование", "ИНН", "Населённый пункт"],
    )
    totals, failed = PartnerImport(head).apply(dataset)
    assert totals["update"] == 1
    assert partner.history.latest().city == "Красноярка"
    partner.refresh_from_db()
    assert partner.city == "Красноярка"


def test_another_user_cannot_open_someone_elses_import_job(client_for, head, deputy, employer_b):
    response = client_for(head).post(
        reverse("partners:import"),
        {"file": SimpleUploadedFile("p.csv", "Наименование\nА\n".encode())},
    )
    job = BackgroundJob.objects.get()
    assert response.url.endswith(f"?job={job.pk}")
    assert client_for(deputy).get(response.url).status_code == 404
    assert client_for(employer_b).get(response.url).status_code == 403


def test_confirm_needs_the_token_of_this_sessions_upload(client_for, head, deputy):
    client = client_for(head)
    response = import_steps.upload(
        client,
        reverse("partners:import"),
        SimpleUploadedFile("p.csv", "Наименование\nА\n".encode()),
    )
    token = response.context["token"]
    other = client_for(deputy)  # the same test client, now another session's user
    other.cookies.clear()
    other.force_login(deputy)
    response = other.post(reverse("partners:import_confirm"), {"token": token})
    assert response.status_code == 302 and "?job=" not in response.url
    assert not Partner.objects.exists()


# --- a constant number of queries whatever the file's length ---------------------------


def _inn(n):
    """A valid 10-digit INN of an organisation."""
    digits = [int(c) for c in f"77{n:07d}"]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return "".join(map(str, digits)) + str(
        sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    )


def sqlite_batches(inserts):
    """Extra INSERTs where the database caps a query's parameters (SQLite: 999).

    PostgreSQL has no such cap: there every bulk insert is one query.
    """
    extra = 0
    for model, rows in inserts:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        extra += math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows)) - 1
    return extra


def _partners_file(count):
    """Half new, half existing partners changed; sectors, specialties and forms in every row."""
    factories.SpecialtyFactory(code="43.02.14")
    for n in range(0, count, 2):
        factories.PartnerFactory(name=f"ООО «Партнёр {n}»", inn=_inn(n))
    rows = [
        (f"ООО «Партнёр {n}»", _inn(n), "Красноярка", "Торговля", "43.02.14", "База практики")
        for n in range(count)
    ]
    headers = ["Наименование", "ИНН", "Населённый пункт", "Отрасли", "Специальности"]
    return tablib.Dataset(*rows, headers=[*headers, "Формы сотрудничества"])


@pytest.mark.parametrize("count", [10, 100])
def test_partner_preview_and_confirm_run_constant_queries(count, head, django_assert_num_queries):
    dataset = _partners_file(count)
    # sectors, specialties, forms of cooperation; partners and their three many-to-many sets
    with django_assert_num_queries(7):
        preview = PartnerImport(head).preview(dataset)
    assert preview.counts == {"new": count // 2, "update": count // 2, "skip": 0, "error": 0}
    # savepoint and release, the 7 loads; partners inserted and their history rows, partners
    # updated (one UPDATE) and their history rows; per many-to-many set a delete and an insert
    history = Partner.history.model  # one bulk insert for the new rows, one for the updated
    inserts = [(Partner, count // 2), (history, count // 2), (history, count // 2)]
    with django_assert_num_queries(19 + sqlite_batches(inserts)):
        totals, failed = PartnerImport(head).apply(dataset)
    assert totals == {"new": count // 2, "update": count // 2, "skip": 0}
    assert Partner.objects.filter(city="Красноярка", sectors__name="Торговля").count() == count


def _students_file(count, group):
    for n in range(0, count, 2):
        Student.objects.create(last_name="Студентов", first_name=f"Студент{n}", group=group)
    rows = [(f"Студентов Студент{n}", "41 ГД", "Отчислена") for n in range(count)]
    rows += [(f"Новиков Новик{n}", "11 ГД", "", "43.02.14", 1) for n in range(count)]
    rows = [(*row, "", "")[:5] for row in rows]
    return tablib.Dataset(*rows, headers=["ФИО", "Группа", "Статус", "Специальность", "Курс"])


@pytest.mark.parametrize("count", [10, 100])
def test_student_preview_and_confirm_run_constant_queries(
    count, head, group, django_assert_num_queries
):
    dataset = _students_file(count, group)
    # specialties, groups with their specialty, the file's groups' students
    with django_assert_num_queries(3):
        preview = StudentImport(head).preview(dataset)
    assert preview.counts["new"] == count + count // 2 and preview.counts["update"] == count // 2
    # savepoint and release, the 3 loads, the new group, new students, updated students
    with django_assert_num_queries(8 + sqlite_batches([(Student, count + count // 2)])):
        totals, failed = StudentImport(head).apply(dataset)
    assert failed is None
    assert Student.objects.filter(status="expelled").count() == count
    assert Student.objects.filter(group__name="11 ГД", group__course=1).count() == count


def test_sectors_are_still_checked_against_the_list(head):
    Sector.objects.filter(name="Торговля").delete()
    dataset = tablib.Dataset(
        ("ООО «А»", "7707083893", "Торговля"), headers=["Наименование", "ИНН", "Отрасли"]
    )
    preview = PartnerImport(head).preview(dataset)
    assert preview.rows[0].errors[0].startswith("«Отрасли»: Неизвестно: Торговля. Допустимо:")


def test_read_dataset_finds_no_header_and_says_which_columns_are_missing():
    file = SimpleUploadedFile("a.csv", "Город;ИНН\nОмск;1\n".encode())
    with pytest.raises(imports.ImportFileError, match="«Наименование»"):
        imports.read_dataset(file, ["Наименование"], ["Наименование", "ИНН"])


def test_the_page_shows_a_progress_bar_until_the_worker_is_done(client_for, head):
    client = client_for(head)
    file = SimpleUploadedFile("p.csv", "Наименование\nООО «А»\n".encode())
    response = client.post(reverse("partners:import"), {"file": file})
    page = client.get(response.url).content.decode()
    assert "progress-bar" in page and 'hx-trigger="every 1s"' in page
    import_steps.run_queued_jobs()
    page = client.get(response.url).content.decode()
    assert "progress-bar" not in page and "Будет создано: 1" in page


AGREEMENT_HEADERS = ["Номер", "Партнёр", "Действует с", "Действует по", "Специальности", "Места"]


def test_agreement_import_refuses_fewer_places_than_students_placed(head):
    from agreements.models import AgreementQuota
    from agreements.resources import AgreementImport
    from practice import services as practice

    hotel = factories.SpecialtyFactory(code="43.02.14")
    agreement = factories.AgreementFactory(number="ДП-1", partner__inn="7707083893")
    AgreementQuota.objects.create(agreement=agreement, specialty=hotel, places=3)
    period = factories.PracticePeriodFactory(group__specialty=hotel)
    for student in factories.StudentFactory.create_batch(3, group=period.group):
        practice.assign(period, student, agreement.partner)
    row = ("ДП-1", "7707083893", "01.01.2026", "31.12.2027", "43.02.14", "43.02.14: 2")
    totals, failed = AgreementImport(head).apply(tablib.Dataset(row, headers=AGREEMENT_HEADERS))
    assert failed.rows[0].errors == [
        "«Места»: 43.02.14: уже распределено 3, мест не может быть меньше."
    ]
    assert agreement.quotas.get().places == 3


def test_agreement_import_does_not_change_an_agreements_status(head):
    from agreements.resources import AgreementImport

    factories.AgreementFactory(number="ДП-1", partner__inn="7707083893", status="active")
    headers = ["Номер", "Партнёр", "Действует с", "Действует по", "Статус"]
    row = ("ДП-1", "7707083893", "01.01.2026", "31.12.2027", "Расторгнут")
    preview = AgreementImport(head).preview(tablib.Dataset(row, headers=headers))
    assert "меняется на его карточке" in preview.rows[0].errors[0]


@pytest.mark.parametrize("count", [10, 100])
def test_agreement_preview_and_confirm_run_constant_queries(count, head, django_assert_num_queries):
    from agreements.models import Agreement
    from agreements.resources import AgreementImport

    factories.SpecialtyFactory(code="43.02.14")
    partner = factories.PartnerFactory(inn="7707083893")
    for n in range(0, count, 2):
        factories.AgreementFactory(number=f"ДП-{n}", partner=partner, status="draft")
    rows = [
        (f"ДП-{n}", "7707083893", "01.09.2026", "31.08.2027", "43.02.14", "43.02.14: 5")
        for n in range(count)
    ]
    dataset = tablib.Dataset(*rows, headers=AGREEMENT_HEADERS)
    # partners, specialties, the file's agreements with their quotas and specialties,
    # the placements that draw on them
    with django_assert_num_queries(6):
        preview = AgreementImport(head).preview(dataset)
    assert preview.counts["new"] == preview.counts["update"] == count // 2
    # savepoint and release, the 6 loads; agreements inserted and their history rows,
    # updated and their history rows; specialties deleted and inserted; quotas likewise
    history = Agreement.history.model  # one bulk insert for the new rows, one for the updated
    inserts = [(Agreement, count // 2), (history, count // 2), (history, count // 2)]
    with django_assert_num_queries(16 + sqlite_batches(inserts)):
        totals, failed = AgreementImport(head).apply(dataset)
    assert totals == {"new": count // 2, "update": count // 2, "skip": 0}
    assert Agreement.objects.filter(quotas__places=5, specialties__code="43.02.14").count() == count
