import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from meetings import services
from meetings.models import Decision, Invitation, Meeting, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    factories.ContactFactory(
        partner=partner, last_name="Руденко", email="rudenko@skazka.example", is_primary=True
    )
    return partner


@pytest.fixture
def meeting(partner):
    meeting = factories.MeetingFactory()
    services.invite(meeting, [partner])
    return meeting


def sent_ics():
    outbox.deliver_pending()
    calendars = []
    for message in mail.outbox:
        for name, content, mimetype in message.attachments:
            assert name == "invite.ics" and mimetype.startswith("text/calendar")
            calendars.append(Calendar.from_ical(content))
    return calendars


def event_of(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_head_plans_a_round_table_and_invitations_go_out_with_a_calendar_file(
    client_for, head, partner
):
    response = client_for(head).post(
        reverse("meetings:create"),
        {
            "kind": "round_table",
            "topic": "Итоги практики ПМ.05",
            "starts_at": "2026-12-20T14:00",
            "duration_minutes": 90,
            "format": "hybrid",
            "place": "Актовый зал",
            "online_link": "https://zoom.example/j/1",
            "partners": [partner.pk],
            "send_now": "on",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    (calendar,) = sent_ics()
    event = event_of(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert "Итоги практики ПМ.05" in str(event["summary"])
    assert event.decoded("dtstart") == meeting.starts_at
    assert int(event["sequence"]) == 0
    body = mail.outbox[0].body
    assert "Актовый зал" in body and "https://zoom.example/j/1" in body
    assert "/meetings/reply/" in body and "answer=online" in body


def test_moving_a_meeting_updates_the_same_calendar_event(meeting):
    services.send_invitations(meeting)
    services.reschedule(meeting, starts_at=meeting.starts_at + datetime.timedelta(days=1))
    first, second = (event_of(c) for c in sent_ics())
    assert str(first["uid"]) == str(second["uid"])
    assert int(second["sequence"]) == 1
    assert mail.outbox[1].subject.startswith("Изменение:")


def test_cancelling_notifies_and_cancels_the_calendar_event(meeting):
    services.send_invitations(meeting)
    services.cancel(meeting, "Перенос на январь по просьбе работодателей")
    calendars = sent_ics()
    assert str(calendars[-1]["method"]) == "CANCEL"
    assert str(event_of(calendars[-1])["status"]) == "CANCELLED"
    assert "Перенос на январь" in mail.outbox[-1].body


def test_cancel_needs_a_reason(meeting):
    with pytest.raises(Exception, match="Укажите причину"):
        services.cancel(meeting, " ")
    assert Meeting.objects.get().status == "planned"


def test_one_click_reply_without_logging_in(client, meeting):
    invitation = meeting.invitations.get()
    url = reverse("meetings:reply", args=[services.reply_token(invitation)])
    page = client.get(url, {"answer": "online"}).content.decode()  # the click in the e-mail
    assert "Итоги производственной практики" in page and "ответ записан" in page
    invitation.refresh_from_db()
    assert invitation.reply == "online"
    response = client.post(url, {"answer": "online", "comment": "Подключусь из Тары"})
    assert "ответ записан" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.comment) == ("online", "Подключусь из Тары")


def test_tampered_reply_link_changes_nothing(client, meeting):
    invitation = meeting.invitations.get()
    token = services.reply_token(invitation)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("meetings:reply", args=[tampered]), {"answer": "declined"})
    assert response.status_code == 400
    assert "Ссылка повреждена" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == "pending"


def test_expired_reply_link_is_refused(client, meeting):
    invitation = meeting.invitations.get()
    token = services.reply_token(invitation)
    later = timezone.now().timestamp() + 100 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(reverse("meetings:reply", args=[token]), {"answer": "declined"})
    assert "Срок действия ссылки истёк" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == "pending"


def test_reply_link_of_a_cancelled_meeting_explains(client, meeting):
    invitation = meeting.invitations.get()
    services.cancel(meeting, "Болезнь ведущего")
    response = client.get(reverse("meetings:reply", args=[services.reply_token(invitation)]))
    assert "Встреча отменена" in response.content.decode()


def test_online_meeting_needs_a_link_and_a_sensible_duration(client_for, head):
    response = client_for(head).post(
        reverse("meetings:create"),
        {
            "kind": "seminar",
            "topic": "КОС",
            "starts_at": "2026-12-20T14:00",
            "duration_minutes": 0,
            "format": "online",
            "place": "",
        },
    )
    page = response.content.decode()
    assert "укажите ссылку подключения" in page
    assert "от 15 минут" in page
    assert 'value="КОС"' in page
    assert not Meeting.objects.exists()


def test_bimonthly_series_for_a_school_year_and_one_can_move_alone(client_for, head):
    client_for(head).post(
        reverse("meetings:create"),
        {
            "kind": "production",
            "topic": "Производственное совещание",
            "starts_at": "2026-09-15T15:00",
            "duration_minutes": 60,
            "format": "in_person",
            "place": "Актовый зал",
            "repeat": "bimonthly",
            "repeat_until": "2027-06-30",
        },
    )
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [timezone.localtime(m.starts_at).month for m in meetings] == [9, 11, 1, 3, 5]
    assert len({m.series for m in meetings}) == 1
    services.reschedule(meetings[1], starts_at=meetings[1].starts_at + datetime.timedelta(days=2))
    assert timezone.localtime(Meeting.objects.get(pk=meetings[2].pk).starts_at).day == 15


def test_reminders_a_day_and_an_hour_before_are_sent_once_each(meeting):
    start = meeting.starts_at
    assert services.send_meeting_reminders(start - datetime.timedelta(hours=20)) == 1
    assert services.send_meeting_reminders(start - datetime.timedelta(hours=19)) == 0
    assert services.send_meeting_reminders(start - datetime.timedelta(minutes=50)) == 1
    assert services.send_meeting_reminders(start - datetime.timedelta(minutes=40)) == 0
    subjects = sorted(OutgoingEmail.objects.values_list("subject", flat=True))
    assert subjects[0].startswith("Напоминание") and subjects[1].startswith("Через час")


def test_attendance_starts_from_replies_when_held(meeting):
    invitation = meeting.invitations.get()
    services.record_reply(invitation, "in_person")
    services.mark_held(meeting)
    invitation.refresh_from_db()
    assert invitation.attendance == "in_person"


def test_minutes_are_locked_once_approved_and_a_new_edition_keeps_the_old(
    client_for, head, meeting
):
    services.mark_held(meeting)
    client = client_for(head)
    data = {
        "minutes_number": "7",
        "attendees_note": "",
        "agenda-TOTAL_FORMS": 1,
        "agenda-INITIAL_FORMS": 0,
        "agenda-0-order": 1,
        "agenda-0-title": "Итоги практики",
        "agenda-0-heard": "Белову И. Н. о результатах",
        "agenda-0-spoke": "Руденко С. И.",
        "agenda-0-decided": "Одобрить программу",
        "decisions-TOTAL_FORMS": 1,
        "decisions-INITIAL_FORMS": 0,
        "decisions-0-text": "Внести правки в КОС",
        "decisions-0-responsible": head.pk,
        "decisions-0-deadline": "2027-01-15",
    }
    assert client.post(reverse("meetings:minutes", args=[meeting.pk]), data).status_code == 302
    client.post(reverse("meetings:action", args=[meeting.pk, "approve"]))
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]), {**data, "minutes_number": "8"}, follow=True
    )
    assert "Протокол утверждён и не редактируется" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_number == "7"
    client.post(reverse("meetings:action", args=[meeting.pk, "new-version"]))
    meeting.refresh_from_db()
    assert meeting.minutes_version == 2 and not meeting.minutes_locked
    assert meeting.minutes_versions.get().content["agenda"][0]["decided"] == "Одобрить программу"


