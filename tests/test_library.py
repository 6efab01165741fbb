"""The document library shared with partners: audience, versions, read receipts,
comments that become recommendations, and the practice period's documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import OutgoingEmail
from library import services
from library.models import Comment, Document, ReadReceipt
from meetings.models import Recommendation
from practice.models import ProfessionalModule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _file(content=b"%PDF-1.4 programme", name="programme.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _document(head=None, versions=1, **fields):
    fields.setdefault("kind", Document.Kind.PROGRAMME)
    fields.setdefault("title", "Рабочая программа практики ПМ.05")
    document = Document.objects.create(**fields)
    for number in range(1, versions + 1):
        services.publish_version(
            document, _file(f"version {number}".encode()), f"Редакция {number}", head
        )
    return document


@pytest.fixture
def specialty():
    return factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")


# --- audience ---------------------------------------------------------------------------------


def test_a_document_for_all_partners_is_seen_by_every_employer(employer_a, employer_b):
    document = _document(audience="all")
    for employer in (employer_a, employer_b):
        assert list(Document.objects.for_user(employer)) == [document]


def test_a_document_for_one_partner_is_seen_by_that_partner_only(employer_a, employer_b):
    document = _document(audience="partner", partner=employer_a.partner)
    assert list(Document.objects.for_user(employer_a)) == [document]
    assert list(Document.objects.for_user(employer_b)) == []


def test_a_specialty_document_reaches_partners_that_declared_placed_or_agreed_it(
    specialty, employer_a, employer_b
):
    document = _document(audience="specialty", specialty=specialty)
    declared, placed, agreed = (factories.EmployerFactory() for _ in range(3))
    declared.partner.specialties.add(specialty)
    factories.PlacementFactory(period__group__specialty=specialty, partner=placed.partner)
    factories.AgreementFactory(partner=agreed.partner).specialties.add(specialty)
    other = factories.SpecialtyFactory(code="38.02.04", name="Коммерция")
    employer_b.partner.specialties.add(other)
    for employer in (declared, placed, agreed):
        assert list(Document.objects.for_user(employer)) == [document], employer.partner
    assert list(Document.objects.for_user(employer_b)) == []
    assert set(document.audience_partners()) == {declared.partner, placed.partner, agreed.partner}


def test_a_cancelled_placement_does_not_open_a_specialty_document(specialty, employer_a):
    _document(audience="specialty", specialty=specialty)
    factories.PlacementFactory(
        period__group__specialty=specialty, partner=employer_a.partner, status="cancelled"
    )
    assert list(Document.objects.for_user(employer_a)) == []


def test_staff_see_every_document(head, teacher, employer_a):
    document = _document(audience="partner", partner=employer_a.partner)
    assert list(Document.objects.for_user(teacher)) == [document]
    assert list(Document.objects.for_user(head)) == [document]


def test_outsider_gets_404_on_every_url_of_the_document(client_for, employer_a, employer_b):
    document = _document(versions=2, audience="partner", partner=employer_a.partner)
    client = client_for(employer_b)
    urls = [
        reverse("library:detail", args=[document.pk]),
        reverse("library:version_download", args=[document.pk, 1]),
        reverse("library:version_download", args=[document.pk, 2]),
        reverse("library:current_download", args=[document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("library:edit", args=[document.pk]),
        reverse("library:version_create", args=[document.pk]),
    ]:
        assert client.post(url, {"title": "Взлом", "note": "x"}).status_code == 404, url
    response = client.post(
        reverse("library:comment_create", args=[document.pk]), {"text": "Чужой комментарий"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()
    assert not ReadReceipt.objects.exists()
    # Filtering the list by the document's kind does not reveal it either.
    page = client.get(reverse("library:list"), {"kind": "programme"}).content.decode()
    assert document.title not in page
    assert document.title in client_for(employer_a).get(reverse("library:list")).content.decode()


def test_employers_cannot_upload_or_edit(client_for, employer_a):
    document = _document(audience="partner", partner=employer_a.partner)
    client = client_for(employer_a)
    assert client.get(reverse("library:create")).status_code == 403
    assert client.get(reverse("library:edit", args=[document.pk])).status_code == 403
    response = client.post(
        reverse("library:version_create", args=[document.pk]), {"file": _file(), "note": "x"}
    )
    assert response.status_code == 403
    assert document.versions.count() == 1


# --- versions -----------------------------------------------------------------------------------


def test_staff_publish_a_document_and_a_new_version_keeping_the_old_one(client_for, head):
    client = client_for(head)
    response = client.post(
        reverse("library:create"),
        {
            "kind": "instructions",
            "title": "Методические указания по практике",
            "audience": "all",
            "file": _file(b"first"),
            "note": "",
        },
    )
    document = Document.objects.get()
    assert response.url == document.get_absolute_url()
    client.post(
        reverse("library:version_create", args=[document.pk]),
        {"file": _file(b"second"), "note": "Добавлен раздел об охране труда"},
    )
    document.refresh_from_db()
    assert document.current_version.number == 2
    assert document.current_version.uploaded_by == head
    first = client.get(reverse("library:version_download", args=[document.pk, 1]))
    assert b"".join(first.streaming_content) == b"first"
    current = client.get(reverse("library:current_download", args=[document.pk]))
    assert b"".join(current.streaming_content) == b"second"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Добавлен раздел об охране труда" in page and "Версия 1" in page


def test_a_new_version_needs_a_note_and_keeps_the_input(client_for, head):
    document = _document(head, audience="all")
    response = client_for(head).post(
        reverse("library:version_create", args=[document.pk]), {"file": _file(b"x"), "note": ""}
    )
    assert response.status_code == 200
    assert "Напишите, что изменилось" in response.content.decode()
    assert document.versions.count() == 1


def test_a_partner_document_without_a_partner_is_refused_with_a_message(client_for, head):
    response = client_for(head).post(
        reverse("library:create"),
        {"kind": "memo", "title": "Памятка", "audience": "partner", "file": _file(), "note": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Выберите партнёра" in page and 'value="Памятка"' in page
    assert not Document.objects.exists()


def test_a_new_version_notifies_the_audience_once_each(head, employer_a, employer_b, specialty):
    employer_a.partner.specialties.add(specialty)
    colleague = factories.EmployerFactory(partner=employer_a.partner)
    document = _document(head, audience="specialty", specialty=specialty)
    version = document.current_version
    emails = OutgoingEmail.objects.filter(dedup_key__startswith=f"library:version:{version.pk}:")
    assert set(emails.values_list("to", flat=True)) == {employer_a.email, colleague.email}
    assert "Опубликована новая версия" in emails.first().subject
    services.notify_new_version(version)  # a second run queues nothing
    assert emails.count() == 2


def test_notifying_a_large_audience_takes_constant_queries(
    head, django_assert_max_num_queries, sqlite_real_variable_limit
):
    for _ in range(15):
        factories.EmployerFactory()
    document = _document(head, audience="all")
    # audience users; keys already queued; insert; ids of the queued rows
    with django_assert_max_num_queries(4):
        services.notify_new_version(document.current_version)


# --- read receipts ------------------------------------------------------------------------------


def test_opening_a_version_records_one_receipt_with_the_first_time(client_for, employer_a):
    document = _document(versions=2, audience="all")
    client = client_for(employer_a)
    url = reverse("library:version_download", args=[document.pk, 2])
    client.get(url)
    first = ReadReceipt.objects.get()
    client.get(url)
    client.get(reverse("library:current_download", args=[document.pk]))
    assert ReadReceipt.objects.get() == first
    assert first.first_opened_at == ReadReceipt.objects.get().first_opened_at
    assert (first.version.number, first.user) == (2, employer_a)


def test_staff_downloads_record_no_receipt(client_for, head):
    document = _document(audience="all")
    client_for(head).get(reverse("library:current_download", args=[document.pk]))
    assert not ReadReceipt.objects.exists()


def test_staff_see_who_read_the_current_version_and_who_did_not(
    client_for, head, employer_a, employer_b
):
    reader = factories.EmployerFactory(last_name="Читающая", partner=employer_a.partner)
    absent = factories.EmployerFactory(last_name="Неоткрывший", partner=employer_b.partner)
    document = _document(versions=2, audience="all")
    services.record_read(document.versions.get(number=1), employer_a)  # an old version only
    services.record_read(document.current_version, reader)
    read, read_total, unread, unread_total = services.readers(document)
    assert [r.user for r in read] == [reader] and read_total == 1
    assert set(unread) == {employer_a, employer_b, absent} and unread_total == 3
    page = client_for(head).get(document.get_absolute_url()).content.decode()
    readers_block = page[page.index('id="readers"') : page.index('id="not-readers"')]
    not_read_block = page[page.index('id="not-readers"') :]
    assert "Читающая" in readers_block and "Неоткрывший" in not_read_block
    assert "Читающая" not in not_read_block


def test_employer_sees_a_new_version_badge_until_opening_it(client_for, employer_a):
    document = _document(versions=1, audience="all")
    client = client_for(employer_a)
    client.get(reverse("library:current_download", args=[document.pk]))
    assert "новая версия" not in client.get(reverse("library:list")).content.decode()
    services.publish_version(document, _file(b"v2"), "Обновлены критерии оценки")
    assert "новая версия" in client.get(reverse("library:list")).content.decode()
    assert "новая версия" in client.get(document.get_absolute_url()).content.decode()
    client.get(reverse("library:current_download", args=[document.pk]))
    assert "новая версия" not in client.get(reverse("library:list")).content.decode()


def test_a_missing_file_is_a_404_and_not_a_read(client_for, employer_a):
    document = _document(versions=1, audience="all")
    document.current_version.file.delete(save=False)
    response = client_for(employer_a).get(reverse("library:current_download", args=[document.pk]))
    assert response.status_code == 404
    assert not ReadReceipt.objects.exists()


def test_publishing_locks_the_document_so_two_uploads_get_two_numbers():
    document = _document(versions=1, audience="all")
    with CaptureQueriesContext(connection) as queries:
        version = services.publish_version(document, _file(b"v2"), "Вторая редакция")
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The document row is read (and locked) before the number is: SQLite has no row locks,
    # its writers take the whole database in turn.
    assert "library_document" in sql[0] and "library_version" not in sql[0]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql[0]
    assert version.number == 2


# --- comments and proposed corrections -----------------------------------------------------------


def test_employer_comments_with_htmx_and_sees_the_thread(client_for, employer_a):
    document = _document(audience="all")
    response = client_for(employer_a).post(
        reverse("library:comment_create", args=[document.pk]),
        {"text": "Спасибо, ознакомились."},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="comments"' in page
    assert "Спасибо, ознакомились." in page and "<html" not in page
    assert Comment.objects.get().recommendation is None


def test_an_empty_comment_is_refused_with_a_message(client_for, employer_a):
    document = _document(audience="all")
    response = client_for(employer_a).post(
        reverse("library:comment_create", args=[document.pk]), {"text": "  "}
    )
    assert "Напишите текст комментария" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_proposed_correction_becomes_a_recommendation_through_its_workflow(
    client_for, head, employer_a
):
    document = _document(audience="all", title="Программа практики ПМ.05")
    employer = client_for(employer_a)
    employer.post(
        reverse("library:comment_create", args=[document.pk]),
        {"text": "Добавить работу с электронными площадками", "is_correction": "on"},
    )
    recommendation = Recommendation.objects.get()
    assert recommendation.meeting is None
    assert recommendation.partner == employer_a.partner
    assert "Программа практики ПМ.05" in recommendation.subject
    assert recommendation.status == "proposed"
    assert recommendation.get_absolute_url() == document.get_absolute_url()

    staff = client_for(head)
    listing = staff.get(reverse("meetings:recommendation_list")).content.decode()
    assert "Добавить работу с электронными площадками" in listing and "Предложена" in listing
    status_url = reverse("meetings:recommendation_status", args=[recommendation.pk])
    staff.post(status_url, {"status": "accepted"})
    staff.post(status_url, {"status": "done"})
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    listing = staff.get(reverse("meetings:recommendation_list"), {"status": "done"})
    assert "Добавить работу с электронными площадками" in listing.content.decode()

    page = client_for(employer_a).get(document.get_absolute_url()).content.decode()
    assert "предложение исправления" in page and "Выполнена" in page


def test_the_correction_button_proposes_without_the_checkbox(client_for, employer_a):
    document = _document(audience="all")
    page = client_for(employer_a).get(document.get_absolute_url()).content.decode()
    assert "Предложить исправление" in page and "Это предложение исправления" in page
    client_for(employer_a).post(
        reverse("library:comment_create", args=[document.pk]),
        {"text": "Уточнить сроки", "correction": "1"},
    )
    assert Comment.objects.get().recommendation.text == "Уточнить сроки"


def test_declining_a_correction_needs_a_reason_shown_to_the_employer(client_for, head, employer_a):
    document = _document(audience="all")
    comment = services.add_comment(document, employer_a, "Убрать раздел 4", is_correction=True)
    recommendation = comment.recommendation
    status_url = reverse("meetings:recommendation_status", args=[recommendation.pk])
    client_for(head).post(status_url, {"status": "declined", "reason": ""})
    recommendation.refresh_from_db()
    assert recommendation.status == "proposed"
    client_for(head).post(status_url, {"status": "declined", "reason": "Раздел требует ФГОС"})
    recommendation.refresh_from_db()
    assert recommendation.status == "declined"
    page = client_for(employer_a).get(document.get_absolute_url()).content.decode()
    assert "Отклонена" in page and "Раздел требует ФГОС" in page


def test_staff_comments_are_never_corrections(head):
    document = _document(audience="all")
    comment = services.add_comment(document, head, "Исправим", is_correction=True)
    assert comment.recommendation is None and not Recommendation.objects.exists()


def test_a_library_correction_counts_in_the_indicators_of_its_year(employer_a):
    from django.utils import timezone

    from monitoring import indicators
    from monitoring.indicators import Scope

    document = _document(audience="all")
    comment = services.add_comment(document, employer_a, "Исправить", is_correction=True)
    Recommendation.objects.filter(pk=comment.recommendation_id).update(status="done")
    made = timezone.localdate(comment.recommendation.created_at)
    year = made.year if made.month >= 9 else made.year - 1  # its school year
    figures = {f.label: (f.value, f.total) for f in indicators.meetings(Scope(year))}
    assert figures["Рекомендации работодателей приняты"] == (1, 1)
    assert figures["Корректировки программ и КОС"] == (1, None)
    last_year = {f.label: f.value for f in indicators.meetings(Scope(year - 1))}
    assert last_year["Рекомендации работодателей приняты"] == 0


def test_employer_does_not_see_other_partners_recommendations_list(client_for, employer_a):
    assert client_for(employer_a).get(reverse("meetings:recommendation_list")).status_code == 403


# --- a practice period's documents come from the library ------------------------------------------


def test_period_programme_from_the_library_is_downloadable_by_the_employers_involved(
    client_for, head, employer_a, employer_b
):
    from practice import services as practice_services

    period = factories.PracticePeriodFactory(group__name="41 ГД")
    other = factories.PartnerFactory()
    document = _document(audience="partner", partner=other)  # not addressed to A
    period.programme_document = document
    period.save()
    practice_services.assign(
        period, factories.StudentFactory(group=period.group), employer_a.partner
    )
    url = reverse("library:current_download", args=[document.pk])
    assert b"".join(client_for(head).get(url).streaming_content) == b"version 1"
    assert client_for(employer_a).get(url).status_code == 200
    assert ReadReceipt.objects.filter(user=employer_a).count() == 1
    assert client_for(employer_b).get(url).status_code == 404
    page = client_for(employer_a).get(reverse("practice:my_students")).content.decode()
    assert url in page
    page = client_for(head).get(period.get_absolute_url()).content.decode()
    assert url in page


def test_period_form_offers_library_documents_of_the_periods_specialty(client_for, head):
    period = factories.PracticePeriodFactory()
    specialty = period.group.specialty
    module = ProfessionalModule.objects.create(specialty=specialty, code="ПМ.05", name="Агент")
    period.module = module
    period.save()
    mine = _document(audience="all", module=module, specialty=specialty, title="Наша программа")
    general = _document(audience="all", title="Общая программа")
    other = factories.SpecialtyFactory(code="38.02.04", name="Коммерция")
    _document(audience="all", specialty=other, title="Чужая программа")
    _document(audience="all", kind="memo", title="Памятка")
    from practice.forms import PeriodForm

    form = PeriodForm(instance=period)
    assert set(form.fields["programme_document"].queryset) == {mine, general}
    page = client_for(head).get(reverse("practice:period_edit", args=[period.pk])).content.decode()
    assert "Наша программа" in page and "Чужая программа" not in page


def test_data_migration_moves_a_period_file_into_the_library():
    import importlib
    from pathlib import Path

    from django.apps import apps as live_apps

    from practice.models import PracticePeriod

    # Found by its name, whatever number it gets when branches are merged.
    (path,) = Path(__file__).parent.parent.glob(
        "practice/migrations/*_period_documents_from_library.py"
    )
    migration = importlib.import_module(f"practice.migrations.{path.stem}")
    period = factories.PracticePeriodFactory(group__name="41 ГД")
    module = ProfessionalModule.objects.create(
        specialty=period.group.specialty, code="ПМ.05", name="Агент"
    )
    period.module = module
    period.save()

    class OldPeriod:
        """The period as the migration sees it: with its file fields."""

        def __init__(self, period):
            self.__dict__.update(period.__dict__)
            self.pk = period.pk
            self.group, self.module = period.group, period.module
            self.programme = _FieldFile("practice/programmes/pm05.pdf")
            self.instructions = _FieldFile("")

        def save(self, update_fields):
            PracticePeriod.objects.filter(pk=self.pk).update(
                **{f: getattr(self, f"{f}_id") for f in update_fields}
            )

    class Apps:
        def get_model(self, app, name):
            if (app, name) == ("practice", "PracticePeriod"):
                return _Periods([OldPeriod(period)])
            return live_apps.get_model(app, name)

    class Editor:
        class connection:
            vendor = "test"

    migration.move_period_files_to_library(Apps(), Editor())
    period.refresh_from_db()
    document = period.programme_document
    assert period.instructions_document is None
    assert (document.kind, document.module, document.specialty) == (
        "programme",
        module,
        period.group.specialty,
    )
    assert document.audience == "specialty"
    assert "ПМ.05" in document.title and "41 ГД" in document.title
    version = document.current_version
    assert (version.number, version.file.name) == (1, "practice/programmes/pm05.pdf")


class _FieldFile:
    def __init__(self, name):
        self.name = name

    def __bool__(self):
        return bool(self.name)


class _Periods:
    """Stands for the historical model's manager in the migration test."""

    def __init__(self, rows):
        self.rows = rows
        self.objects = self

    def select_related(self, *args):
        return self

    def exclude(self, **kwargs):
        return [row for row in self.rows if row.programme or row.instructions]


