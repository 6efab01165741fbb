import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Partner, Sector
from tests import factories, import_steps

pytestmark = pytest.mark.django_db

HEADERS = ["Наименование", "ИНН", "Страна", "Населённый пункт", "Отрасли", "Формы сотрудничества"]


def xlsx(rows, headers=HEADERS):
    data = tablib.Dataset(*rows, headers=headers)
    return SimpleUploadedFile("partners.xlsx", data.export("xlsx"))


def csv_file(text):
    return SimpleUploadedFile("partners.csv", text.encode("utf-8"))


GOOD_ROWS = [
    ("ООО «Сказка»", "7707083893", "Россия", "Омск", "Общественное питание", "База практики"),
    ("ТОО «Глория»", "971240001315", "Казахстан", "Петропавловск", "Торговля", ""),
]


def upload(client, file):
    return import_steps.upload(client, reverse("partners:import"), file)


def confirm(client, response):
    return import_steps.confirm(
        client, reverse("partners:import_confirm"), response.context["token"]
    )


def test_valid_file_is_previewed_then_imported(client_for, head):
    client = client_for(head)
    response = upload(client, xlsx(GOOD_ROWS))
    assert response.context["preview"].is_valid
    assert "Будет создано: 2" in response.content.decode()
    assert not Partner.objects.exists()  # the preview writes nothing

    response = confirm(client, response)
    assert "Импортировано: создано 2" in response.content.decode()
    skazka = Partner.objects.get(inn="7707083893")
    assert [s.name for s in skazka.sectors.all()] == ["Общественное питание"]
    assert [f.name for f in skazka.cooperation_forms.all()] == ["База практики"]
    assert Partner.objects.get(inn="971240001315").country == "KZ"


def test_reimporting_the_same_file_updates_and_creates_no_duplicates(client_for, head):
    client = client_for(head)
    confirm(client, upload(client, xlsx(GOOD_ROWS)))
    changed = [("ООО «Сказка»", "7707083893", "Россия", "Красноярка", "Общественное питание", "")]
    response = upload(client, xlsx(changed))
    assert response.context["preview"].counts["update"] == 1
    confirm(client, response)
    assert Partner.objects.count() == 2
    assert Partner.objects.get(inn="7707083893").city == "Красноярка"


def test_invalid_rows_are_listed_in_russian_and_nothing_is_written(client_for, head):
    rows = [
        GOOD_ROWS[0],
        ("ООО «Ошибка»", "7707083894", "Россия", "Омск", "", ""),
        ("ООО «Опечатка»", "", "Россия", "Омск", "Космонавтика", ""),
    ]
    client = client_for(head)
    response = upload(client, xlsx(rows))
    preview = response.context["preview"]
    page = response.content.decode()
    assert not preview.is_valid
    assert [row.number for row in preview.rows if row.errors] == [3, 4]
    assert "контрольных цифр" in page
    assert "Неизвестно: Космонавтика" in page
    assert "ничего не сохранено" in page
    assert "token" not in response.context
    assert not Partner.objects.exists()


def test_confirm_without_a_valid_preview_writes_nothing(client_for, head):
    client = client_for(head)
    response = client.post(reverse("partners:import_confirm"), {"token": "../../etc/passwd"})
    assert response.status_code == 302
    assert not Partner.objects.exists()


def test_a_failure_at_confirm_rolls_back_every_row(client_for, head):
    client = client_for(head)
    response = upload(client, xlsx(GOOD_ROWS))
    # Between preview and confirm an administrator deletes the sector of row 3.
    Sector.objects.filter(name="Торговля").delete()
    response = confirm(client, response)
    assert response.status_code == 200
    assert "ничего не сохранено" in response.content.decode()
    assert not Partner.objects.exists()


def test_status_of_an_existing_partner_is_not_changed_by_import(client_for, head):
    factories.PartnerFactory(name="ООО «Сказка»", inn="7707083893", status="active")
    headers = ["Наименование", "ИНН", "Статус"]
    response = upload(client_for(head), xlsx([("ООО «Сказка»", "7707083893", "Бывший")], headers))
    assert "меняется на его карточке" in response.content.decode()


def test_csv_with_semicolons_is_accepted(client_for, head):
    text = "Наименование;ИНН;Населённый пункт\nООО «Сказка»;7707083893;Омск\n"
    client = client_for(head)
    response = upload(client, csv_file(text))
    assert response.context["preview"].is_valid
    confirm(client, response)
    assert Partner.objects.get().city == "Омск"


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "Загрузите файл Excel"),
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "Не удалось прочитать файл"),
        (SimpleUploadedFile("a.csv", "Город;ИНН\nОмск;1\n".encode()), "нет обязательных столбцов"),
        (SimpleUploadedFile("a.csv", "Наименование;ИНН\n".encode()), "нет строк с данными"),
    ],
)
def test_unreadable_files_get_a_clear_message(client_for, head, file, message):
    response = upload(client_for(head), file)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_export_round_trip_changes_nothing(client_for, head):
    partner = factories.PartnerFactory(name="ООО «Сказка»", inn="7707083893", places_per_year=6)
    partner.sectors.set(Sector.objects.filter(name="Торговля"))
    client = client_for(head)
    exported = client.get(reverse("partners:export"), {"format": "xlsx"})
    assert exported["Content-Disposition"].startswith('attachment; filename="partners-')

    response = upload(client, SimpleUploadedFile("export.xlsx", exported.content))
    assert response.context["preview"].is_valid
    assert response.context["preview"].counts["skip"] == 1


def test_export_follows_the_list_filters(client_for, teacher):
    factories.PartnerFactory(name="ООО «Действующий»", status="active")
    factories.PartnerFactory(name="ООО «Потенциальный»", status="potential")
    response = client_for(teacher).get(
        reverse("partners:export"), {"status": "active", "format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert "ООО «Действующий»" in text and "Потенциальный»" not in text


def test_large_export_is_rendered_by_the_worker_in_constant_queries(
    client_for, head, django_assert_max_num_queries, settings, tmp_path
):
    from jobs.models import BackgroundJob
    from jobs.services import run_job

    settings.MEDIA_ROOT = tmp_path
    hotels = Sector.objects.get(name="Гостиничные услуги")
    for partner in factories.PartnerFactory.create_batch(320):
        partner.sectors.add(hotels)
    client = client_for(head)
    # session, user, the printed values (partners, sectors, specialties, forms of
    # cooperation), the user's unfinished and stored jobs for these data, the new job
    with django_assert_max_num_queries(9):
        response = client.get(reverse("partners:export"), {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    # claim, job, progress (2), partners, their sectors, specialties and forms, the result
    with django_assert_max_num_queries(10):
        run_job(job.pk)
    job.refresh_from_db()
    rows = tablib.Dataset().load(job.file.read(), format="xlsx")
    assert len(rows) == 320
    assert rows[0][rows.headers.index("Отрасли")] == "Гостиничные услуги"


def test_template_file_downloads(client_for, head):
    response = client_for(head).get(reverse("partners:import"), {"template": 1})
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert "ИНН" in data.headers and "Отрасли" in data.headers


def test_teacher_exports_but_cannot_import_and_employer_neither(client_for, teacher, employer_a):
    client = client_for(teacher)
    assert client.get(reverse("partners:export")).status_code == 200
    assert client.get(reverse("partners:import")).status_code == 403
    client = client_for(employer_a)
    assert client.get(reverse("partners:export")).status_code == 403
    assert client.get(reverse("partners:import")).status_code == 403
    assert client.post(reverse("partners:import_confirm"), {"token": "x"}).status_code == 403