def test_minutes_pdf_reads_in_the_usual_layout(client_for, head, meeting):
    meeting.chair = head
    meeting.minutes_number = "3"
    meeting.save()
    services.mark_held(meeting)
    meeting.agenda.create(
        order=1, title="О практике", heard="Доклад", spoke="Вопросы", decided="Принять к сведению"
    )
    Decision.objects.create(
        meeting=meeting, text="Обновить КОС", responsible=head, deadline=datetime.date(2027, 1, 15)
    )
    inv = meeting.invitations.get()
    inv.attendance = "online"
    inv.save()
    response = client_for(head).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    for words in (
        "ПРОТОКОЛ № 3",
        "СЛУШАЛИ: Доклад",
        "ВЫСТУПИЛИ: Вопросы",
        "РЕШИЛИ: Принять к сведению",
        "Обновить КОС",
        "15.01.2027",
        "Руденко",
        "онлайн",
        "Председатель",
        "Секретарь",
    ):
        assert words in text, words


def test_recommendation_workflow_and_decline_needs_a_reason(meeting, partner):
    recommendation = Recommendation.objects.create(
        meeting=meeting, partner=partner, text="Добавить задание по 1С"
    )
    with pytest.raises(Exception, match="причину"):
        services.change_recommendation(recommendation, "declined", "")
    services.change_recommendation(recommendation, "accepted")
    services.change_recommendation(recommendation, "done")
    with pytest.raises(Exception, match="Нельзя перевести"):
        services.change_recommendation(recommendation, "proposed")


