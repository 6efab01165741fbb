"""SQL queries, HTML size and time of every bounded page on the large college.

    DATABASE_URL=postgres://… .venv/bin/python bench/page_bounds.py

Builds the large college (bench/large_college.py) once, tops it up to a large
registry (2,040 partners, a fifth of them offering 43.02.14; 3,000 agreements, a
tenth expiring; hundreds of next steps and placements without an agreement for
one practice head), then fetches each page five times with the test client,
logged in as that head (or an employer), and prints the queries, the size and
the median time with its range. Targets: ≤ 15 queries (dashboards ≤ 20), ≤ 200 KiB.
"""

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import large_college

RUNS = 5


def top_up():
    from django.utils import timezone

    from accounts.models import User
    from agreements.models import Agreement
    from partners.models import Interaction, Partner
    from practice.models import Placement, PracticePeriod, Specialty, Student

    # The large college now has 2,040 partners itself: the head tells a topped-up database.
    if User.objects.filter(username="bench-head").exists():
        return User.objects.get(username="bench-head")
    today = timezone.localdate()
    hotel = Specialty.objects.get(code="43.02.14")
    extra = Partner.objects.bulk_create(
        Partner(name=f"ООО «Партнёр реестра № {n}»", city="Омск", status="active")
        for n in range(max(0, 2040 - Partner.objects.count()))
    ) or list(Partner.objects.filter(agreements__isnull=True)[:100] or Partner.objects.all()[:100])
    everyone = list(Partner.objects.order_by("pk"))
    Partner.specialties.through.objects.bulk_create(
        (Partner.specialties.through(partner=p, specialty=hotel) for p in everyone[::5]),
        ignore_conflicts=True,
    )
    head = User.objects.create(
        username="bench-head", role="head", last_name="Белова", first_name="Ирина"
    )
    head.specialties.set(Specialty.objects.all())
    User.objects.create(username="bench-employer", role="employer", partner=everyone[0])
    Agreement.objects.bulk_create(
        Agreement(
            number=f"Б-{n}",
            partner=everyone[n % len(everyone)],
            kind="training",
            status="active",
            valid_from=today - timedelta(days=300),
            valid_to=today + timedelta(days=30 if n % 10 == 0 else 400),
        )
        for n in range(3000)
    )
    Interaction.objects.bulk_create(
        Interaction(
            partner=everyone[n],
            author=head,
            channel="phone",
            summary="Созвонились",
            next_step="Уточнить места",
            next_step_due=today + timedelta(days=n % 10 - 5),
        )
        for n in range(700)
    )
    # A group's practice soon, at partners with no agreement: the dashboard's first alert.
    period = PracticePeriod.objects.order_by("pk").first()
    soon = PracticePeriod.objects.create(
        group=period.group, kind="prediploma", start=today + timedelta(1), end=today + timedelta(10)
    )
    Placement.objects.bulk_create(
        Placement(student=s, period=soon, partner=extra[i % len(extra)])
        for i, s in enumerate(Student.objects.filter(group=period.group))
    )
    return head


def pages(head):
    from django.urls import reverse

    from accounts.models import User
    from practice.models import PracticePeriod

    period = PracticePeriod.objects.filter(group__specialty__code="43.02.14").first()
    employer = User.objects.filter(role="employer").first()
    yield head, "dashboard of a practice head", reverse("dashboard"), {}
    yield head, "alert: no agreement, page 1", "/monitoring/alerts/unsecured/", {}
    yield head, "alert: next steps, page 2", "/monitoring/alerts/next-steps/", {"page": 2}
    yield head, "placement page (25 students)", period.get_absolute_url(), {}
    yield head, "partner search (JSON)", reverse("practice:partner_search"), {"period": period.pk}
    yield head, "periods list", reverse("practice:period_list"), {}
    yield head, "periods list, all years", reverse("practice:period_list"), {"year": ""}
    yield head, "groups list", reverse("practice:group_list"), {}
    yield head, "visits list", reverse("practice:visit_list"), {}
    yield (
        head,
        "schedule, one specialty",
        reverse("practice:schedule"),
        {"specialty": period.group.specialty_id},
    )
    yield head, "schedule, one period", reverse("practice:schedule"), {"period": period.pk}
    yield head, "partners list", reverse("partners:list"), {}
    yield head, "agreements list", reverse("agreements:list"), {}
    yield head, "meetings list", reverse("meetings:list"), {}
    if employer:
        yield employer, "dashboard of an employer", reverse("dashboard"), {}
    deputy = User.objects.filter(role="deputy").first() or head
    plan_url = _current_plan().get_absolute_url()
    if deputy != head:
        yield deputy, "dashboard of the deputy director", reverse("dashboard"), {}
        yield deputy, "deputy: late plan items", "/monitoring/alerts/overdue-plan/", {}
        yield (
            deputy,
            "deputy: late decisions, page 2",
            "/monitoring/alerts/overdue-decisions/",
            {"page": 2},
        )
    yield deputy, "indicators, whole college", reverse("monitoring:indicators"), {}
    yield head, "indicators, a head's specialties", reverse("monitoring:indicators"), {}
    yield deputy, "annual plan", plan_url, {}
    yield deputy, "reports page", reverse("monitoring:reports"), {}


def _current_plan():
    """The current year's plan (Table 4 of the document), made once if missing."""
    from monitoring.demo import load_table4
    from monitoring.models import WorkPlan
    from monitoring.plan import current_school_year

    plan, created = WorkPlan.objects.get_or_create(year=current_school_year())
    if created:
        load_table4(plan)
    return plan


def measure(head):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for user, name, url, params in pages(head):
        client = Client()
        client.force_login(user)
        client.get(url, params)  # warm up
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (name, response.status_code)
        print(
            f"{name:32} {len(queries):3} queries {len(response.content) / 1024:7.1f} KiB"
            f"  median {statistics.median(times):6.0f} ms ({min(times):.0f}–{max(times):.0f})"
        )


if __name__ == "__main__":
    large_college.setup()
    large_college.build()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    head = top_up()
    measure(head)
