import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import AttendanceMark
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(today):
    return factories.PracticePeriodFactory(
        start=today - datetime.timedelta(days=13), end=today + datetime.timedelta(days=5)
    )


@pytest.fixture
def mentor(employer_a):
    return factories.ContactFactory(partner=employer_a.partner, user=employer_a, is_mentor=True)


@pytest.fixture
def placement(period, employer_a, mentor):
    return factories.PlacementFactory(
        period=period,
        partner=employer_a.partner,
        mentor=mentor,
        status="in_progress",
        student__last_name="Ромашкина",
        student__first_name="Алина",
    )


def _mark(client, placement, day, status, reason="", htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("practice:attendance_mark", args=[placement.pk]),
        {"date": day.isoformat(), "status": status, "reason": reason},
        **headers,
    )


def test_mentor_marks_a_week_of_attendance(client_for, employer_a, placement, today):
    client = client_for(employer_a)
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    statuses = ["present", "present", "late", "absent", "present", "present"]
    for offset, status in enumerate(statuses):
        day = monday + datetime.timedelta(days=offset)
        response = _mark(client, placement, day, status, "illness" if status == "absent" else "")
        assert response.status_code == 200
        assert "Ромашкина Алина" in response.content.decode()

    marks = dict(AttendanceMark.objects.filter(placement=placement).values_list("date", "status"))
    assert [marks[monday + datetime.timedelta(days=n)] for n in range(6)] == statuses
    absence = AttendanceMark.objects.get(placement=placement, status="absent")
    assert absence.reason == "illness" and absence.marked_by == employer_a

    week = client.get(reverse("practice:attendance_week"), {"date": monday.isoformat()})
    page = week.content.decode()
    assert "Ромашкина Алина" in page
    assert page.count('title="Присутствовал"') == 4
    assert 'title="Отсутствовал: Болезнь"' in page
    assert 'title="Опоздал"' in page


def test_a_second_tap_changes_the_mark(client_for, employer_a, placement, today):
    client = client_for(employer_a)
    _mark(client, placement, today, "absent", "other")
    response = _mark(client, placement, today, "present")
    assert AttendanceMark.objects.get(placement=placement, date=today).status == "present"
    assert AttendanceMark.objects.get(placement=placement, date=today).reason == ""
    assert "btn-success" in response.content.decode()


def test_day_page_shows_todays_students_mine_first(client_for, employer_a, placement, period):
    other = factories.PlacementFactory(
        period=period, partner=employer_a.partner, student__last_name="Аверин"
    )
    page = client_for(employer_a).get(reverse("practice:attendance_day")).content.decode()
    assert page.index("Ромашкина") < page.index(other.student.last_name)
    assert "мой студент" in page
    for button in ("Присутствовал", "Отсутствовал", "Опоздал"):
        assert button in page
    mine = client_for(employer_a).get(reverse("practice:attendance_day"), {"mine": "1"})
    assert "Ромашкина" in mine.content.decode()
    assert "Аверин" not in mine.content.decode()


def test_future_day_is_refused_in_russian(client_for, employer_a, placement, today):
    response = _mark(
        client_for(employer_a), placement, today + datetime.timedelta(days=1), "present"
    )
    assert "Нельзя отметить посещаемость на будущий день" in response.content.decode()
    assert not AttendanceMark.objects.exists()


def test_day_outside_the_period_is_refused_in_russian(client_for, employer_a, placement, period):
    before = period.start - datetime.timedelta(days=1)
    response = _mark(client_for(employer_a), placement, before, "present", htmx=False)
    assert response.status_code == 302
    followed = client_for(employer_a).get(response.url).content.decode()
    assert "вне сроков практики" in followed
    assert not AttendanceMark.objects.exists()


def test_cancelled_placement_is_not_marked(client_for, employer_a, placement, today):
    placement.status = "cancelled"
    placement.save()
    response = _mark(client_for(employer_a), placement, today, "present")
    assert response.status_code == 404
    assert not AttendanceMark.objects.exists()