def test_an_unknown_recommendation_status_is_a_message(client_for, head, meeting, partner):
    recommendation = Recommendation.objects.create(
        meeting=meeting, partner=partner, text="Добавить задание по 1С"
    )
    url = reverse("meetings:recommendation_status", args=[recommendation.pk])
    response = client_for(head).post(url, {"status": "bogus"}, follow=True)
    assert response.status_code == 200
    assert "Выберите, что сделать с рекомендацией." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == "proposed"


def test_decision_reminders_before_the_deadline_and_when_missed(meeting, head):
    head.email = "belova@kitek.test"
    head.save()
    decision = Decision.objects.create(
        meeting=meeting, text="Обновить КОС", responsible=head, deadline=datetime.date(2027, 1, 15)
    )
    assert services.send_decision_reminders(datetime.date(2027, 1, 13)) == 1
    assert services.send_decision_reminders(datetime.date(2027, 1, 14)) == 0
    assert services.send_decision_reminders(datetime.date(2027, 1, 16)) == 1
    decision.done_at = timezone.now()
    decision.save()
    assert services.send_decision_reminders(datetime.date(2027, 1, 20)) == 0


def test_open_decisions_appear_on_the_responsible_dashboard(client_for, head, meeting):
    Decision.objects.create(
        meeting=meeting,
        text="Подготовить график",
        responsible=head,
        deadline=datetime.date(2027, 1, 15),
    )
    page = client_for(head).get(reverse("dashboard")).content.decode()
    assert "Мои поручения по протоколам" in page and "Подготовить график" in page


def test_employer_sees_only_meetings_they_were_invited_to(client_for, employer_a, employer_b):
    mine = factories.MeetingFactory(topic="Наш круглый стол")
    services.invite(mine, [employer_a.partner])
    other = factories.MeetingFactory(topic="Чужая встреча")
    services.invite(other, [employer_b.partner])
    client = client_for(employer_a)
    page = client.get(reverse("meetings:list")).content.decode()
    assert "Наш круглый стол" in page and "Чужая встреча" not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:minutes_pdf", args=[mine.pk])).status_code == 403
    assert (
        client.post(
            reverse("meetings:action", args=[mine.pk, "cancel"]), {"reason": "x"}
        ).status_code
        == 403
    )


def test_partner_card_lists_meetings_and_recommendations(client_for, head, meeting, partner):
    Recommendation.objects.create(meeting=meeting, partner=partner, text="Добавить задание по 1С")
    page = client_for(head).get(partner.get_absolute_url()).content.decode()
    assert "Итоги производственной практики" in page and "Добавить задание по 1С" in page


def test_invitations_are_not_sent_twice_for_the_same_version(meeting):
    assert services.send_invitations(meeting) == 1
    assert services.send_invitations(meeting) == 0
    assert Invitation.objects.count() == 1


def test_more_partners_can_be_invited_later(client_for, head, meeting):
    other = factories.PartnerFactory(name="ООО «Глория»")
    factories.ContactFactory(partner=other, email="gloria@example.kz", is_primary=True)
    client_for(head).post(reverse("meetings:invite", args=[meeting.pk]), {"partners": [other.pk]})
    assert meeting.invitations.count() == 2
    assert OutgoingEmail.objects.filter(to="gloria@example.kz").count() == 1


