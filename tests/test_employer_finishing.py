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
