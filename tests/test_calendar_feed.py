import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services as meetings
from meetings.models import Invitation
from monitoring.models import PlanItem, WorkPlan
from monitoring.plan import current_school_year
from practice.models import ControlPoint
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _feed_url(user):
    return reverse("monitoring:calendar_feed", args=[user.ensure_calendar_token()])


def _events(client, user):
    response = client.get(_feed_url(user))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def _period(**fields):
    return factories.PracticePeriodFactory(start=TODAY + 20 * DAY, end=TODAY + 40 * DAY, **fields)


def test_head_sees_own_meetings_periods_of_their_specialty_and_plan_items(client, head):
    specialty = factories.SpecialtyFactory(code="43.02.14")
    head.specialties.add(specialty)
    mine = _period(
        group=factories.StudentGroupFactory(name="31 ГД", specialty=specialty),
        report_deadline=TODAY + 45 * DAY,
    )
    ControlPoint.objects.create(
        period=mine, kind="intermediate", date=TODAY + 30 * DAY, description="Дневник практики"
    )
    supervised = _period(group=factories.StudentGroupFactory(name="21 ТУР"))
    supervised.supervisors.add(head)
    _period(group=factories.StudentGroupFactory(name="11 ПК"))  # another specialty, not theirs
    factories.MeetingFactory(organizer=head, topic="Круглый стол с отелями")
    invited = factories.MeetingFactory(topic="Совет с работодателями", place="Ауд. 101")
    meetings.invite(invited, users=[head])
    factories.MeetingFactory(topic="Чужое совещание")
    plan = WorkPlan.objects.create(year=current_school_year(TODAY))
    item = PlanItem.objects.create(
        plan=plan,
        section="employers",
        content="Провести анкетирование работодателей",
        timing="year_round",
        responsible_text="Заведующие практикой",
    )
    item.responsible.add(head)

    events = _events(client, head)

    assert "Круглый стол: Круглый стол с отелями" in events
    meeting = events["Круглый стол: Совет с работодателями"]
    assert "Ауд. 101" in str(meeting["location"])
    assert "https://zoom.example/j/123" in str(meeting["location"])
    assert meeting["dtstart"].dt == invited.starts_at
    assert not any("Чужое совещание" in s for s in events)
    period = events["Производственная практика, группа 31 ГД"]
    assert period["dtstart"].dt == mine.start  # an all-day event: a date, not a time
    assert period["dtend"].dt == mine.end + DAY
    assert "Производственная практика, группа 21 ТУР" in events
    assert not any("11 ПК" in s for s in events)
    point = events["Промежуточный контроль: Производственная практика, группа 31 ГД"]
    assert point["dtstart"].dt == TODAY + 30 * DAY
    assert events["Срок сдачи отчётов: Производственная практика, группа 31 ГД"]["dtstart"].dt == (
        TODAY + 45 * DAY
    )
    assert "План: Провести анкетирование работодателей" in events
    uids = [str(e["uid"]) for e in events.values()]
    assert len(uids) == len(set(uids))
    assert all("dtstamp" in e for e in events.values())


def test_employer_feed_has_own_partner_only(client, employer_a, employer_b):
    period_a = _period(group=factories.StudentGroupFactory(name="41 ГД"))
    factories.PlacementFactory(period=period_a, partner=employer_a.partner)
    factories.PlacementFactory(period=period_a, partner=employer_a.partner, status="confirmed")
    # Another organisation's cancelled placement in the same period must not hide it.
    factories.PlacementFactory(period=period_a, partner=employer_b.partner, status="cancelled")
    period_b = _period(group=factories.StudentGroupFactory(name="42 ГД"))
    factories.PlacementFactory(period=period_b, partner=employer_b.partner)
    ControlPoint.objects.create(period=period_b, kind="final", date=TODAY + 35 * DAY)
    meeting_a = factories.MeetingFactory(topic="Наставничество в отелях")
    Invitation.objects.create(meeting=meeting_a, partner=employer_a.partner, name="Сказка")
    meeting_b = factories.MeetingFactory(topic="Только для Глории")
    Invitation.objects.create(meeting=meeting_b, partner=employer_b.partner, name="Глория")
    factories.MeetingFactory(topic="Совещание заведующих")

    events = _events(client, employer_a)

    assert set(events) == {
        "Круглый стол: Наставничество в отелях",
        "Производственная практика, группа 41 ГД",
        f"Подтвердить распределение до {period_a.start:%d.%m.%Y}: 1 обуч., группа 41 ГД",
    }
    confirm = events[
        f"Подтвердить распределение до {period_a.start:%d.%m.%Y}: 1 обуч., группа 41 ГД"
    ]
    assert confirm["dtstart"].dt == period_a.start - DAY

    events_b = _events(client, employer_b)
    assert "Производственная практика, группа 42 ГД" in events_b
    assert "Итоговый контроль: Производственная практика, группа 42 ГД" in events_b
    assert not any("41 ГД" in s or "Наставничество" in s for s in events_b)