def test_recommendation_deadline_is_reminded_to_its_responsible(meeting, partner, head):
    head.email = "belova@kitek.test"
    head.save()
    Recommendation.objects.create(
        meeting=meeting,
        partner=partner,
        text="Задание по 1С",
        status="accepted",
        responsible=head,
        deadline=datetime.date(2027, 2, 1),
    )
    assert services.send_decision_reminders(datetime.date(2027, 2, 2)) == 1
    assert "Просрочено" in OutgoingEmail.objects.get().subject


def test_a_particular_mentor_can_be_invited(client_for, head, meeting):
    mentor = factories.ContactFactory(last_name="Ким", email="kim@dvorec.example", is_mentor=True)
    client_for(head).post(reverse("meetings:invite", args=[meeting.pk]), {"contacts": [mentor.pk]})
    invitation = meeting.invitations.get(email="kim@dvorec.example")
    assert invitation.contact == mentor and invitation.partner == mentor.partner


def test_moving_a_meeting_on_the_page_sends_an_update_and_saving_nothing_sends_nothing(
    client_for, head, meeting
):
    client = client_for(head)
    url = reverse("meetings:edit", args=[meeting.pk])
    local = timezone.localtime(meeting.starts_at)
    data = {
        "kind": meeting.kind,
        "topic": meeting.topic,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "format": meeting.format,
        "place": meeting.place,
        "online_link": meeting.online_link,
    }
    client.post(url, data)
    assert not OutgoingEmail.objects.exists()
    moved = (local + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(url, {**data, "starts_at": moved})
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert OutgoingEmail.objects.get().subject.startswith("Изменение:")


def test_meeting_pages_run_constant_queries(client_for, head, django_assert_max_num_queries):
    meeting = factories.MeetingFactory()
    for partner in factories.PartnerFactory.create_batch(15):
        factories.ContactFactory(
            partner=partner, email=f"c{partner.pk}@example.com", is_primary=True
        )
        services.invite(meeting, [partner])
        Recommendation.objects.create(meeting=meeting, partner=partner, text="Рекомендация")
    factories.MeetingFactory.create_batch(20)
    client = client_for(head)
    # 12, the same with 3 or 15 invitees: session, user, meeting, agenda, decisions,
    # recommendations, invitations, and the choices of the recommendation and invite forms
    with django_assert_max_num_queries(12):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    # session, user, count, a page of upcoming meetings
    with django_assert_max_num_queries(4):
        assert client.get(reverse("meetings:list")).status_code == 200


@pytest.mark.parametrize("invitees", [2, 40])
def test_meeting_and_decision_reminders_run_the_same_queries_for_any_number(
    invitees, head, sqlite_real_variable_limit, django_assert_num_queries
):
    meeting = factories.MeetingFactory()
    people = [factories.TeacherFactory(email=f"t{n}@kitek.test") for n in range(invitees)]
    services.invite(meeting, users=people)
    deadline = datetime.date(2027, 1, 15)
    Decision.objects.bulk_create(
        Decision(meeting=meeting, text=f"Решение {n}", responsible=p, deadline=deadline)
        for n, p in enumerate(people)
    )
    partner = factories.PartnerFactory()
    Recommendation.objects.bulk_create(
        Recommendation(meeting=meeting, partner=partner, text="…", responsible=p, deadline=deadline)
        for p in people
    )
    # The day and the hour windows' invitations, the keys already queued, the INSERT,
    # the ids to deliver.
    with django_assert_num_queries(5):
        queued = services.send_meeting_reminders(meeting.starts_at - datetime.timedelta(hours=20))
    assert queued == invitees
    # Decisions, recommendations, the keys already queued, the INSERT, the ids to deliver.
    with django_assert_num_queries(5):
        assert services.send_decision_reminders(datetime.date(2027, 1, 13)) == invitees * 2
    with django_assert_num_queries(3):
        assert services.send_decision_reminders(datetime.date(2027, 1, 13)) == 0
