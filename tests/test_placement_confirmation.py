"""The employer confirms (with a mentor) or declines (with a reason) a proposed placement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutgoingEmail
from partners.models import Contact
from practice import reminders as practice_reminders
from practice import services
from practice.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel():
    return factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")


@pytest.fixture
def hotel_head(hotel):
    """The practice head responsible for the specialty: notified of the partner's answers."""
    head = factories.PracticeHeadFactory(
        email="belova@kitek.test", last_name="Белова", first_name="Ирина"
    )
    head.specialties.add(hotel)
    return head


@pytest.fixture
def period(hotel):
    today = timezone.localdate()
    period = factories.PracticePeriodFactory(
        group__name="31 ГД",
        group__specialty=hotel,
        start=today + datetime.timedelta(days=5),
        end=today + datetime.timedelta(days=17),
    )
    supervisor = factories.TeacherFactory(email="saveleva@kitek.test", last_name="Савельева")
    period.supervisors.add(supervisor)
    return period


def place(period, partner, last_name="Ромашкина", **kwargs):
    student = factories.StudentFactory(group=period.group, last_name=last_name)
    return services.assign(period, student, partner, **kwargs)


def notifications(prefix):
    return sorted(
        OutgoingEmail.objects.filter(dedup_key__startswith=prefix).values_list("to", flat=True)
    )


# --- confirming -------------------------------------------------------------------------