def test_future_day_page_shows_today_with_a_message(client_for, employer_a, placement, today):
    tomorrow = today + datetime.timedelta(days=1)
    response = client_for(employer_a).get(
        reverse("practice:attendance_day"), {"date": tomorrow.isoformat()}
    )
    page = response.content.decode()
    assert "Нельзя отметить посещаемость на будущий день" in page
    assert f'value="{today.isoformat()}"' in page


def test_staff_grid_highlights_gaps_and_counts_absences(client_for, head, placement, today):
    start = placement.period.start
    AttendanceMark.objects.create(placement=placement, date=start, status="present")
    AttendanceMark.objects.create(
        placement=placement,
        date=start + datetime.timedelta(days=1),
        status="absent",
        reason="illness",
    )
    response = client_for(head).get(
        reverse("practice:period_attendance", args=[placement.period_id])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ромашкина Алина" in page
    assert 'title="Не отмечено"' in page
    assert "attendance-gap" in page
    row = next(r for r in response.context["rows"] if r["placement"].pk == placement.pk)
    assert row["absent"] == 1
    worked = [
        start + datetime.timedelta(days=n)
        for n in range((today - start).days + 1)
        if (start + datetime.timedelta(days=n)).isoweekday() != 7
    ]
    assert row["gaps"] == len(worked) - 2
    # Days to come are not gaps.
    assert all(c["state"] != "gap" for c in row["cells"] if c["day"] > today)


def test_staff_grid_runs_constant_queries(
    client_for, head, period, django_assert_max_num_queries, today
):
    for n in range(12):
        placement = factories.PlacementFactory(period=period, status="in_progress")
        for day in range(5):
            AttendanceMark.objects.create(
                placement=placement,
                date=period.start + datetime.timedelta(days=day),
                status="present",
            )
        if n % 3 == 0:
            factories.AttestationSheetFactory(placement=placement)
    client = client_for(head)
    # session, user, the period, count, a page of placements with their student, partner
    # and sheet, the marks of the page, the personal-data log entry
    with django_assert_max_num_queries(8):
        response = client.get(reverse("practice:period_attendance", args=[period.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 12


def test_employer_sees_only_own_students_in_the_period_grid(
    client_for, employer_a, placement, period
):
    factories.PlacementFactory(period=period, student__last_name="Чужаков")
    page = client_for(employer_a).get(reverse("practice:period_attendance", args=[period.pk]))
    assert "Ромашкина" in page.content.decode()
    assert "Чужаков" not in page.content.decode()


def test_other_partners_employer_gets_404_on_attendance_urls(
    client_for, employer_b, placement, today
):
    client = client_for(employer_b)
    assert _mark(client, placement, today, "present").status_code == 404
    grid = client.get(reverse("practice:period_attendance", args=[placement.period_id]))
    assert grid.status_code == 404
    # Lists are scoped: B's day and week pages do not show A's student.
    for name in ("practice:attendance_day", "practice:attendance_week"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Ромашкина" not in response.content.decode()
    assert not AttendanceMark.objects.exists()


def test_attendance_pages_are_for_the_mentor_not_staff(client_for, head, placement, today):
    client = client_for(head)
    assert client.get(reverse("practice:attendance_day")).status_code == 403
    assert _mark(client, placement, today, "present").status_code == 403


def test_day_page_runs_constant_queries(
    client_for, employer_a, period, mentor, django_assert_max_num_queries, today
):
    for _ in range(10):
        placement = factories.PlacementFactory(
            period=period, partner=employer_a.partner, mentor=mentor
        )
        AttendanceMark.objects.create(placement=placement, date=today, status="present")
    client = client_for(employer_a)
    # session, user, count, a page of placements, the day's marks, the personal-data log,
    # the user's organisation in the menu
    with django_assert_max_num_queries(7):
        response = client.get(reverse("practice:attendance_day"))
    assert response.content.decode().count("btn-success") == 10


def test_employer_menu_has_attendance_and_attestation(client_for, employer_a):
    page = client_for(employer_a).get("/").content.decode()
    assert "Посещаемость" in page
    assert "Аттестационные листы" in page
