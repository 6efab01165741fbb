"""The deputy director's own dashboard: the year at a glance and what is late across everybody."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from meetings.models import Decision
from monitoring.models import PlanItem, WorkPlan
from monitoring.plan import current_school_year
from practice.models import Student
from tests import factories

pytestmark = pytest.mark.django_db

MANY = 300
MAX_HTML = 200 * 1024
DEPUTY_URL = "/monitoring/deputy/"


def _past_month(today):
    """A month of the current school year whose window has passed."""
    return (today - datetime.timedelta(days=40)).month


def _plan_items(plan, count, responsible, month, **fields):
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            section="employers",
            content=f"Пункт плана №{n}",
            timing="months",
            months=str(month),
            responsible_text="Заведующие практиками",
            evidence="manual",
            **fields,
        )
        for n in range(count)
    )
    PlanItem.responsible.through.objects.bulk_create(
        PlanItem.responsible.through(planitem_id=item.pk, user_id=responsible.pk) for item in items
    )
    return items


@pytest.fixture
def crowded(deputy, head, teacher):
    """Hundreds of late plan items, late decisions of other people and agreements to sign."""
    today = timezone.localdate()
    plan = WorkPlan.objects.create(year=current_school_year(today))
    _plan_items(plan, MANY, head, _past_month(today))
    meeting = factories.MeetingFactory(organizer=head)
    Decision.objects.bulk_create(
        Decision(
            meeting=meeting,
            text=f"Решение №{n}",
            responsible=(head, teacher)[n % 2],
            deadline=today - datetime.timedelta(days=1 + n % 20),
        )
        for n in range(MANY)
    )
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    Agreement.objects.bulk_create(
        factories.AgreementFactory.build(
            partner=partner,
            number=f"ДП-С-{n}",
            status=("approval", "signed")[n % 2],
            valid_from=today + datetime.timedelta(days=10),
        )
        for n in range(MANY)
    )
    period = factories.PracticePeriodFactory(
        start=today - datetime.timedelta(days=20), end=today - datetime.timedelta(days=5)
    )
    students = Student.objects.bulk_create(
        factories.StudentFactory.build_batch(MANY, group=period.group)
    )
    factories.PlacementFactory(period=period, student=students[0], partner=partner)
    return deputy


def test_deputy_dashboard_is_bounded_in_constant_queries(
    client_for, crowded, django_assert_max_num_queries
):
    client = client_for(crowded)
    # session, user; key figures: coverage (2) and employment (1) for this year and the
    # last (6); late plan items: the items, their responsible users, their evidence, then
    # the year's facts (3 + 5); late decisions, agreements to sign and placements not
    # confirmed across the college, each with its total (3)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert len(response.content) <= MAX_HTML, f"{len(response.content)} bytes"
    html = response.content.decode()
    alerts = response.context["alerts"]
    for key in ["overdue_plan", "overdue_decisions", "to_sign"]:
        assert alerts[key]["total"] == MANY
        assert len(alerts[key]["items"]) == 5
    assert html.count(f"Весь список ({MANY})") == 3
    assert "Размещены на практике" in html and "Все показатели" in html


@pytest.mark.parametrize(
    "key, pattern",
    [
        ("overdue-plan", r"Пункт плана №\d+"),
        ("overdue-decisions", r"Решение №\d+"),
        ("to-sign", r"ДП-С-\d+"),
    ],
)
def test_every_late_item_is_reached_through_the_paginated_list(client_for, crowded, key, pattern):
    client = client_for(crowded)
    url = reverse("monitoring:alert_list", args=[key])
    seen, page = set(), 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert len(response.content) <= MAX_HTML
        seen.update(re.findall(pattern, response.content.decode()))
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert len(seen) == MANY


def test_late_lists_cover_everybody_and_leave_out_what_is_done_or_in_force(
    client_for, deputy, head, teacher
):
    today = timezone.localdate()
    plan = WorkPlan.objects.create(year=current_school_year(today))
    late = _plan_items(plan, 1, teacher, _past_month(today))[0]
    done = _plan_items(plan, 1, head, _past_month(today))[0]
    done.content = "Выполненный пункт"
    done.save()
    done.manual_evidence.create(
        done_on=today - datetime.timedelta(days=40), note="Сделано", added_by=head
    )
    meeting = factories.MeetingFactory(organizer=head)
    yesterday = today - datetime.timedelta(days=1)
    Decision.objects.create(
        meeting=meeting, text="Чужое поручение", responsible=teacher, deadline=yesterday
    )
    Decision.objects.create(
        meeting=meeting,
        text="Исполненное поручение",
        responsible=teacher,
        deadline=yesterday,
        done_at=timezone.now(),
    )
    Decision.objects.create(
        meeting=meeting,
        text="Поручение на будущее",
        responsible=head,
        deadline=today + datetime.timedelta(days=3),
    )
    for number, status in [
        ("ДП-1", "approval"),
        ("ДП-2", "signed"),
        ("ДП-3", "active"),
        ("ДП-4", "draft"),
    ]:
        factories.AgreementFactory(number=number, status=status)

    html = client_for(deputy).get(reverse("dashboard")).content.decode()

    assert late.content in html and teacher.full_name in html
    assert "Выполненный пункт" not in html
    assert "Чужое поручение" in html
    assert "Исполненное поручение" not in html and "Поручение на будущее" not in html
    assert "ДП-1" in html and "На согласовании" in html and "ДП-2" in html
    assert "ДП-3" not in html and "ДП-4" not in html


def test_key_figures_stand_beside_last_year(client_for, deputy):
    year = current_school_year()
    now = factories.PracticePeriodFactory(
        start=datetime.date(year, 10, 1), end=datetime.date(year, 10, 14)
    )
    factories.PlacementFactory(period=now)
    factories.StudentFactory(group=now.group)  # not placed: 1 of 2 this year
    before = factories.PracticePeriodFactory(
        start=datetime.date(year - 1, 10, 1), end=datetime.date(year - 1, 10, 14)
    )
    factories.PlacementFactory(period=before)  # 1 of 1 last year

    response = client_for(deputy).get(DEPUTY_URL)

    placed = next(f for f in response.context["figures"] if f.label == "Размещены на практике")
    assert (placed.value, placed.total) == (1, 2)
    assert (placed.previous.value, placed.previous.total) == (1, 1)
    html = response.content.decode()
    assert f"{year - 1}/{year}: 1 из 1 (100%)" in html
    assert placed.link in html.replace("&amp;", "&")


def test_administrator_opens_the_deputy_dashboard_from_their_own(client_for):
    admin = factories.AdminFactory()
    client = client_for(admin)
    assert DEPUTY_URL in client.get(reverse("dashboard")).content.decode()
    response = client.get(DEPUTY_URL)
    assert response.status_code == 200
    assert "Показатели" in response.content.decode()


def test_others_cannot_open_the_deputy_dashboard_or_its_lists(
    client_for, head, teacher, employer_a
):
    for user in (head, teacher, employer_a):
        client = client_for(user)
        assert client.get(DEPUTY_URL).status_code == 403
        status = client.get(reverse("monitoring:alert_list", args=["overdue-decisions"]))
        assert status.status_code in (403, 404)
    # a practice head keeps their own dashboard at the root
    assert "dashboard/staff.html" in [
        t.name for t in client_for(head).get(reverse("dashboard")).templates
    ]


def test_demo_deputy_sees_the_year_and_what_is_late(client_for):
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo")
    deputy = User.objects.get(role="deputy", username="deputy")
    response = client_for(deputy).get(reverse("dashboard"))

    assert response.status_code == 200
    placed = next(f for f in response.context["figures"] if f.label == "Размещены на практике")
    assert placed.value > 0 and placed.previous is not None
    assert "Все показатели" in response.content.decode()
