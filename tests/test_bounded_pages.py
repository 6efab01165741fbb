"""At the size of a large college no page renders an unbounded list.

Each test builds a few hundred rows (enough that an unbounded page would break the
limits), pins the page's queries and size, and checks that a user still reaches
every item through the full list and its pages.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from meetings.models import Decision
from partners.models import Interaction
from practice.models import Placement, PracticePeriod, Student
from tests import factories

pytestmark = pytest.mark.django_db

MANY = 300
MAX_HTML = 200 * 1024


def _bounded(response):
    assert response.status_code == 200
    assert len(response.content) <= MAX_HTML, f"{len(response.content)} bytes"
    return response.content.decode()


def _walk_pages(client, url, pattern):
    """Every distinct match of ``pattern`` over all pages of a paginated list."""
    seen, page = set(), 1
    while True:
        response = client.get(url, {"page": page})
        html = _bounded(response)
        seen.update(re.findall(pattern, html))
        if not response.context["page_obj"].has_next():
            return seen
        page += 1


@pytest.fixture
def crowded(head):
    """A practice head's specialty with hundreds of items in every dashboard alert."""
    today = timezone.localdate()
    hotel = factories.SpecialtyFactory(code="43.02.14")
    head.specialties.add(hotel)
    group = factories.StudentGroupFactory(specialty=hotel, name="41 ГД")
    period = factories.PracticePeriodFactory(
        group=group, start=today + datetime.timedelta(days=5), end=today + datetime.timedelta(20)
    )
    students = Student.objects.bulk_create(
        factories.StudentFactory.build_batch(MANY, group=group, first_name="Студент")
    )
    unsecured = factories.PartnerFactory(name="ООО «Без договора»", responsible=head)
    Placement.objects.bulk_create(
        factories.PlacementFactory.build(period=period, student=s, partner=unsecured)
        for s in students
    )
    PracticePeriod.objects.bulk_create(
        factories.PracticePeriodFactory.build(
            group=group,
            start=today + datetime.timedelta(days=n % 50),
            end=today + datetime.timedelta(days=n % 50 + 10),
        )
        for n in range(MANY)
    )
    signed = factories.PartnerFactory(name="ООО «Сказка»")
    Agreement.objects.bulk_create(
        factories.AgreementFactory.build(
            partner=signed, number=f"ДП-И-{n}", valid_to=today + datetime.timedelta(30)
        )
        for n in range(MANY)
    )
    lapsed = factories.PartnerFactory(name="ООО «Глория»")
    Agreement.objects.bulk_create(
        factories.AgreementFactory.build(
            partner=lapsed,
            number=f"ДП-Е-{n}",
            status="expired",
            valid_from=today - datetime.timedelta(400),
            valid_to=today - datetime.timedelta(10),
        )
        for n in range(MANY)
    )
    Interaction.objects.bulk_create(
        factories.InteractionFactory.build(
            partner=unsecured,
            author=head,
            next_step=f"Позвонить №{n}",
            next_step_due=today + datetime.timedelta(3),
        )
        for n in range(MANY)
    )
    meeting = factories.MeetingFactory(organizer=head)
    Decision.objects.bulk_create(
        Decision(meeting=meeting, text=f"Решение №{n}", responsible=head, deadline=today)
        for n in range(MANY)
    )
    return head


def test_dashboard_shows_a_few_items_of_each_alert_with_counts(
    client_for, crowded, django_assert_max_num_queries
):
    client = client_for(crowded)
    # 17: session, user; counts (4); one per alert with its total as a window count
    # (placements without agreement + the agreements covering them, renewals + expired
    # agreements, expiring, periods, next steps, decisions, recommendations);
    # meetings; the head's specialties
    with django_assert_max_num_queries(17):
        response = client.get(reverse("dashboard"))
    html = _bounded(response)
    alerts = response.context["alerts"]
    for key in ["unsecured", "expired", "expiring", "next_steps", "decisions"]:
        assert alerts[key]["total"] == MANY
        assert len(alerts[key]["items"]) == 5
    assert alerts["periods"]["total"] == MANY + 1
    assert f"Весь список ({MANY})" in html
    assert reverse("monitoring:alert_list", args=["next-steps"]) in html
    assert len(re.findall(r"Позвонить №\d+", html)) == 5


@pytest.mark.parametrize(
    "key, pattern",
    [
        ("unsecured", r"Петров\d+ Студент"),
        ("expired", r"ДП-Е-\d+"),
        ("expiring", r"ДП-И-\d+"),
        ("next-steps", r"Позвонить №\d+"),
        ("decisions", r"Решение №\d+"),
    ],
)
def test_every_alert_item_is_reached_through_the_paginated_full_list(
    client_for, crowded, key, pattern, django_assert_max_num_queries
):
    client = client_for(crowded)
    url = reverse("monitoring:alert_list", args=[key])
    # session, user, the alert's rows (+ the agreements covering them), count, page
    with django_assert_max_num_queries(6):
        client.get(url, {"page": 2})
    assert len(_walk_pages(client, url, pattern)) == MANY


def test_next_step_done_from_the_full_list_returns_to_it(client_for, crowded):
    client = client_for(crowded)
    url = reverse("monitoring:alert_list", args=["next-steps"])
    step = Interaction.objects.order_by("next_step_due", "pk").first()
    page = client.get(url).content.decode()
    assert f'value="{url}"' in page
    response = client.post(
        reverse("partners:interaction_done", args=[step.pk]), {"next": url + "?page=1"}
    )
    assert response.url == url + "?page=1"
    assert client.get(url).context["paginator"].count == MANY - 1


def test_alert_lists_are_for_college_staff_only(client_for, employer_a):
    response = client_for(employer_a).get(reverse("monitoring:alert_list", args=["expiring"]))
    assert response.status_code == 403


def test_unknown_alert_is_404(client_for, head):
    assert client_for(head).get("/monitoring/alerts/nothing/").status_code == 404


def test_employer_dashboard_is_bounded_and_links_to_all_practicants(
    client_for, employer_a, employer_b, django_assert_max_num_queries
):
    period = factories.PracticePeriodFactory()
    students = Student.objects.bulk_create(
        factories.StudentFactory.build_batch(MANY, group=period.group)
    )
    Placement.objects.bulk_create(
        factories.PlacementFactory.build(period=period, student=s, partner=employer_a.partner)
        for s in students
    )
    other = factories.PlacementFactory(partner=employer_b.partner, student__last_name="Чужой")
    client = client_for(employer_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dashboard"))
    html = _bounded(response)
    assert response.context["placements_total"] == MANY
    assert len(response.context["placements"]) == 5
    assert f"Все практиканты и отзывы ({MANY})" in html
    seen = _walk_pages(client, reverse("practice:my_students"), r"Петров\d+ Илья")
    assert len(seen) == MANY
    assert other.student.last_name not in html
