import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from agreements import reminders, services
from agreements.models import Agreement
from practice import services as practice
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def hotel():
    return factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")


@pytest.fixture
def hotel_head(hotel):
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    head.specialties.add(hotel)
    return head


def expiring(days, hotel, **kwargs):
    agreement = factories.AgreementFactory(valid_to=TODAY + datetime.timedelta(days=days), **kwargs)
    agreement.specialties.add(hotel)
    return agreement


def subjects():
    return sorted(OutgoingEmail.objects.values_list("to", "subject"))


def test_expiring_agreement_reminds_responsible_and_heads_of_its_specialty(hotel, hotel_head):
    responsible = factories.TeacherFactory(email="saveleva@kitek.test")
    expiring(30, hotel, number="ДП-7", responsible=responsible)
    factories.PracticeHeadFactory(email="other@kitek.test")  # another specialty

    reminders.send(TODAY)

    expiring_mails = [s for s in subjects() if "истекает" in s[1]]
    assert [to for to, _ in expiring_mails] == ["belova@kitek.test", "saveleva@kitek.test"]
    assert "№ ДП-7" in expiring_mails[0][1] and "30 дн." in expiring_mails[0][1]


def test_a_reminder_is_sent_once_even_if_the_scan_runs_twice(hotel, hotel_head):
    expiring(7, hotel)
    first = reminders.send(TODAY)
    second = reminders.send(TODAY)
    assert first == 2 and second == 0  # the reminder and the digest, once each
    outbox.deliver_pending()
    outbox.deliver_pending()
    assert len(mail.outbox) == 2


def test_each_threshold_is_its_own_reminder(hotel, hotel_head):
    agreement = expiring(45, hotel)
    reminders.send(TODAY)  # 60-day reminder
    reminders.send(TODAY + datetime.timedelta(days=10))  # 35 days left: still the 60-day one
    reminders.send(agreement.valid_to - datetime.timedelta(days=30))  # the 30-day one
    keys = OutgoingEmail.objects.filter(dedup_key__startswith="agreement_expiring").values_list(
        "dedup_key", flat=True
    )
    assert sorted(k.split(":")[3] for k in keys) == ["30", "60"]


def test_user_who_muted_a_reminder_does_not_get_it(hotel, hotel_head):
    hotel_head.notification_channels = {reminders.Kind.EXPIRING: [], reminders.Kind.DIGEST: []}
    hotel_head.save()
    expiring(7, hotel)
    assert reminders.send(TODAY) == 0


def test_expired_agreement_without_renewal_is_reported(hotel, hotel_head):
    old = expiring(-3, hotel, status="expired", number="ДП-1")
    reminders.send(TODAY)
    assert any("истёк и не продлён" in s for _, s in subjects())
    OutgoingEmail.objects.all().delete()
    factories.AgreementFactory(
        partner=old.partner, valid_from=TODAY, valid_to=TODAY.replace(year=2028)
    )
    reminders.send(TODAY)
    assert not any("истёк" in s for _, s in subjects())


def test_placement_soon_without_an_agreement_is_in_the_digest(hotel, hotel_head):
    period = factories.PracticePeriodFactory(
        group__specialty=hotel,
        start=TODAY + datetime.timedelta(days=10),
        end=TODAY + datetime.timedelta(days=20),
    )
    covered = factories.PartnerFactory(name="ООО «С договором»")
    factories.AgreementFactory(partner=covered)
    bare = factories.PartnerFactory(name="ООО «Без договора»")
    practice.assign(
        period, factories.StudentFactory(group=period.group, last_name="Ромашкина"), bare
    )
    practice.assign(
        period, factories.StudentFactory(group=period.group, last_name="Яковлев"), covered
    )

    reminders.send(TODAY)

    digest = OutgoingEmail.objects.get(dedup_key__startswith="daily_digest")
    assert digest.to == "belova@kitek.test"
    assert "Ромашкина" in digest.body and "ООО «Без договора»" in digest.body
    assert "Яковлев" not in digest.body


