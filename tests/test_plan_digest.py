"""The annual plan's items in the daily digest of their responsible people."""

import datetime

import pytest

from accounts.models import OutgoingEmail
from monitoring import reminders
from monitoring.models import PlanEvidence, PlanItem, WorkPlan
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # school year 2026/2027; November ends in 10 days


def _item(plan, content, months, *responsible):
    item = PlanItem.objects.create(
        plan=plan,
        section="employers",
        content=content,
        timing="months",
        months=months,
        responsible_text="Заведующие практиками",
        evidence="manual",
    )
    item.responsible.set(responsible)
    return item


def digest_of(user):
    return OutgoingEmail.objects.get(to=user.email, dedup_key__startswith="daily_digest:")


@pytest.fixture
def plan():
    return WorkPlan.objects.create(year=2026)


def test_responsible_gets_an_item_due_in_10_days_in_the_digest(plan):
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    _item(plan, "Семинар для наставников", "11", head)

    assert reminders.send(TODAY) == 1

    body = digest_of(head).body
    assert "Пункты плана работы:" in body
    assert "Семинар для наставников (ноябрь): срок до 30.11.2026, осталось 10 дн." in body


def test_overdue_item_is_listed_and_an_item_done_or_far_away_is_not(plan):
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    _item(plan, "Анкетирование работодателей", "10", head)
    done = _item(plan, "Круглый стол с работодателями", "11", head)
    PlanEvidence.objects.create(item=done, done_on=TODAY, note="Проведён", added_by=head)
    _item(plan, "Отчёт о трудоустройстве", "1", head)  # January: not due yet

    reminders.send(TODAY)

    body = digest_of(head).body
    assert "Анкетирование работодателей (октябрь): просрочено, срок был до 31.10.2026" in body
    assert "Круглый стол" not in body
    assert "Отчёт о трудоустройстве" not in body


def test_user_who_muted_plan_items_gets_no_digest_for_them(plan):
    teacher = factories.TeacherFactory(
        email="saveleva@kitek.test", notification_channels={"plan_items": []}
    )
    _item(plan, "Семинар для наставников", "11", teacher)

    assert reminders.send(TODAY) == 0
    assert not OutgoingEmail.objects.exists()


def test_plan_items_join_the_one_digest_a_day(plan, client):
    hotel = factories.SpecialtyFactory()
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    head.specialties.add(hotel)
    agreement = factories.AgreementFactory(
        number="ДП-5", valid_to=TODAY + datetime.timedelta(days=7)
    )
    agreement.specialties.add(hotel)
    _item(plan, "Семинар для наставников", "11", head)

    reminders.send(TODAY)
    assert reminders.send(TODAY) == 0  # never twice

    digests = OutgoingEmail.objects.filter(dedup_key__startswith="daily_digest:")
    assert digests.count() == 1
    assert "ДП-5" in digests.get().body and "Семинар для наставников" in digests.get().body


def test_a_plan_of_another_year_is_not_announced():
    head = factories.PracticeHeadFactory(email="belova@kitek.test")
    _item(WorkPlan.objects.create(year=2025), "Прошлогодний пункт", "11", head)

    reminders.send(TODAY)
    assert list(OutgoingEmail.objects.values_list("dedup_key", "body")) == []


@pytest.mark.parametrize("size", [2, 40])
def test_plan_part_of_the_digest_runs_the_same_queries_for_2_and_40_items(
    size, plan, django_assert_num_queries
):
    heads = [factories.PracticeHeadFactory(email=f"head{n}@kitek.test") for n in range(3)]
    for n in range(size):
        _item(plan, f"Пункт {n}", "10,11" if n % 2 else "11", heads[n % 3], heads[(n + 1) % 3])
    attention = reminders.agreement_reminders.Attention()
    # The plan, its items, their responsible users, their evidence; then the year's facts:
    # periods, agreements signed, meetings held, site visits, reports.
    with django_assert_num_queries(9):
        reminders.add_plan_items(attention, TODAY)
    assert sorted(attention.plan_items) == sorted(h.pk for h in heads)


def test_an_installed_daily_row_is_pointed_at_the_new_task():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    migration = importlib.import_module("monitoring.migrations.0002_daily_task_in_monitoring")
    crontab = CrontabSchedule.objects.create(minute="0", hour="7")
    PeriodicTask.objects.filter(name="agreements-daily").delete()
    row = PeriodicTask.objects.create(
        name="agreements-daily", task=migration.OLD, crontab=crontab, enabled=False
    )

    migration.forwards(apps, None)

    row.refresh_from_db()
    assert row.task == "monitoring.tasks.daily_reminders_task"
    assert (row.crontab.hour, row.enabled) == ("7", False)  # the administrator's edits stay
