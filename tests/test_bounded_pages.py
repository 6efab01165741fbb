"""At the size of a large college no page renders an unbounded list.

Each test builds a few hundred rows (enough that an unbounded page would break the
limits), pins the page's queries and size, and checks that a user still reaches
every item through the full list and its pages.
"""

import datetime
import re

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from meetings.models import Decision, Meeting
from partners.models import Interaction, Partner
from practice import services
from practice.filters import school_year
from practice.models import Placement, PracticePeriod, SiteVisit, Student, StudentGroup
from tests import factories

pytestmark = pytest.mark.django_db

MANY = 300
MAX_HTML = 200 * 1024


def _bounded(response):
    assert response.status_code == 200
    assert len(response.content) <= MAX_HTML, f"{len(response.content)} bytes"
    return response.content.decode()


def _walk_pages(client, url, pattern, **params):
    """Every distinct match of ``pattern`` over all pages of a paginated list."""
    seen, page = set(), 1
    while True:
        response = client.get(url, {**params, "page": page})
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
    # 16: session, user; counts (1); one per alert with its total as a window count
    # (placements without agreement and not confirmed: keys with the total, then the
    # rows, 2 each; renewals + expired agreements, expiring, periods, next steps,
    # decisions, recommendations); meetings; the head's specialties
    with django_assert_max_num_queries(16):
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


# Practice lists: paginated and filtered by school year


def _periods(group, count, start):
    return PracticePeriod.objects.bulk_create(
        factories.PracticePeriodFactory.build(
            group=group,
            start=start + datetime.timedelta(days=n % 200),
            end=start + datetime.timedelta(days=n % 200 + 10),
            hours=100 + n,
        )
        for n in range(count)
    )


def test_period_list_is_paginated_and_shows_the_current_school_year(
    client_for, head, django_assert_max_num_queries
):
    group = factories.StudentGroupFactory(name="41 ГД")
    this_year = datetime.date(school_year(), 9, 1)
    _periods(group, MANY, this_year)
    _periods(group, 3, this_year.replace(year=this_year.year - 1))
    client = client_for(head)
    url = reverse("practice:period_list")
    # session, user, specialties of the filter, count, a page of periods, their supervisors
    with django_assert_max_num_queries(6):
        response = client.get(url)
    _bounded(response)
    assert response.context["paginator"].count == MANY
    assert len(_walk_pages(client, url, r'href="/practice/periods/(\d+)/"')) == MANY
    last_year = client.get(url, {"year": this_year.year - 1})
    assert last_year.context["paginator"].count == 3
    assert client.get(url, {"year": ""}).context["paginator"].count == MANY + 3


def test_group_list_is_paginated_and_hides_groups_not_studying_that_year(
    client_for, head, django_assert_max_num_queries
):
    year = school_year()
    hotel = factories.SpecialtyFactory(code="43.02.14")
    StudentGroup.objects.bulk_create(
        factories.StudentGroupFactory.build(
            specialty=hotel, name=f"{n} ГД", admission_year=year - 1, course=2
        )
        for n in range(MANY)
    )
    factories.StudentGroupFactory(name="Выпуск 2020", admission_year=2017, course=4)
    client = client_for(head)
    url = reverse("practice:group_list")
    with django_assert_max_num_queries(5):
        response = client.get(url)
    html = _bounded(response)
    assert "Выпуск 2020" not in html
    assert len(_walk_pages(client, url, r"(\d+) ГД</a>")) == MANY
    page = client.get(url, {"year": 2020}).content.decode()
    assert "Выпуск 2020" in page and "0 ГД<" not in page


def test_visit_list_is_paginated_by_school_year(client_for, teacher, django_assert_max_num_queries):
    partner = factories.PartnerFactory()
    today = timezone.localdate()
    SiteVisit.objects.bulk_create(
        SiteVisit(date=today, partner=partner, teacher=teacher, findings=f"Посещение №{n}")
        for n in range(MANY)
    )
    SiteVisit.objects.create(
        date=today.replace(year=today.year - 2), partner=partner, teacher=teacher, findings="Давнее"
    )
    client = client_for(teacher)
    url = reverse("practice:visit_list")
    # session, user, count, a page of visits with partner and teacher, seen placements
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert "Давнее" not in _bounded(response)
    assert len(_walk_pages(client, url, r"Посещение №\d+")) == MANY