def test_one_digest_per_user_per_day(hotel, hotel_head):
    for days in (5, 20, 50):
        expiring(days, hotel)
    reminders.send(TODAY)
    assert OutgoingEmail.objects.filter(dedup_key__startswith="daily_digest").count() == 1


def test_scan_costs_constant_queries_for_ten_thousand_agreements(
    hotel, hotel_head, django_assert_max_num_queries
):
    partner = factories.PartnerFactory()
    agreements = Agreement.objects.bulk_create(
        Agreement(
            number=f"Б-{n}",
            partner=partner,
            kind="training",
            status="active",
            valid_from=datetime.date(2026, 1, 1),
            valid_to=TODAY + datetime.timedelta(days=n % 90),
        )
        for n in range(10_000)
    )
    Agreement.specialties.through.objects.bulk_create(
        Agreement.specialties.through(agreement=a, specialty=hotel) for a in agreements
    )
    # heads and their specialties, agreements and theirs, renewals, placements soon,
    # agreements covering them, overdue next steps
    with django_assert_max_num_queries(8):
        attention = reminders.collect(TODAY)
    assert len(attention.expiring[hotel_head.pk]) > 6000


def test_daily_refresh_moves_agreements_along_the_calendar():
    signed = factories.AgreementFactory(status="signed", valid_from=TODAY)
    ending = factories.AgreementFactory(
        status="active", valid_to=TODAY + datetime.timedelta(days=20)
    )
    ended = factories.AgreementFactory(
        status="expiring", valid_to=TODAY - datetime.timedelta(days=1)
    )
    rolling = factories.AgreementFactory(
        status="active", valid_to=TODAY - datetime.timedelta(days=1), auto_prolongation=True
    )
    services.refresh_statuses(TODAY)
    for agreement in (signed, ending, ended, rolling):
        agreement.refresh_from_db()
    assert (signed.status, ending.status, ended.status) == ("active", "expiring", "expired")
    assert rolling.status == "active" and rolling.valid_to == datetime.date(2027, 11, 22)
    assert ended.status_log.get().comment == "Истёк срок действия"
    # The agreement's page shows the move in its history.
    assert ended.history.order_by("history_id").last().status == "expired"