# --- bounded pages --------------------------------------------------------------------------------


def test_list_page_runs_constant_queries(client_for, employer_a, django_assert_max_num_queries):
    for number in range(12):
        _document(audience="all", title=f"Документ {number}")
    client = client_for(employer_a)
    # session, user, the user's partner (navigation), filter choices (specialties, modules),
    # count, page of documents (with the unread flag)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("library:list"))
    assert response.content.decode().count("новая версия") == 12


def test_staff_list_and_detail_run_constant_queries(
    client_for, head, employer_a, django_assert_max_num_queries
):
    for number in range(12):
        _document(audience="all", title=f"Документ {number}")
    document = _document(versions=3, audience="all")
    for _ in range(8):
        user = factories.EmployerFactory()
        services.record_read(document.current_version, user)
        services.add_comment(document, user, "Замечание", is_correction=True)
    client = client_for(head)
    # session, user, filter choices (specialties, modules), count, page
    with django_assert_max_num_queries(6):
        client.get(reverse("library:list"))
    # session, user, document, comments, versions, readers (list, count), non-readers
    # (list, count)
    with django_assert_max_num_queries(9):
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count("Замечание") == 8


def test_employer_home_lists_documents_with_an_unread_version(client_for, employer_a, employer_b):
    document = _document(audience="partner", partner=employer_a.partner, title="Памятка наставнику")

    def home(user):
        return client_for(user).get(reverse("dashboard")).content.decode()

    assert "Памятка наставнику" in home(employer_a) and 'id="library-unread"' in home(employer_a)
    assert "Памятка наставнику" not in home(employer_b)
    client_for(employer_a).get(reverse("library:current_download", args=[document.pk]))
    assert 'id="library-unread"' not in home(employer_a)