def test_employer_confirms_with_an_existing_mentor(client_for, employer_a, period, hotel_head):
    placement = place(period, employer_a.partner)
    mentor = factories.ContactFactory(partner=employer_a.partner, last_name="Руденко")
    client = client_for(employer_a)

    page = client.get(reverse("practice:my_students")).content.decode()
    assert "ожидает подтверждения" in page and "Подтвердить" in page and "Отклонить" in page
    response = client.post(
        reverse("practice:confirm", args=[placement.pk]),
        {"mentor": mentor.pk, "workplace": "Служба приёма и размещения"},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    mentor.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    assert placement.mentor == mentor and mentor.is_mentor
    assert placement.workplace == "Служба приёма и размещения"
    assert placement.confirmed_by == employer_a and placement.confirmed_at is not None
    # The change history tells who confirmed it.
    last = placement.history.first()
    assert last.status == "confirmed" and last.history_user == employer_a


def test_employer_confirms_with_a_new_mentor(client_for, employer_a, period, hotel_head):
    placement = place(period, employer_a.partner)
    response = client_for(employer_a).post(
        reverse("practice:confirm", args=[placement.pk]),
        {
            "last_name": "Кузнецова",
            "first_name": "Ольга",
            "position": "Старший администратор",
            "email": "kuznetsova@skazka.test",
        },
    )
    assert response.status_code == 302
    mentor = Contact.objects.get(last_name="Кузнецова")
    assert mentor.partner == employer_a.partner and mentor.is_mentor
    assert mentor.email == "kuznetsova@skazka.test" and mentor.preferred_channel == "email"
    placement.refresh_from_db()
    assert placement.mentor == mentor and placement.status == "confirmed"


def test_confirming_without_a_mentor_is_refused_in_russian(client_for, employer_a, period):
    placement = place(period, employer_a.partner)
    response = client_for(employer_a).post(
        reverse("practice:confirm", args=[placement.pk]),
        {"workplace": "Кухня", "last_name": "Кузнецова"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Укажите имя наставника." in page
    assert "Укажите телефон или e-mail наставника." in page
    assert 'value="Кузнецова"' in page and 'value="Кухня"' in page  # input kept
    placement.refresh_from_db()
    assert placement.status == "planned"


def test_a_confirmed_placement_cannot_be_confirmed_again(
    client_for, employer_a, period, hotel_head
):
    placement = place(period, employer_a.partner)
    mentor = factories.ContactFactory(partner=employer_a.partner)
    services.confirm([placement], employer_a, mentor)
    with pytest.raises(ValidationError, match="уже «подтверждено»"):
        services.confirm([placement], employer_a, mentor)

    response = client_for(employer_a).post(
        reverse("practice:confirm", args=[placement.pk]), {"mentor": mentor.pk}
    )
    assert response.status_code == 200
    assert "нельзя подтвердить: оно уже «подтверждено»" in response.content.decode()
    assert len(notifications("placement_confirmed")) == 2  # head and supervisor, once


def test_moving_a_confirmed_student_to_another_partner_asks_that_partner(employer_a, period):
    placement = place(period, employer_a.partner)
    services.confirm([placement], employer_a, factories.ContactFactory(partner=employer_a.partner))
    moved = services.assign(period, placement.student, factories.PartnerFactory())
    assert moved.pk == placement.pk
    assert moved.status == "planned" and moved.confirmed_at is None and moved.awaits_confirmation


def test_employer_confirms_several_placements_with_one_mentor(
    client_for, employer_a, period, hotel_head
):
    first = place(period, employer_a.partner, "Агеева")
    second = place(period, employer_a.partner, "Борисов")
    mentor = factories.ContactFactory(partner=employer_a.partner)
    client = client_for(employer_a)

    url = reverse("practice:confirm_many") + f"?placement={first.pk}&placement={second.pk}"
    page = client.get(url).content.decode()
    assert "Агеева" in page and "Борисов" in page
    response = client.post(
        reverse("practice:confirm_many"), {"placement": [first.pk, second.pk], "mentor": mentor.pk}
    )

    assert response.status_code == 302
    assert set(Placement.objects.values_list("status", "mentor")) == {("confirmed", mentor.pk)}
    # One e-mail per recipient for the whole batch, naming both students.
    emails = OutgoingEmail.objects.filter(dedup_key__startswith="placement_confirmed")
    assert sorted(e.to for e in emails) == ["belova@kitek.test", "saveleva@kitek.test"]
    assert all("Агеева" in e.body and "Борисов" in e.body for e in emails)


def test_head_is_notified_once_of_a_confirmation(employer_a, period, hotel_head):
    factories.PracticeHeadFactory(email="other@kitek.test")  # another specialty
    placement = place(period, employer_a.partner)
    mentor = factories.ContactFactory(partner=employer_a.partner, last_name="Руденко")
    confirmed = services.confirm([placement], employer_a, mentor)
    services._notify_staff(confirmed, "placement_confirmed", employer_a)  # a retry

    assert notifications("placement_confirmed") == ["belova@kitek.test", "saveleva@kitek.test"]
    email = OutgoingEmail.objects.get(to="belova@kitek.test")
    assert "подтвердил" in email.subject and "Ромашкина" in email.subject
    assert "наставник: Руденко" in email.body


# --- declining --------------------------------------------------------------------------


def test_declining_without_a_reason_is_refused_in_russian(client_for, employer_a, period):
    placement = place(period, employer_a.partner)
    client = client_for(employer_a)
    page = client.get(reverse("practice:decline", args=[placement.pk])).content.decode()
    assert "Причина отказа" in page

    response = client.post(reverse("practice:decline", args=[placement.pk]), {"reason": "   "})

    assert response.status_code == 200
    assert "Укажите причину отказа" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "planned"
    with pytest.raises(ValidationError, match="Укажите причину отказа"):
        services.decline(placement, employer_a, "")


def test_declining_with_a_reason_frees_the_place(client_for, employer_a, period, hotel_head):
    services.set_quota(period, employer_a.partner, 1)
    placement = place(period, employer_a.partner)
    assert services.taken_places(period) == {employer_a.partner.pk: 1}

    response = client_for(employer_a).post(
        reverse("practice:decline", args=[placement.pk]),
        {"reason": "Нет свободного наставника в декабре"},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "cancelled" and placement.declined_by == employer_a
    assert placement.decline_reason == "Нет свободного наставника в декабре"
    assert services.taken_places(period) == {}
    # The head places the student elsewhere in the same period, and the partner's place
    # is free for another student.
    elsewhere = services.assign(period, placement.student, factories.PartnerFactory())
    assert elsewhere.pk != placement.pk
    place(period, employer_a.partner, "Борисов")
    # Notified once, with the reason.
    assert notifications("placement_declined") == ["belova@kitek.test", "saveleva@kitek.test"]
    email = OutgoingEmail.objects.get(
        dedup_key__startswith="placement_declined", to=hotel_head.email
    )
    assert "Нет свободного наставника в декабре" in email.body
    with pytest.raises(ValidationError, match="нельзя отклонить"):
        services.decline(placement, employer_a, "Ещё раз")


# --- what staff see ---------------------------------------------------------------------


def test_placement_page_shows_the_partners_answers(client_for, head, employer_a, period):
    employer_a.last_name, employer_a.first_name, employer_a.middle_name = "Руденко", "Светлана", ""
    employer_a.save()
    waiting = place(period, employer_a.partner, "Агеева")
    confirmed = place(period, employer_a.partner, "Борисов")
    declined = place(period, employer_a.partner, "Волков")
    services.confirm([confirmed], employer_a, factories.ContactFactory(partner=employer_a.partner))
    services.decline(declined, employer_a, "Ремонт в номерном фонде")

    page = client_for(head).get(reverse("practice:period_detail", args=[period.pk]))
    html = page.content.decode()

    assert waiting.student.last_name in html and "ожидает подтверждения" in html
    stamp = timezone.localdate().strftime("%d.%m.%Y")
    assert f"подтверждено партнёром {stamp} (Руденко Светлана)" in html
    assert "отклонено партнёром: Ремонт в номерном фонде" in html


def test_staff_dashboard_alerts_placements_not_confirmed_before_the_start(
    client_for, head, period, settings
):
    settings.PLACEMENT_CONFIRMATION_DAYS = 7
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    for n in range(8):
        place(period, partner, f"Неподтверждённый{n}")
    later = factories.PracticePeriodFactory(
        group=period.group,
        start=period.end + datetime.timedelta(days=30),
        end=period.end + datetime.timedelta(days=40),
    )
    place(later, partner, "Позднее")  # starts later than 7 days from now: not yet
    client = client_for(head)

    response = client.get(reverse("dashboard"))

    alert = response.context["alerts"]["unconfirmed"]
    assert alert["total"] == 8 and len(alert["items"]) == 5
    html = response.content.decode()
    assert "Не подтверждено партнёром" in html and "Весь список (8)" in html
    assert "Позднее" not in html
    full = client.get(reverse("monitoring:alert_list", args=["unconfirmed"])).content.decode()
    assert full.count("не подтверждено партнёром") == 8
    settings.PLACEMENT_CONFIRMATION_DAYS = 2  # the practice starts in 5 days
    assert client.get(reverse("dashboard")).context["alerts"]["unconfirmed"]["total"] == 0


@pytest.mark.parametrize("count", [3, 40])
def test_staff_dashboard_runs_the_same_queries_with_few_and_many_unconfirmed(
    count, client_for, head, period, django_assert_max_num_queries
):
    partner = factories.PartnerFactory()
    for n in range(count):
        place(period, partner, f"Петров{n}")
    client = client_for(head)
    # The existing dashboard queries (tests/test_pages.py) plus one: the first unconfirmed
    # placements with their total.
    with django_assert_max_num_queries(18):
        response = client.get(reverse("dashboard"))
    assert response.context["alerts"]["unconfirmed"]["total"] == count


# --- the employer's pages ---------------------------------------------------------------


def test_employer_pages_show_what_awaits_confirmation(
    client_for, employer_a, period, django_assert_max_num_queries
):
    for n in range(12):
        place(period, employer_a.partner, f"Петров{n}")
    client = client_for(employer_a)
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.context["awaiting"] == 12
    assert "Ждут вашего подтверждения: <b>12</b>" in dashboard.content.decode()
    # session, user, partner, the audit row, the page of placements, their count,
    # the count awaiting confirmation
    with django_assert_max_num_queries(8):
        page = client.get(reverse("practice:my_students"))
    assert page.context["awaiting"] == 12
    assert "Подтвердить отмеченных" in page.content.decode()


def test_staff_cannot_use_the_employers_confirmation(client_for, head, employer_a, period):
    placement = place(period, employer_a.partner)
    client = client_for(head)
    assert client.get(reverse("practice:confirm", args=[placement.pk])).status_code == 403
    assert client.get(reverse("practice:decline", args=[placement.pk])).status_code == 403


# --- another partner --------------------------------------------------------------------


def test_employer_of_another_partner_gets_404_on_every_new_url(
    client_for, employer_a, employer_b, period
):
    placement = place(period, employer_a.partner)
    mine = place(period, employer_b.partner, "Своя")
    mentor = factories.ContactFactory(partner=employer_b.partner)
    client = client_for(employer_b)
    urls = [
        reverse("practice:confirm", args=[placement.pk]),
        reverse("practice:decline", args=[placement.pk]),
        reverse("practice:confirm_many") + f"?placement={placement.pk}",
        reverse("practice:confirm_many") + f"?placement={mine.pk}&placement={placement.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"mentor": mentor.pk, "reason": "Чужое"}).status_code == 404, url
    assert (
        client.post(
            reverse("practice:confirm_many"), {"placement": [placement.pk], "mentor": mentor.pk}
        ).status_code
        == 404
    )
    placement.refresh_from_db()
    assert placement.status == "planned"


def test_employer_cannot_pick_a_mentor_of_another_partner(
    client_for, employer_a, employer_b, period
):
    placement = place(period, employer_a.partner)
    foreign = factories.ContactFactory(partner=employer_b.partner, last_name="Чужой")
    response = client_for(employer_a).post(
        reverse("practice:confirm", args=[placement.pk]), {"mentor": foreign.pk}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert "Чужой" not in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "planned" and placement.mentor is None
    with pytest.raises(ValidationError, match="в другой организации"):
        services.confirm([placement], employer_a, foreign)


# --- reminders to the partner -----------------------------------------------------------


def test_partner_is_reminded_once_per_batch_even_if_the_scan_runs_twice(
    employer_a, period, hotel_head
):
    from monitoring import reminders

    colleague = factories.EmployerFactory(partner=employer_a.partner, email="boss@skazka.test")
    factories.EmployerFactory(partner=employer_a.partner, email="gone@skazka.test", is_active=False)
    mentor_user = factories.EmployerFactory(partner=employer_a.partner, email="mentor@skazka.test")
    mentor = factories.ContactFactory(partner=employer_a.partner, user=mentor_user)
    place(period, employer_a.partner, "Агеева", mentor=mentor)
    place(period, employer_a.partner, "Борисов")
    confirmed = place(period, employer_a.partner, "Волков")
    services.confirm([confirmed], employer_a, mentor)
    other = factories.EmployerFactory(email="other@gloria.test")
    place(period, other.partner, "Глебов")

    reminders.send()
    reminders.send()

    sent = OutgoingEmail.objects.filter(dedup_key__startswith="placement_confirmation:")
    assert sorted(e.to for e in sent) == sorted(
        [employer_a.email, colleague.email, mentor_user.email, "other@gloria.test"]
    )
    email = sent.get(to=colleague.email)
    assert "Агеева" in email.body and "Борисов" in email.body and "Волков" not in email.body
    assert "Глебов" not in email.body
    assert reverse("practice:my_students") in email.body


def test_no_reminder_when_the_practice_is_far_off(employer_a, period, settings):
    settings.PLACEMENT_CONFIRMATION_DAYS = 3  # the practice starts in 5 days
    place(period, employer_a.partner)
    assert list(practice_reminders.partner_reminders()) == []


def _batches(size, hotel):
    """``size`` placements awaiting confirmation across five partners and two periods."""
    today = timezone.localdate()
    periods = [
        factories.PracticePeriodFactory(
            group__specialty=hotel,
            start=today + datetime.timedelta(days=3 + n),
            end=today + datetime.timedelta(days=15 + n),
        )
        for n in range(2)
    ]
    partners = [factories.PartnerFactory() for _ in range(5)]
    for partner in partners:
        factories.EmployerFactory(partner=partner)
        mentor_user = factories.EmployerFactory(partner=partner)
        factories.ContactFactory(partner=partner, user=mentor_user, is_mentor=True)
    mentors = {c.partner_id: c for c in Contact.objects.filter(partner__in=partners)}
    students = factories.StudentFactory.create_batch(size, group=periods[0].group)
    Placement.objects.bulk_create(
        Placement(
            period=periods[n % 2],
            student=student,
            partner=partners[n % 5],
            mentor=mentors[partners[n % 5].pk] if n % 3 == 0 else None,
        )
        for n, student in enumerate(students)
    )


@pytest.mark.parametrize("size", [10, 200])
def test_reminder_scan_runs_the_same_queries_for_10_and_200_placements(
    size, hotel, sqlite_real_variable_limit, django_assert_num_queries
):
    from monitoring import reminders

    _batches(size, hotel)
    # collect of agreements (6 here: heads, agreements, renewals, placements soon and the
    # agreements covering them, overdue next steps), the plan (1), the placements awaiting
    # confirmation (1), those with attendance unmarked (1) and their partners'
    # representatives (1), the keys already queued, the INSERT of the new e-mails and the
    # ids to deliver.
    with django_assert_num_queries(13):
        queued = reminders.send()
    # Ten batches (five partners, two periods), each to the representative and the mentor
    # contact's account.
    assert queued == 20
    with django_assert_num_queries(11):  # a re-run: nothing rendered, nothing inserted
        assert reminders.send() == 0


def test_a_confirmation_is_withdrawn_even_when_the_partner_has_no_free_place(
    employer_a, period, head
):
    """Back to «proposed» keeps the student's own place: the full quota is no reason to refuse."""
    from practice.models import PeriodQuota

    PeriodQuota.objects.create(period=period, partner=employer_a.partner, places=1)
    placement = place(period, employer_a.partner)
    services.confirm([placement], employer_a, factories.ContactFactory(partner=employer_a.partner))
    placement.refresh_from_db()

    services.change_status(placement, Placement.Status.PLANNED, head)

    placement.refresh_from_db()
    assert placement.status == "planned" and placement.confirmed_at is None