def test_schedule_page_is_paginated_and_documents_keep_every_row(
    client_for, head, django_assert_max_num_queries, settings
):
    # The document is rendered in the request here; the worker path has its own tests.
    settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 10_000
    start = timezone.localdate() + datetime.timedelta(days=3)
    period = factories.PracticePeriodFactory(start=start, end=start + datetime.timedelta(20))
    students = Student.objects.bulk_create(
        factories.StudentFactory.build_batch(MANY, group=period.group)
    )
    partner = factories.PartnerFactory(name="ООО «Сказка»")
    Placement.objects.bulk_create(
        factories.PlacementFactory.build(period=period, student=s, partner=partner)
        for s in students
    )
    client = client_for(head)
    url = reverse("practice:schedule")
    params = {"specialty": period.group.specialty_id, "partner": partner.pk}
    # session, user, title (partner), count, a page of rows, filter lists (periods, groups,
    # specialties, the chosen partner), the personal-data log row
    with django_assert_max_num_queries(10):
        response = client.get(url, params)
    html = _bounded(response)
    assert f'<option value="{partner.pk}" selected>' in html
    assert html.count("<option") < 100  # no select of every partner
    assert len(_walk_pages(client, url, r"Петров\d+ Илья", **params)) == MANY
    xlsx = client.get(url, {**params, "format": "xlsx", "year": school_year()})
    assert len(tablib.Dataset().load(xlsx.content, format="xlsx")) == MANY


# The placement page and its partner search


@pytest.fixture
def period():
    return factories.PracticePeriodFactory(group__name="41 ГД")


@pytest.fixture
def big_registry(period):
    """420 partners offering the period's specialty and 1,600 others."""
    partners = Partner.objects.bulk_create(
        factories.PartnerFactory.build(name=f"ООО «База {n:04d}»", status="active")
        for n in range(2020)
    )
    Partner.specialties.through.objects.bulk_create(
        Partner.specialties.through(partner=p, specialty_id=period.group.specialty_id)
        for p in partners[:420]
    )
    return partners


def test_placement_page_renders_no_partner_list(
    client_for, head, period, big_registry, django_assert_max_num_queries
):
    students = Student.objects.bulk_create(
        factories.StudentFactory.build_batch(25, group=period.group)
    )
    services.assign(period, students[0], big_registry[7])
    client = client_for(head)
    # 14: session, user, period, the personal-data log row, students, placements, mentors
    # of chosen partners, agreements, period quotas, capacities (partners, agreement quotas,
    # period quotas), supervisors, control points (progress is counted from the rows)
    with django_assert_max_num_queries(14):
        response = client.get(period.get_absolute_url())
    html = _bounded(response)
    assert html.count("ООО «База") <= 3  # the chosen partner, in its row and in places
    assert html.count('data-partner-search="') == 26  # 25 rows and the places form


def test_partner_search_offers_the_specialtys_usual_partners_first(
    client_for, head, period, big_registry, django_assert_max_num_queries
):
    other = factories.PracticePeriodFactory(
        group__specialty=period.group.specialty, start=datetime.date(2025, 12, 1)
    )
    used = factories.PartnerFactory(name="ЯЯ «Проверенная»", places_per_year=3, status="active")
    services.assign(other, factories.StudentFactory(group=other.group), used)
    client = client_for(head)
    url = reverse("practice:partner_search")
    # session, user, period, partners, capacities (partners, agreement quotas, period
    # quotas), taken places
    with django_assert_max_num_queries(8):
        results = client.get(url, {"period": period.pk}).json()["results"]
    assert len(results) == 20
    assert results[0]["text"] == "ЯЯ «Проверенная»"  # placed here before for the specialty
    assert results[0]["note"].startswith("база специальности, свободно 3 из 3")
    assert all(r["usual"] for r in results)
    found = client.get(url, {"period": period.pk, "q": "База 1999"}).json()["results"]
    assert [r["text"] for r in found] == ["ООО «База 1999»"] and not found[0]["usual"]
    assert client.get(url, {"q": "нет такого"}).json()["results"] == []


def test_partner_search_is_for_college_staff_only(client_for, employer_a, period):
    url = reverse("practice:partner_search")
    assert client_for(employer_a).get(url, {"q": "ООО"}).status_code == 403


def test_agreement_list_and_form_render_no_select_of_every_partner(
    client_for, head, big_registry, django_assert_max_num_queries
):
    chosen = big_registry[1500]
    Agreement.objects.bulk_create(
        factories.AgreementFactory.build(partner=chosen, number=f"ДП-{n}") for n in range(MANY)
    )
    client = client_for(head)
    url = reverse("agreements:list")
    with django_assert_max_num_queries(10):
        response = client.get(url, {"partner": chosen.pk})
    html = _bounded(response)
    assert response.context["paginator"].count == MANY
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in html
    assert html.count("ООО «База") < 40  # the chosen partner only, in the filter and rows
    form = _bounded(client.get(reverse("agreements:create")))
    assert "ООО «База" not in form and "data-partner-search" in form
    assert len(_walk_pages(client, url, r"ДП-\d+")) == MANY