def test_teacher_sees_periods_of_students_they_supervise_only(client, teacher):
    period = _period(group=factories.StudentGroupFactory(name="31 ПК"))
    factories.PlacementFactory(period=period, supervisor=teacher)
    _period(group=factories.StudentGroupFactory(name="32 ПК"))
    factories.MeetingFactory(topic="Не приглашена")

    events = _events(client, teacher)

    assert set(events) == {"Производственная практика, группа 31 ПК"}


def test_feed_holds_a_bounded_window(client, head):
    factories.MeetingFactory(organizer=head, topic="Давно", starts_at=timezone.now() - 200 * DAY)
    factories.MeetingFactory(organizer=head, topic="Нескоро", starts_at=timezone.now() + 400 * DAY)
    factories.MeetingFactory(organizer=head, topic="Скоро")

    assert set(_events(client, head)) == {"Круглый стол: Скоро"}


def test_reset_makes_the_old_url_a_404(client, client_for, head):
    old_url = _feed_url(head)
    assert client.get(old_url).status_code == 200
    response = client_for(head).post(reverse("monitoring:calendar_reset"))
    assert response.status_code == 302
    head.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(_feed_url(head)).status_code == 200
    page = client_for(head).get(reverse("monitoring:calendar"))
    assert _feed_url(head) in page.content.decode()
    assert old_url not in page.content.decode()


def test_reset_needs_a_post_and_a_login(client, client_for, head):
    url = _feed_url(head)
    assert client_for(head).get(reverse("monitoring:calendar_reset")).status_code == 405
    client.logout()
    client.post(reverse("monitoring:calendar_reset"))
    assert client.get(url).status_code == 200


def test_inactive_users_and_unknown_tokens_get_404(client, employer_a):
    url = _feed_url(employer_a)
    employer_a.is_active = False
    employer_a.save()
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("monitoring:calendar_feed", args=["no-such-token"])).status_code == 404
    )


def test_page_shows_the_link_to_every_role(client_for, employer_a, teacher):
    for user in (employer_a, teacher):
        response = client_for(user).get(reverse("monitoring:calendar"))
        assert response.status_code == 200
        user.refresh_from_db()
        assert user.calendar_token in response.content.decode()
        assert "Сбросить ссылку" in response.content.decode()
    # Opening the page again keeps the same link (it is created once).
    token = teacher.calendar_token
    client_for(teacher).get(reverse("monitoring:calendar"))
    teacher.refresh_from_db()
    assert teacher.calendar_token == token


def test_feed_runs_constant_queries(client, head, employer_a, django_assert_max_num_queries):
    specialty = factories.SpecialtyFactory(code="43.02.16")
    head.specialties.add(specialty)
    plan = WorkPlan.objects.create(year=current_school_year(TODAY))
    for n in range(5):
        period = _period(group=factories.StudentGroupFactory(specialty=specialty))
        period.supervisors.add(head)
        ControlPoint.objects.create(period=period, kind="current", date=TODAY + 25 * DAY)
        factories.PlacementFactory(period=period, partner=employer_a.partner)
        meeting = factories.MeetingFactory(organizer=head)
        Invitation.objects.create(meeting=meeting, partner=employer_a.partner, name="Сказка")
        item = PlanItem.objects.create(
            plan=plan, section="monitoring", content=f"Пункт {n}", timing="monthly"
        )
        item.responsible.add(head)
    head_url, employer_url = _feed_url(head), _feed_url(employer_a)
    # user by token, meetings, periods, their control points, plan items
    with django_assert_max_num_queries(5):
        assert client.get(head_url).status_code == 200
    # user by token, meetings, periods (with unconfirmed counts), their control points
    with django_assert_max_num_queries(4):
        assert client.get(employer_url).status_code == 200
