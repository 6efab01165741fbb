import datetime
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from practice import services
from practice.models import Placement, PracticePeriod, SiteVisit
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_text(content):
    """The PDF's text with line breaks inside table cells folded into spaces."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def period():
    return factories.PracticePeriodFactory(group__name="41 ГД")


def test_assign_places_a_student_with_a_mentor(period):
    student = factories.StudentFactory(group=period.group)
    partner = factories.PartnerFactory()
    mentor = factories.ContactFactory(partner=partner, is_mentor=True)
    placement = services.assign(period, student, partner, mentor=mentor, workplace="Кухня")
    assert (placement.partner, placement.mentor, placement.workplace) == (partner, mentor, "Кухня")


def test_mentor_must_work_at_the_placement_partner(period):
    student = factories.StudentFactory(group=period.group)
    other_mentor = factories.ContactFactory()
    with pytest.raises(ValidationError, match="работает не в"):
        services.assign(period, student, factories.PartnerFactory(), mentor=other_mentor)
    assert not Placement.objects.exists()


def test_student_cannot_have_two_overlapping_placements(period):
    student = factories.StudentFactory(group=period.group)
    services.assign(period, student, factories.PartnerFactory())
    overlapping = factories.PracticePeriodFactory(
        group=period.group, start=datetime.date(2026, 12, 15), end=datetime.date(2026, 12, 26)
    )
    with pytest.raises(ValidationError, match="в эти даты уже есть практика"):
        services.assign(overlapping, student, factories.PartnerFactory())
    later = factories.PracticePeriodFactory(
        group=period.group, start=datetime.date(2027, 1, 10), end=datetime.date(2027, 1, 20)
    )
    assert services.assign(later, student, factories.PartnerFactory())


def test_partner_places_are_not_exceeded(period):
    partner = factories.PartnerFactory(name="ООО «Сказка»", places_per_year=1)
    first, second = factories.StudentFactory.create_batch(2, group=period.group)
    services.assign(period, first, partner)
    with pytest.raises(ValidationError, match="нет свободных мест.*занято 1 из 1"):
        services.assign(period, second, partner)
    services.set_quota(period, partner, 2)
    assert services.assign(period, second, partner)


def test_quota_cannot_go_below_places_taken(period):
    partner = factories.PartnerFactory()
    for student in factories.StudentFactory.create_batch(2, group=period.group):
        services.assign(period, student, partner)
    with pytest.raises(ValidationError, match="уже распределено 2"):
        services.set_quota(period, partner, 1)


def test_moving_a_student_keeps_one_placement(period):
    student = factories.StudentFactory(group=period.group)
    services.assign(period, student, factories.PartnerFactory())
    new_partner = factories.PartnerFactory()
    services.assign(period, student, new_partner)
    assert list(Placement.objects.values_list("partner", flat=True)) == [new_partner.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_heads_saving_at_once_cannot_take_the_same_last_place():
    period = factories.PracticePeriodFactory()
    partner = factories.PartnerFactory(places_per_year=1)
    students = factories.StudentFactory.create_batch(2, group=period.group)
    barrier = threading.Barrier(2)
    outcomes = []

    def place(student):
        from django.db import connections

        try:
            barrier.wait()
            services.assign(period, student, partner)
            outcomes.append("placed")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("placed") == 1
    refused = next(o for o in outcomes if o != "placed")
    assert "нет свободных мест" in refused
    assert Placement.objects.filter(partner=partner).count() == 1


def test_status_transitions(period):
    placement = services.assign(
        period, factories.StudentFactory(group=period.group), factories.PartnerFactory()
    )
    services.change_status(placement, Placement.Status.CONFIRMED, factories.PracticeHeadFactory())
    with pytest.raises(ValidationError, match="Нельзя перевести"):
        services.change_status(placement, Placement.Status.COMPLETED)
    services.change_status(placement, Placement.Status.IN_PROGRESS)
    services.change_status(placement, Placement.Status.COMPLETED)
    assert placement.status == "completed"


def test_copy_previous_year_uses_last_years_partners(period):
    last_year = factories.PracticePeriodFactory(
        group__specialty=period.group.specialty,
        start=datetime.date(2025, 12, 8),
        end=datetime.date(2025, 12, 20),
    )
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    mentor = factories.ContactFactory(partner=partner, is_mentor=True)
    for student in factories.StudentFactory.create_batch(2, group=last_year.group):
        services.assign(last_year, student, partner, mentor=mentor, workplace="Ресепшн")
    factories.StudentFactory.create_batch(3, group=period.group)
    placed, skipped = services.copy_previous(period)
    assert (placed, skipped) == (2, 0)
    copied = Placement.objects.filter(period=period)
    assert {(p.partner, p.mentor, p.workplace) for p in copied} == {(partner, mentor, "Ресепшн")}


# --- pages ----------------------------------------------------------------------


def test_placement_page_assigns_inline_over_htmx(client_for, head, period):
    student = factories.StudentFactory(group=period.group, last_name="Ромашкина")
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    partner.specialties.add(period.group.specialty)
    client = client_for(head)
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Ромашкина" in page and "data-partner-search" in page
    search = client.get(reverse("practice:partner_search"), {"period": period.pk, "q": "Сказ"})
    assert [o["text"] for o in search.json()["results"]] == ["ООО «Сказка»"]

    response = client.post(
        reverse("practice:assign", args=[period.pk, student.pk]),
        {"partner": partner.pk, "mentor": "", "workplace": "Кухня"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'hx-swap-oob="true"' in html  # free places and progress refresh too
    assert f'<option value="{partner.pk}" selected>ООО «Сказка»</option>' in html
    assert Placement.objects.get().partner == partner


def test_full_partner_shows_the_reason_in_the_row(client_for, head, period):
    partner = factories.PartnerFactory(places_per_year=1)
    taken, student = factories.StudentFactory.create_batch(2, group=period.group)
    services.assign(period, taken, partner)
    response = client_for(head).post(
        reverse("practice:assign", args=[period.pk, student.pk]),
        {"partner": partner.pk, "workplace": "Бар"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "нет свободных мест" in html
    assert 'value="Бар"' in html  # the input is kept


def test_placement_page_runs_constant_queries(
    client_for, head, period, django_assert_max_num_queries
):
    partners = factories.PartnerFactory.create_batch(10)
    for index, student in enumerate(factories.StudentFactory.create_batch(30, group=period.group)):
        partner = partners[index % 10]
        partner.specialties.add(period.group.specialty)
        services.assign(period, student, partner, mentor=factories.ContactFactory(partner=partner))
    client = client_for(head)
    # session, user, period, the personal-data log row, students, placements with their
    # partners, mentors, agreements in force, quotas with their partners, agreement
    # quotas, supervisors, control points
    with django_assert_max_num_queries(12):
        response = client.get(period.get_absolute_url())
    assert response.status_code == 200


def test_schedule_pdf_has_the_table_in_russian(client_for, head, period):
    partner = factories.PartnerFactory(name="ООО «Сказка»", address="ул. 10 лет Октября, 127")
    mentor = factories.ContactFactory(partner=partner, last_name="Руденко", position="Управляющий")
    student = factories.StudentFactory(group=period.group, last_name="Ромашкина")
    services.assign(period, student, partner, mentor=mentor)
    response = client_for(head).get(
        reverse("practice:schedule"), {"period": period.pk, "format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = pdf_text(response.content)
    for words in (
        "УТВЕРЖДАЮ",
        "Заместитель директора по практике",
        "Ромашкина",
        "ООО «Сказка»",
        "Руденко",
        "Управляющий",
        "07.12.2026–19.12.2026",
    ):
        assert words in text, words
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_schedule_pdf_repeats_the_header_on_every_page(client_for, head, period):
    partner = factories.PartnerFactory()
    for student in factories.StudentFactory.create_batch(60, group=period.group):
        services.assign(period, student, partner)
    response = client_for(head).get(
        reverse("practice:schedule"), {"period": period.pk, "format": "pdf"}
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 1
    assert all("ФИО обучающегося" in page.extract_text() for page in reader.pages)


def test_schedule_pages_run_constant_queries(
    client_for, head, period, django_assert_max_num_queries
):
    for student in factories.StudentFactory.create_batch(40, group=period.group):
        services.assign(period, student, factories.PartnerFactory(), mentor=None)
    client = client_for(head)
    # session, user, title (period), count and a page of placements with everything
    # joined, filter lists (periods, groups, specialties), the personal-data log row
    with django_assert_max_num_queries(9):
        client.get(reverse("practice:schedule"), {"period": period.pk})
    # session, user, the printed values (data key and size), placements, title (period),
    # the personal-data log row
    with django_assert_max_num_queries(6):
        client.get(reverse("practice:schedule"), {"period": period.pk, "format": "pdf"})


def test_schedule_xlsx(client_for, head, period):
    import tablib

    services.assign(
        period,
        factories.StudentFactory(group=period.group, last_name="Ромашкина"),
        factories.PartnerFactory(),
    )
    response = client_for(head).get(reverse("practice:schedule"), {"format": "xlsx"})
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert data.headers[1] == "ФИО обучающегося"
    assert data[0][1].startswith("Ромашкина")


def test_supervisors_order_pdf(client_for, head, period, teacher):
    period.supervisors.add(teacher)
    response = client_for(head).get(reverse("practice:order"))
    text = pdf_text(response.content)
    assert "ПРИКАЗ" in text and "41 ГД" in text and teacher.full_name in text


# --- access ---------------------------------------------------------------------


def test_employer_sees_only_own_students_and_evaluates_them(
    client_for, employer_a, employer_b, period
):
    mine = services.assign(
        period, factories.StudentFactory(group=period.group, last_name="Свой"), employer_a.partner
    )
    theirs = services.assign(
        period, factories.StudentFactory(group=period.group, last_name="Чужой"), employer_b.partner
    )
    client = client_for(employer_a)
    page = client.get(reverse("practice:my_students")).content.decode()
    assert "Свой" in page and "Чужой" not in page
    response = client.post(
        reverse("practice:evaluate", args=[mine.pk]),
        {"employer_grade": 5, "employer_evaluation": "Молодец"},
    )
    assert response.status_code == 302
    assert client.get(reverse("practice:evaluate", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("practice:evaluate", args=[theirs.pk]), {"employer_grade": 2}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.employer_grade is None


def test_employer_cannot_use_staff_practice_pages(client_for, employer_a, period):
    client = client_for(employer_a)
    student = factories.StudentFactory(group=period.group)
    for url in (
        period.get_absolute_url(),
        reverse("practice:schedule"),
        reverse("practice:order"),
        reverse("practice:period_create"),
        reverse("practice:visit_list"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("practice:assign", args=[period.pk, student.pk]), {"partner": employer_a.partner_id}
    )
    assert response.status_code == 403
    assert not Placement.objects.exists()


def test_teacher_reads_the_placement_page_but_cannot_assign(client_for, teacher, period):
    student = factories.StudentFactory(group=period.group)
    client = client_for(teacher)
    assert client.get(period.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("practice:assign", args=[period.pk, student.pk]),
        {"partner": factories.PartnerFactory().pk},
    )
    assert response.status_code == 403


def test_period_with_end_before_start_is_explained(client_for, head):
    group = factories.StudentGroupFactory()
    response = client_for(head).post(
        reverse("practice:period_create"),
        {
            "kind": "industrial",
            "group": group.pk,
            "start": "2026-12-19",
            "end": "2026-12-07",
            "hours": 72,
            "points-TOTAL_FORMS": 0,
            "points-INITIAL_FORMS": 0,
        },
    )
    assert "Окончание практики раньше её начала" in response.content.decode()
    assert not PracticePeriod.objects.exists()


def test_dashboard_shows_current_practice_of_the_heads_specialties(client_for, head):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    mine = factories.PracticePeriodFactory(
        group__name="31 ГД", start=today, end=today + dt.timedelta(days=10)
    )
    head.specialties.add(mine.group.specialty)
    factories.StudentFactory.create_batch(2, group=mine.group)
    factories.PracticePeriodFactory(
        group__name="21 СВ", start=today, end=today + dt.timedelta(days=10)
    )
    page = client_for(head).get(reverse("dashboard")).content.decode()
    assert "31 ГД" in page and "0 из 2" in page
    assert "21 СВ" not in page


def test_employer_dashboard_lists_current_practicants(client_for, employer_a, period):
    services.assign(
        period,
        factories.StudentFactory(group=period.group, last_name="Ромашкина"),
        employer_a.partner,
    )
    page = client_for(employer_a).get(reverse("dashboard")).content.decode()
    assert "Ромашкина" in page


def test_supervisor_marks_report_checked_and_grade(client_for, teacher, period):
    placement = services.assign(
        period, factories.StudentFactory(group=period.group), factories.PartnerFactory()
    )
    services.change_status(placement, "confirmed", teacher)
    services.change_status(placement, "in_progress")
    response = client_for(teacher).post(
        reverse("practice:placement_edit", args=[placement.pk]),
        {"new_status": "completed", "report_status": "checked", "final_grade": 5, "workplace": ""},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.report_status, placement.final_grade) == (
        "completed",
        "checked",
        5,
    )
    assert services.progress(period)["reports_checked"] == 1


def test_site_visit_is_recorded_with_the_students_seen(client_for, teacher, period):
    partner = factories.PartnerFactory()
    placement = services.assign(period, factories.StudentFactory(group=period.group), partner)
    response = client_for(teacher).post(
        reverse("practice:visit_create"),
        {
            "date": "2026-12-10",
            "partner": partner.pk,
            "placements": [placement.pk],
            "findings": "Рабочее место оборудовано",
        },
    )
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    assert visit.teacher == teacher and list(visit.placements.all()) == [placement]
    page = client_for(teacher).get(reverse("practice:visit_list")).content.decode()
    assert "Рабочее место оборудовано" in page


def test_site_visit_refuses_students_of_another_partner(client_for, teacher, period):
    placement = services.assign(
        period, factories.StudentFactory(group=period.group), factories.PartnerFactory()
    )
    other = factories.PartnerFactory()
    response = client_for(teacher).post(
        reverse("practice:visit_create"),
        {"date": "2026-12-10", "partner": other.pk, "placements": [placement.pk], "findings": "x"},
    )
    assert response.status_code == 200
    assert not SiteVisit.objects.exists()


def test_schedule_header_names_the_specialty_and_the_profession(
    client_for, head, django_assert_max_num_queries
):
    from practice.models import Profession, ProfessionalModule

    specialty = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    module = ProfessionalModule.objects.create(
        specialty=specialty, code="ПМ.05", name="Выполнение работ по профессии"
    )
    module.professions.add(Profession.objects.create(code="20015", name="Агент по закупкам"))
    period = factories.PracticePeriodFactory(group__specialty=specialty, module=module)
    services.assign(
        period, factories.StudentFactory(group=period.group), factories.PartnerFactory()
    )
    client = client_for(head)
    # session, user, the printed values (data key and size), placements with everything
    # joined, title (period), professions, the personal-data log row
    with django_assert_max_num_queries(7):
        response = client.get(reverse("practice:schedule"), {"period": period.pk, "format": "pdf"})
    text = pdf_text(response.content)
    assert "Специальность 43.02.14 «Гостиничное дело»" in text
    assert "Профессия: 20015 «Агент по закупкам»" in text
    page = client.get(reverse("practice:schedule"), {"period": period.pk}).content.decode()
    assert "20015 «Агент по закупкам»" in page


def test_schedule_address_carries_the_locality_and_the_country_abroad(client_for, head, period):
    village = factories.PartnerFactory(city="с. Красноярка", address="ул. Победы, 12")
    abroad = factories.PartnerFactory(
        country="KZ", city="г. Петропавловск", address="ул. Абая, 1", inn=""
    )
    in_omsk = factories.PartnerFactory(city="Омск", address="г. Омск, ул. Ленина, 5")
    for partner in (village, abroad, in_omsk):
        services.assign(period, factories.StudentFactory(group=period.group), partner)
    client = client_for(head)
    text = pdf_text(
        client.get(reverse("practice:schedule"), {"period": period.pk, "format": "pdf"}).content
    )
    assert "с. Красноярка, ул. Победы, 12" in text
    assert "Казахстан, г. Петропавловск, ул. Абая, 1" in text
    assert "г. Омск, ул. Ленина, 5" in text and "Омск, г. Омск" not in text
    data = tablib_rows(client.get(reverse("practice:schedule"), {"format": "xlsx"}).content)
    assert "Казахстан, г. Петропавловск, ул. Абая, 1" in {row[4] for row in data}


def tablib_rows(content):
    import tablib

    return tablib.Dataset().load(content, format="xlsx")


def test_second_identical_period_is_refused_with_a_clear_message(client_for, head, period):
    form = {
        "kind": period.kind,
        "group": period.group.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "hours": 72,
        "points-TOTAL_FORMS": 0,
        "points-INITIAL_FORMS": 0,
    }
    client = client_for(head)
    response = client.post(reverse("practice:period_create"), form)
    assert "Такой период уже есть" in response.content.decode()
    assert PracticePeriod.objects.count() == 1
    # Another kind of practice on the same dates is a different period.
    response = client.post(reverse("practice:period_create"), {**form, "kind": "training"})
    assert response.status_code == 302
    assert PracticePeriod.objects.count() == 2