def test_meeting_list_pages_through_upcoming_and_past_meetings(
    client_for, head, django_assert_max_num_queries
):
    now = timezone.now()
    Meeting.objects.bulk_create(
        factories.MeetingFactory.build(
            organizer=head,
            topic=f"Встреча №{n}",
            starts_at=now + datetime.timedelta(days=n - MANY // 2 if n % 2 else n + 1),
        )
        for n in range(MANY)
    )
    client = client_for(head)
    url = reverse("meetings:list")
    with django_assert_max_num_queries(4):
        response = client.get(url, {"when": "past", "page": 2})
    _bounded(response)
    upcoming = _walk_pages(client, url, r"Встреча №\d+")
    past = _walk_pages(client, url, r"Встреча №\d+", when="past")
    assert len(upcoming | past) == MANY and not upcoming & past


def test_meeting_page_renders_no_select_of_every_partner(client_for, head, big_registry):
    meeting = factories.MeetingFactory(organizer=head)
    html = _bounded(client_for(head).get(meeting.get_absolute_url()))
    assert "ООО «База" not in html and "data-partner-search" in html
    form = _bounded(client_for(head).get(reverse("meetings:create")))
    assert "ООО «База" not in form


def test_dashboard_and_reminders_agree_on_placements_without_agreement(head):
    from agreements.selectors import unsecured_placements
    from agreements.services import without_agreement

    today = timezone.localdate()
    period = factories.PracticePeriodFactory(
        start=today + datetime.timedelta(3), end=today + datetime.timedelta(13)
    )
    covered, short, network, terminated, none = factories.PartnerFactory.create_batch(5)
    factories.AgreementFactory(partner=covered, kind="training")
    factories.AgreementFactory(partner=short, valid_to=today + datetime.timedelta(5))
    factories.AgreementFactory(partner=network, kind="network")
    factories.AgreementFactory(partner=terminated, status="terminated")
    for partner in [covered, short, network, terminated, none]:
        services.assign(period, factories.StudentFactory(group=period.group), partner)
    placements = list(Placement.objects.select_related("period"))
    expected = {p.partner_id for p in without_agreement(placements)}
    assert {p.partner_id for p in unsecured_placements(head)} == expected
    assert expected == {short.pk, terminated.pk, none.pk}


def test_visit_form_renders_no_select_of_every_partner(client_for, teacher, big_registry):
    chosen = big_registry[3]
    html = _bounded(
        client_for(teacher).get(reverse("practice:visit_create"), {"partner": chosen.pk})
    )
    assert html.count("ООО «База") == 0 and f'<option value="{chosen.pk}" selected>' in html


def test_agreement_form_chooses_the_student_through_the_search_box(
    client_for, head, employer_a, django_assert_max_num_queries
):
    group = factories.StudentGroupFactory(name="41 ГД")
    Student.objects.bulk_create(factories.StudentFactory.build_batch(MANY, group=group))
    romashkina = factories.StudentFactory(group=group, last_name="Ромашкина", status="graduated")
    client = client_for(head)
    form = _bounded(client.get(reverse("agreements:create")))
    assert not re.search(r"Петров\d+", form)
    assert 'data-search="/practice/students/search/"' in form
    url = reverse("practice:student_search")
    # session, user, students with their group
    with django_assert_max_num_queries(3):
        found = client.get(url, {"q": "Ромаш"}).json()["results"]
    assert found == [
        {"value": romashkina.pk, "text": romashkina.full_name, "note": "41 ГД, выпускник"}
    ]
    assert len(client.get(url, {"q": "41 ГД"}).json()["results"]) == 20
    assert client_for(employer_a).get(url, {"q": "Ромаш"}).status_code == 403


def test_meeting_invites_contacts_through_the_search_box(client_for, head, employer_a):
    from partners.models import Contact

    partner = factories.PartnerFactory(name="ООО «Сказка»", short_name="Сказка")
    Contact.objects.bulk_create(
        factories.ContactFactory.build(
            partner=partner, last_name=f"Наставник{n}", email=f"m{n}@example.com"
        )
        for n in range(MANY)
    )
    mentor = factories.ContactFactory(
        partner=partner, last_name="Руденко", email="r@example.com", is_mentor=True
    )
    meeting = factories.MeetingFactory(organizer=head)
    client = client_for(head)
    for url in [meeting.get_absolute_url(), reverse("meetings:create")]:
        html = _bounded(client.get(url))
        assert "Наставник1" not in html and 'data-search="/partners/contacts/search/"' in html
    search = reverse("partners:contact_search")
    found = client.get(search, {"q": "Руден"}).json()["results"]
    assert [(o["value"], o["note"]) for o in found] == [(mentor.pk, "Сказка, наставник")]
    assert len(client.get(search, {"q": "Сказка"}).json()["results"]) == 20
    assert client_for(employer_a).get(search, {"q": "Руден"}).status_code == 403


def test_partner_card_pages_through_its_interaction_log(
    client_for, head, django_assert_max_num_queries
):
    partner = factories.PartnerFactory(responsible=head)
    Interaction.objects.bulk_create(
        factories.InteractionFactory.build(partner=partner, author=head, summary=f"Звонок №{n}")
        for n in range(MANY)
    )
    client = client_for(head)
    url = partner.get_absolute_url()
    _bounded(client.get(url))
    assert len(_walk_pages(client, url, r"Звонок №\d+")) == MANY
