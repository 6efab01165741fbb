"""Issue #11, finishing touches: staff record a confirmation given by phone, the deputy sees
unconfirmed placements, a period's attestation sheets go to the worker when many, and mentors
are reminded to mark attendance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import services
from practice.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    today = timezone.localdate()
    return factories.PracticePeriodFactory(
        start=today + datetime.timedelta(days=5), end=today + datetime.timedelta(days=17)
    )


def place(period, partner, last_name="Ромашкина", **kwargs):
    student = factories.StudentFactory(group=period.group, last_name=last_name)
    return services.assign(period, student, partner, **kwargs)


# --- 1. staff confirm on the partner's behalf ---------------------------------------------


def test_head_records_a_confirmation_given_by_phone_with_a_mentor(client_for, head, employer_a):
    head.last_name, head.first_name, head.middle_name = "Белова", "Ирина", "Петровна"
    head.save()
    placement = place(factories.PracticePeriodFactory(), employer_a.partner)
    mentor = factories.ContactFactory(partner=employer_a.partner, last_name="Кузьмина")
    client = client_for(head)

    page = client.get(reverse("practice:placement_edit", args=[placement.pk])).content.decode()
    assert "Подтверждено партнёром (по телефону)" in page

    response = client.post(
        reverse("practice:confirm_by_phone", args=[placement.pk]), {"mentor": mentor.pk}
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "confirmed" and placement.mentor == mentor
    assert placement.confirmed_by == head and placement.confirmed_at is not None
    mentor.refresh_from_db()
    assert mentor.is_mentor
    page = client.get(reverse("practice:placement_edit", args=[placement.pk])).content.decode()
    assert "подтверждено со слов партнёра: Белова Ирина Петровна" in page
    assert "Подтверждено партнёром (по телефону)" not in page  # answered: no button
    assert placement.history.first().history_change_reason.startswith(
        "Подтверждено со слов партнёра"
    )


def test_phone_confirmation_without_a_mentor_keeps_the_placements_mentor(head, employer_a):
    mentor = factories.ContactFactory(partner=employer_a.partner)
    placement = place(factories.PracticePeriodFactory(), employer_a.partner, mentor=mentor)

    (confirmed,) = services.confirm([placement], head, None)

    assert confirmed.mentor == mentor and confirmed.confirmed_by == head


def test_phone_confirmation_refuses_a_mentor_of_another_partner(client_for, head, employer_a):
    placement = place(factories.PracticePeriodFactory(), employer_a.partner)
    foreign = factories.ContactFactory()

    response = client_for(head).post(
        reverse("practice:confirm_by_phone", args=[placement.pk]),
        {"mentor": foreign.pk},
        follow=True,
    )

    assert "Наставник не найден среди сотрудников партнёра" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "planned" and placement.confirmed_at is None


def test_the_status_form_confirms_through_the_same_service(client_for, teacher, employer_a):
    placement = place(factories.PracticePeriodFactory(), employer_a.partner)

    response = client_for(teacher).post(
        reverse("practice:placement_edit", args=[placement.pk]),
        {"new_status": "confirmed", "report_status": "none", "workplace": ""},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "confirmed"
    assert placement.confirmed_by == teacher and placement.confirmed_at is not None


def test_a_confirmation_is_never_recorded_without_who(employer_a):
    placement = place(factories.PracticePeriodFactory(), employer_a.partner)
    with pytest.raises(ValueError):
        services.change_status(placement, Placement.Status.CONFIRMED)
    placement.refresh_from_db()
    assert placement.status == "planned"


def test_a_phone_confirmation_does_not_mail_the_staff(head, employer_a):
    from accounts.models import OutgoingEmail

    hotel_head = factories.PracticeHeadFactory(email="belova@kitek.test")
    period = factories.PracticePeriodFactory()
    hotel_head.specialties.add(period.group.specialty)
    placement = place(period, employer_a.partner)

    services.confirm([placement], head, None)

    assert not OutgoingEmail.objects.filter(dedup_key__startswith="placement_confirmed").exists()


def test_phone_confirmation_access(client_for, employer_a, employer_b):
    placement = place(factories.PracticePeriodFactory(), employer_a.partner)
    url = reverse("practice:confirm_by_phone", args=[placement.pk])
    assert client_for(employer_b).post(url).status_code == 404
    assert client_for(employer_a).post(url).status_code == 403  # the employer has own pages
    placement.refresh_from_db()
    assert placement.status == "planned"


# --- 2. the deputy's dashboard -------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 40])
def test_deputy_sees_unconfirmed_placements_across_the_college(
    count, client_for, deputy, period, settings, django_assert_max_num_queries
):
    settings.PLACEMENT_CONFIRMATION_DAYS = 7  # the practice starts in 5 days
    other = factories.PracticePeriodFactory(start=period.start, end=period.end)  # another specialty
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    for n in range(count):
        place((period, other)[n % 2], partner, f"Неподтверждённый{n}")
    confirmed = place(period, partner, "Подтверждённый")
    services.confirm([confirmed], deputy, None)
    client = client_for(deputy)

    # the deputy dashboard's pin (tests/test_deputy_dashboard.py): this alert adds one query
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboard"))

    alert = response.context["alerts"]["unconfirmed_college"]
    assert alert["total"] == count and len(alert["items"]) == min(count, 5)
    html = response.content.decode()
    assert "Не подтверждено партнёрами" in html and "Подтверждённый" not in html
    url = reverse("monitoring:alert_list", args=["unconfirmed-college"])
    assert url in html
    page = client.get(url)
    assert page.context["paginator"].count == count
    assert page.content.decode().count("не подтверждено партнёром") == min(count, 25)


def test_only_the_deputy_has_the_college_wide_list(client_for, head):
    url = reverse("monitoring:alert_list", args=["unconfirmed-college"])
    assert client_for(head).get(url).status_code == 404


# --- 4. attendance reminders -------------------------------------------------------------

WEDNESDAY = datetime.date(2026, 3, 11)  # the last three working days: Tue, Mon, Sat


def _attendance_emails():
    from accounts.models import OutgoingEmail

    return OutgoingEmail.objects.filter(dedup_key__startswith="attendance_reminder:")


@pytest.fixture
def running():
    """A practice under way on WEDNESDAY, begun ten days before."""
    return factories.PracticePeriodFactory(
        group__name="31 ГД",
        start=WEDNESDAY - datetime.timedelta(days=10),
        end=WEDNESDAY + datetime.timedelta(days=10),
    )


def _confirmed(period, partner, last_name, mentor=None, status="in_progress"):
    return factories.PlacementFactory(
        period=period,
        partner=partner,
        mentor=mentor,
        status=status,
        student__last_name=last_name,
        student__group=period.group,
    )


def _mark(placement, day):
    from practice.models import AttendanceMark

    return AttendanceMark.objects.create(placement=placement, date=day, status="present")


def test_partner_is_reminded_once_a_week_when_attendance_goes_unmarked(employer_a, running):
    from monitoring import reminders

    mentor_user = factories.EmployerFactory(partner=employer_a.partner, email="mentor@skazka.test")
    mentor = factories.ContactFactory(partner=employer_a.partner, user=mentor_user)
    forgotten = _confirmed(running, employer_a.partner, "Агеева", mentor)
    _mark(forgotten, WEDNESDAY - datetime.timedelta(days=5))  # last marked on Friday
    _confirmed(running, employer_a.partner, "Борисов", status="confirmed")  # never marked
    marked = _confirmed(running, employer_a.partner, "Волков")
    _mark(marked, WEDNESDAY - datetime.timedelta(days=4))  # Saturday: within three days
    _confirmed(running, employer_a.partner, "Гусев", status="planned")  # not confirmed
    other = factories.EmployerFactory(email="other@gloria.test")
    _mark(_confirmed(running, other.partner, "Дёмин"), WEDNESDAY - datetime.timedelta(days=1))

    reminders.send(WEDNESDAY)
    reminders.send(WEDNESDAY)
    reminders.send(WEDNESDAY + datetime.timedelta(days=2))  # Friday: the same week

    sent = _attendance_emails()
    assert sorted(e.to for e in sent) == sorted([employer_a.email, mentor_user.email])
    body = sent.get(to=employer_a.email).body
    lines = {line.split()[1]: line for line in body.splitlines() if line.startswith("- ")}
    assert lines["Агеева"].endswith(": последняя отметка 06.03.2026")
    assert lines["Борисов"].endswith(": отметок ещё нет")
    assert "Волков" not in body and "Гусев" not in body and "Дёмин" not in body
    assert reverse("practice:attendance_week") in body
    assert "31 ГД" in sent.get(to=employer_a.email).subject

    reminders.send(WEDNESDAY + datetime.timedelta(days=7))  # a week on, still unmarked
    again = _attendance_emails().filter(to__in=[employer_a.email, mentor_user.email])
    assert again.count() == 4


def test_no_attendance_reminder_before_three_working_days_have_passed(employer_a):
    from practice import reminders as practice_reminders

    monday = WEDNESDAY - datetime.timedelta(days=2)
    # Begun on Saturday: by Wednesday only Saturday, Monday and Tuesday passed (Sunday off)...
    period = factories.PracticePeriodFactory(
        start=monday - datetime.timedelta(days=2), end=monday + datetime.timedelta(days=20)
    )
    _confirmed(period, employer_a.partner, "Ерохин")
    assert practice_reminders.partner_reminders(monday) == []
    assert practice_reminders.partner_reminders(WEDNESDAY - datetime.timedelta(days=1)) == []
    assert len(practice_reminders.partner_reminders(WEDNESDAY)) == 1
    # ... and a mark on Monday holds the reminder back.
    _mark(period.placements.get(), monday)
    assert practice_reminders.partner_reminders(WEDNESDAY) == []


def test_a_user_who_turned_the_attendance_reminder_off_gets_none(employer_a, running):
    from monitoring import reminders

    employer_a.notification_channels = {"attendance_reminder": []}
    employer_a.save()
    _confirmed(running, employer_a.partner, "Жуков")
    reminders.send(WEDNESDAY)
    assert not _attendance_emails().exists()


def _many_unmarked(size, period):
    partners = [factories.PartnerFactory() for _ in range(5)]
    for partner in partners:
        factories.EmployerFactory(partner=partner)
        mentor_user = factories.EmployerFactory(partner=partner)
        factories.ContactFactory(partner=partner, user=mentor_user, is_mentor=True)
    from partners.models import Contact

    mentors = {c.partner_id: c for c in Contact.objects.filter(partner__in=partners)}
    students = factories.StudentFactory.create_batch(size, group=period.group)
    Placement.objects.bulk_create(
        Placement(
            period=period,
            student=student,
            partner=partners[n % 5],
            status="in_progress",
            mentor=mentors[partners[n % 5].pk] if n % 3 == 0 else None,
        )
        for n, student in enumerate(students)
    )


@pytest.mark.parametrize("size", [5, 150])
def test_attendance_scan_runs_the_same_queries_for_few_and_many_placements(
    size, running, sqlite_real_variable_limit, django_assert_num_queries
):
    from monitoring import reminders
    from practice import reminders as practice_reminders

    _many_unmarked(size, running)
    # the placements awaiting confirmation, those with attendance unmarked (with their last
    # mark), the partners' users
    with django_assert_num_queries(3):
        notices = practice_reminders.partner_reminders(WEDNESDAY)
    assert len(notices) == 10  # five partners, each its representative and mentor
    # collect of agreements (5 here, nothing soon), the plan (1), the partners' reminders
    # (3), the keys already queued, the INSERT and the ids to deliver
    with django_assert_num_queries(12):
        assert reminders.send(WEDNESDAY) == 10
    with django_assert_num_queries(10):  # a re-run: nothing rendered, nothing inserted
        assert reminders.send(WEDNESDAY) == 0