def test_agreement_signed_after_its_end_moves_twice_in_one_refresh():
    late = factories.AgreementFactory(
        status="signed",
        valid_from=TODAY - datetime.timedelta(days=30),
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    assert services.refresh_statuses(TODAY) == 2
    late.refresh_from_db()
    assert late.status == "expired"
    moves = late.status_log.order_by("pk").values_list("old_status", "new_status")
    assert list(moves) == [("signed", "active"), ("active", "expired")]


def test_user_who_muted_one_kind_still_gets_the_others(hotel, hotel_head):
    hotel_head.notification_channels = {reminders.Kind.EXPIRING: []}
    hotel_head.save()
    expiring(7, hotel)
    expiring(-3, hotel, status="expired", kind="network")
    assert reminders.send(TODAY) == 2
    keys = OutgoingEmail.objects.values_list("dedup_key", flat=True)
    assert sorted(k.split(":")[0] for k in keys) == ["agreement_expired", "daily_digest"]


def test_impossible_agreement_transition_is_refused():
    agreement = factories.AgreementFactory(status="draft")
    with pytest.raises(Exception, match="Нельзя перевести договор"):
        services.change_status(agreement, "active")
    services.change_status(agreement, "approval")
    services.change_status(agreement, "signed")
    assert list(agreement.status_log.values_list("new_status", flat=True)) == ["signed", "approval"]


def test_a_page_survives_a_broker_outage_and_the_mail_goes_later(
    client, caplog, django_capture_on_commit_callbacks
):
    from kitek_portal.celery import app

    user = factories.TeacherFactory(email="saveleva@kitek.test")
    # Point the app at a port where nothing listens, with fresh connection pools.
    saved = app.conf.broker_url, app._pool, app.amqp._producer_pool
    app.conf.broker_url, app._pool, app.amqp._producer_pool = "redis://127.0.0.1:1/0", None, None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password/reset/", {"email": user.email})
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_url, app._pool, app.amqp._producer_pool = saved
    assert "Broker unavailable" in caplog.text  # the publish really failed
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert email.status == "pending"
    assert outbox.deliver_pending() == 1  # what beat does once the broker is back
    assert mail.outbox[0].to == ["saveleva@kitek.test"]


def test_expiring_agreement_email_reads_well(hotel, hotel_head):
    expiring(7, hotel, number="ДП-12")
    reminders.send(TODAY)
    outbox.deliver_pending()
    message = next(m for m in mail.outbox if "истекает" in m.subject)
    assert "осталось 7 дн." in message.body
    assert "/agreements/" in message.body


def test_user_chooses_reminders_on_the_settings_page(client_for, hotel, hotel_head):
    client = client_for(hotel_head)
    page = client.get("/accounts/notifications/").content.decode()
    assert "Ежедневная сводка" in page and "мои пункты плана работы" in page
    client.post("/accounts/notifications/", {reminders.Kind.EXPIRED: ["email"]})
    hotel_head.refresh_from_db()
    muted = {k for k, channels in hotel_head.notification_channels.items() if not channels}
    assert muted >= {reminders.Kind.EXPIRING, reminders.Kind.DIGEST, reminders.Kind.PLAN_ITEMS}
    assert hotel_head.notification_channels[reminders.Kind.EXPIRED] == ["email"]
    expiring(7, hotel)
    assert reminders.send(TODAY) == 0


def a_college(size, hotel, today):
    """``size`` agreements, a fifth each: starting today, ending within 60 days, ended,
    prolonging themselves, far from their end; three teachers responsible in turn."""
    partner = factories.PartnerFactory()
    teachers = [factories.TeacherFactory(email=f"teacher{n}@kitek.test") for n in range(3)]
    far = today + datetime.timedelta(days=700)
    shapes = [
        {"status": "signed", "valid_from": today, "valid_to": far},
        {"status": "active", "valid_to": today + datetime.timedelta(days=20)},
        {"status": "expiring", "valid_to": today - datetime.timedelta(days=1), "kind": "network"},
        {"status": "active", "valid_to": today - datetime.timedelta(days=1)},
        {"status": "active", "valid_to": far},
    ]
    agreements = Agreement.objects.bulk_create(
        Agreement(
            number=f"Б-{n}",
            partner=partner,
            responsible=teachers[n % 3],
            auto_prolongation=n % 5 == 3,
            **{"kind": "training", "valid_from": today - datetime.timedelta(days=400)}
            | shapes[n % 5],
        )
        for n in range(size)
    )
    Agreement.specialties.through.objects.bulk_create(
        Agreement.specialties.through(agreement=a, specialty=hotel) for a in agreements
    )


@pytest.mark.parametrize("size", [10, 200])
def test_daily_task_runs_the_same_queries_for_10_and_200_agreements(
    size, hotel, hotel_head, sqlite_real_variable_limit, django_assert_num_queries
):
    from monitoring.tasks import daily_reminders_task

    a_college(size, hotel, timezone.localdate())  # the task runs for the real today
    # Status moves (9): savepoint, the agreements due (locked), their log rows, one
    # UPDATE per target status (active, expiring, expired), the prolonged end dates,
    # the history rows, release. Then collect (7, no placements soon), the keys
    # already queued, the INSERT of the new e-mails and the ids to deliver; and the
    # current year's plan (none here: one query); the placements awaiting the partner's
    # confirmation and those with attendance unmarked (none here: two queries, their
    # representatives not asked).
    with django_assert_num_queries(22):
        result = daily_reminders_task()
    assert result["status_changes"] == size // 5 * 4
    # An expiring and an expired reminder to the head and to the responsible teacher
    # of each agreement, a digest to each of the four.
    assert result["emails_queued"] == size // 5 * 2 * 2 + 4
    # A re-run sends nothing: savepoint, nothing due, release; collect; one query for
    # the keys already queued; nothing rendered, nothing inserted; the plan lookup; the
    # placements awaiting confirmation and those with attendance unmarked.
    with django_assert_num_queries(14):
        assert daily_reminders_task()["emails_queued"] == 0
