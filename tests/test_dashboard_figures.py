"""What the staff dashboards show after they were made cheaper (issue #10): the same
figures, the same first items in the same order, the same notices."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from practice import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_college_counts_count_studying_students_only(client_for, head):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    group = factories.StudentGroupFactory(specialty=hotel)
    factories.StudentFactory.create_batch(3, group=group)
    factories.StudentFactory(group=group, status="expelled")
    factories.PartnerFactory()
    counts = client_for(head).get(reverse("dashboard")).context["counts"]
    assert counts == {"specialties": 1, "groups": 1, "students": 3, "partners": 1}


def test_specialties_table_counts_groups_and_studying_students(client_for, teacher):
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    cooks = factories.SpecialtyFactory(code="43.02.15", name="Поварское дело")
    for _ in range(2):
        factories.StudentFactory.create_batch(
            2, group=factories.StudentGroupFactory(specialty=hotel)
        )
    factories.StudentFactory(group=hotel.groups.first(), status="graduated")
    response = client_for(teacher).get(reverse("dashboard"))
    rows = {s.code: (s.group_count, s.student_count) for s in response.context["specialties"]}
    assert rows == {"43.02.14": (2, 4), "43.02.15": (0, 0)}
    assert cooks.name in response.content.decode()


def test_practice_heads_are_listed_with_their_specialty_codes(client_for, teacher):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    cooks = factories.SpecialtyFactory(code="43.02.15")
    busy = factories.PracticeHeadFactory(last_name="Смирнова", first_name="Ольга", middle_name="")
    busy.specialties.add(cooks, hotel)
    factories.PracticeHeadFactory(last_name="Кузнецов", first_name="Павел", middle_name="Ильич")
    factories.PracticeHeadFactory(last_name="Уволенная", is_active=False)
    html = client_for(teacher).get(reverse("dashboard")).content.decode()
    assert "Смирнова Ольга" in html
    assert "43.02.14, 43.02.15" in html
    assert "Кузнецов Павел Ильич" in html
    assert "специальности не закреплены" in html
    assert "Уволенная" not in html


def test_unsecured_alert_shows_the_first_five_by_start_and_the_true_total(client_for, head):
    today = timezone.localdate()
    covered = factories.PartnerFactory(name="ООО «С договором»")
    factories.AgreementFactory(
        partner=covered,
        valid_from=today - datetime.timedelta(30),
        valid_to=today.replace(year=today.year + 1),
    )
    bare = factories.PartnerFactory(name="ООО «Без договора»")
    later = factories.PracticePeriodFactory(
        start=today + datetime.timedelta(10), end=today + datetime.timedelta(20)
    )
    sooner = factories.PracticePeriodFactory(
        start=today + datetime.timedelta(3), end=today + datetime.timedelta(13)
    )
    for period in (later, sooner):
        for student in factories.StudentFactory.create_batch(4, group=period.group):
            services.assign(period, student, bare)
        services.assign(period, factories.StudentFactory(group=period.group), covered)
    alert = client_for(head).get(reverse("dashboard")).context["alerts"]["unsecured"]
    assert alert["total"] == 8
    assert [p.period_id for p in alert["items"]] == [sooner.pk] * 4 + [later.pk]
    assert {p.partner.name for p in alert["items"]} == {"ООО «Без договора»"}
    assert alert["items"][0].student.group.name == sooner.group.name


def test_expired_alert_leaves_out_agreements_renewed_with_the_same_kind(client_for, head):
    today = timezone.localdate()

    def agreement(partner, number, kind="training", ended_days_ago=None):
        if ended_days_ago is None:  # in force today
            valid_from, valid_to = today - datetime.timedelta(30), today + datetime.timedelta(300)
            status = "active"
        else:
            valid_to = today - datetime.timedelta(ended_days_ago)
            valid_from, status = valid_to - datetime.timedelta(365), "expired"
        return factories.AgreementFactory(
            partner=partner,
            number=number,
            kind=kind,
            status=status,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    renewed, other_kind, lapsed = factories.PartnerFactory.create_batch(3)
    agreement(renewed, "ДП-ПРОДЛЁН", ended_days_ago=5)
    agreement(renewed, "ДП-НОВЫЙ")
    agreement(other_kind, "ДП-ДРУГОЙ-ВИД", ended_days_ago=20)
    agreement(other_kind, "ДП-СЕТЕВОЙ", kind="network")
    agreement(lapsed, "ДП-ИСТЁК", ended_days_ago=10)
    agreement(lapsed, "ДП-ДАВНО", ended_days_ago=200)
    client = client_for(head)
    alert = client.get(reverse("dashboard")).context["alerts"]["expired"]
    assert [a.number for a in alert["items"]] == ["ДП-ДРУГОЙ-ВИД", "ДП-ИСТЁК"]
    assert alert["total"] == 2
    full = client.get(reverse("monitoring:alert_list", args=["expired"])).content.decode()
    assert "ДП-ИСТЁК" in full and "ДП-ДРУГОЙ-ВИД" in full and "ДП-ПРОДЛЁН" not in full


def test_no_alert_card_when_nothing_matches(client_for, head):
    response = client_for(head).get(reverse("dashboard"))
    assert response.context["alerts"]["unsecured"] == {
        "items": [],
        "total": 0,
        "title": response.context["alerts"]["unsecured"]["title"],
        "key": "unsecured",
    }
    assert 'id="alert-unsecured"' not in response.content.decode()


def test_administrator_sees_the_outbox_notice_for_failed_mail_only(client_for):
    admin = factories.AdminFactory()
    client = client_for(admin)
    sent = outbox.queue_email("old@kitek.test", "Давнее письмо", "…")
    OutgoingEmail.objects.filter(pk=sent.pk).update(
        status="sent", created_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert 'data-notice="outbox"' not in client.get(reverse("dashboard")).content.decode()
    failed = outbox.queue_email("bad@kitek.test", "Не дошло", "…")
    OutgoingEmail.objects.filter(pk=failed.pk).update(status="failed")
    response = client.get(reverse("dashboard"))
    assert response.context["outbox"]["failed"] == 1
    assert response.context["outbox"]["waiting"] == 0
    assert 'data-notice="outbox"' in response.content.decode()


@pytest.mark.parametrize(
    "factory, budget", [("PracticeHeadFactory", 16), ("TeacherFactory", 17), ("AdminFactory", 18)]
)
def test_staff_dashboards_stay_within_their_query_budget(
    client_for, factory, budget, django_assert_max_num_queries
):
    user = getattr(factories, factory)()
    client = client_for(user)
    today = timezone.localdate()
    period = factories.PracticePeriodFactory(
        start=today + datetime.timedelta(3), end=today + datetime.timedelta(13)
    )
    for student in factories.StudentFactory.create_batch(6, group=period.group):
        services.assign(period, student, factories.PartnerFactory())
    factories.PracticeHeadFactory().specialties.add(period.group.specialty)
    # session, user; the four counts (1); placements without an agreement and not
    # confirmed: keys with the total, then the five rows (4); expired agreements and
    # their renewals (2); expiring; periods; next steps; decisions; recommendations;
    # meetings; specialties; the practice heads (not for a head); the outbox (administrator)
    with django_assert_max_num_queries(budget):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["alerts"]["unsecured"]["total"] == 6


def test_count_all_counts_each_queryset_and_nothing_for_an_empty_one():
    from monitoring.selectors import count_all
    from practice.models import Specialty, Student

    group = factories.StudentGroupFactory()
    factories.StudentFactory.create_batch(2, group=group)
    factories.StudentFactory(group=group, status="expelled")
    assert count_all(
        studying=Student.objects.filter(status="studying", group__name=group.name),
        specialties=Specialty.objects.all(),
        nobody=Student.objects.none(),
    ) == {"studying": 2, "specialties": 1, "nobody": 0}