def test_recommendations_list_runs_constant_queries(
    client_for, head, django_assert_max_num_queries
):
    document = _document(audience="all")
    meeting = factories.MeetingFactory()
    for _ in range(10):
        employer = factories.EmployerFactory()
        services.add_comment(document, employer, "Из библиотеки", is_correction=True)
        Recommendation.objects.create(meeting=meeting, partner=employer.partner, text="Со встречи")
    client = client_for(head)
    # session, user, count, page (with partners, meetings, responsible users)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("meetings:recommendation_list"), {"status": "all"})
    page = response.content.decode()
    assert page.count("Из библиотеки") == 10 and page.count("Со встречи") == 10


def test_an_employer_reads_the_college_and_their_own_comments_not_another_organisation(
    client_for, employer_a, employer_b, head
):
    document = _document(audience="all")
    services.add_comment(document, employer_b, "Замечание «Глории» к программе", True)
    services.add_comment(document, employer_a, "Вопрос «Сказки» по срокам")
    services.add_comment(document, head, "Ответ колледжа всем партнёрам")
    url = reverse("library:detail", args=[document.pk])

    page = client_for(employer_a).get(url).content.decode()
    assert "Вопрос «Сказки» по срокам" in page and "Ответ колледжа всем партнёрам" in page
    assert "Замечание «Глории»" not in page
    staff_page = client_for(head).get(url).content.decode()
    assert "Замечание «Глории»" in staff_page
