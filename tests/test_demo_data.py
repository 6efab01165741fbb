import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo")


def test_demo_has_the_documents_practice_example_with_mentors(demo):
    import datetime

    from practice.models import Placement, PracticePeriod

    example = PracticePeriod.objects.get(
        group__name="41 ГД", start=datetime.date(2021, 12, 6), end=datetime.date(2021, 12, 18)
    )
    assert example.module.code == "ПМ.05"
    assert example.group.specialty.code == "43.02.14"
    assert example.module.professions.filter(code="20015", name="Агент по закупкам").exists()
    placements = Placement.objects.filter(period=example)
    assert placements.exists() and not placements.filter(mentor__isnull=True).exists()
    assert set(placements.values_list("partner__name", flat=True)) <= {
        "ООО «Комплекс «Дворец Молодёжи»",
        "ООО «Сказка»",
        "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
        "ООО «Альва Донна»",
        "ООО «Глория»",
    }
    # A period in progress and one still being placed, so the pages show real work.
    assert Placement.objects.filter(status="in_progress").exists()
    current = PracticePeriod.objects.get(group__name="31 ГД", start=datetime.date(2026, 12, 7))
    assert 0 < Placement.objects.filter(period=current).count() < current.group.students.count()


def test_demo_has_placements_awaiting_confirmation_and_one_declined(demo):
    from django.conf import settings
    from django.utils import timezone

    from practice.models import Placement

    awaiting = Placement.objects.awaiting_confirmation(
        timezone.localdate(), settings.PLACEMENT_CONFIRMATION_DAYS
    )
    # The demo employer (ООО «Сказка») has students to confirm, and the head an alert.
    assert awaiting.filter(partner__name="ООО «Сказка»").exists()
    declined = Placement.objects.get(declined_at__isnull=False)
    assert declined.status == "cancelled" and declined.decline_reason
    assert Placement.objects.filter(confirmed_by__username="employer").exists()
    # Partners without portal users answered by phone: the head recorded it.
    assert Placement.objects.filter(confirmed_by__username="head").exists()


def test_demo_has_agreements_of_every_kind_and_state(demo):
    from django.utils import timezone

    from agreements.models import Agreement

    assert set(Agreement.objects.values_list("kind", flat=True)) == set(Agreement.Kind.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(Agreement.Status.values)
    soon = timezone.localdate() + timezone.timedelta(days=60)
    assert Agreement.objects.filter(status="expiring", valid_to__lte=soon).count() >= 2
    for agreement in Agreement.objects.all():
        agreement.full_clean()


def test_demo_has_a_year_of_meetings_some_held_with_approved_minutes(demo):
    from meetings.models import Invitation, Meeting

    assert Meeting.objects.filter(status="held", minutes_approved_at__isnull=False).exists()
    assert Meeting.objects.filter(status="planned", kind="round_table").exists()
    planned_replies = Invitation.objects.filter(meeting__status="planned").exclude(reply="pending")
    assert planned_replies.exists()


def test_demo_has_this_years_plan_from_table_4_with_evidence_found(demo):
    from monitoring.models import WorkPlan
    from monitoring.plan import current_school_year, plan_progress, plan_with_items

    plan = plan_with_items(WorkPlan.objects.filter(year=current_school_year())).get()
    progress = plan_progress(plan)
    assert len(progress) == 21
    by_content = {entry.item.content: entry for entry in progress}
    meetings = by_content[
        "Проведение круглых столов, производственных совещаний с работодателями по вопросам "
        "взаимодействия"
    ]
    assert meetings.occurrences[0].state == "done"  # the September round table of the demo
    assert all(entry.item.responsible.exists() for entry in progress)


def test_demo_tells_two_years_of_partnership(demo):
    from monitoring import indicators
    from monitoring.indicators import Scope
    from monitoring.plan import current_school_year

    year = current_school_year()
    values = {}
    for key, _title, figures in indicators.all_indicators(Scope(year)):
        for figure in figures:
            values[(key, figure.label)] = figure
    # The report's own practice of 2021 is covered by the agreements signed for it, and last
    # year's practice is there to compare with.
    coverage = values[("coverage", "У партнёра с действующим договором")]
    assert coverage.value > 0 and coverage.previous.value > 0
    meetings = values[("meetings", "Круглые столы и производственные совещания")]
    assert (meetings.previous.value, meetings.previous.total) == (4, 4)
    assert values[("participation", "Работодателей участвовало")].previous.value == 5
    # Last June's graduates and where they work; this year's have not graduated yet.
    employed = values[("employment", "Трудоустроены по специальности")]
    assert employed.total == 0
    assert employed.previous.total == 36 and 0 < employed.previous.value < 36
    assert 0 < values[("partners", "Новые за год")].value < 10


def test_demo_modules_have_their_competencies_in_the_reference_list(demo, client):
    from django.urls import reverse

    from accounts.models import User
    from practice.models import ProfessionalModule

    assert not ProfessionalModule.objects.filter(competencies__isnull=True).exists()
    agent = ProfessionalModule.objects.get(specialty__code="43.02.14", code="ПМ.05")
    codes = list(agent.competencies.values_list("code", flat=True))
    assert codes[:3] == ["ПК 5.1", "ПК 5.2", "ПК 5.3"]
    client.force_login(User.objects.get(username="head"))
    page = client.get(reverse("practice:modules_list"), {"q": "ПМ.05"}).content.decode()
    assert "ПК 5.1 Выявлять потребность служб гостиницы" in page


def test_demo_calendar_feeds_show_practice_dates_meetings_and_plan_items(demo):
    from accounts.models import User
    from monitoring.calendar_feed import events_for

    head = {e["summary"].split(":")[0] for e in events_for(User.objects.get(username="head"))}
    assert {"Текущий контроль", "Итоговый контроль", "Срок сдачи отчётов", "План"} <= head
    assert {"Круглый стол", "Совещание заведующих практикой"} <= head
    employer = [e["summary"] for e in events_for(User.objects.get(username="employer"))]
    assert any(s.startswith("Подтвердить распределение до") for s in employer)
    assert any(s.startswith("Текущий контроль") for s in employer)


def test_demo_shows_portal_access_states_on_the_partner_card(demo, client):
    from django.urls import reverse

    from accounts.models import User

    main = User.objects.get(username="employer")
    assert main.is_main_representative and main.contact.partner_id == main.partner_id
    invited = User.objects.get(partner=main.partner, invited_at__isnull=False)
    assert invited.access_state == User.AccessState.INVITED
    client.force_login(User.objects.get(username="head"))
    page = client.get(reverse("partners:detail", args=[main.partner_id])).content.decode()
    assert "ещё не принял" in page and "главный представитель" in page
    assert "отмечен главным представителем: <b>Руденко Светлана Игоревна</b>" in page
    client.force_login(main)
    assert invited.full_name in client.get(reverse("partners:team")).content.decode()


def test_demo_employer_downloads_their_agreement(demo, client):
    from django.urls import reverse

    from accounts.models import User
    from agreements.models import Agreement

    employer = User.objects.get(username="employer")
    agreement = Agreement.objects.filter(partner=employer.partner).first()
    assert agreement is not None
    client.force_login(employer)
    page = client.get(reverse("agreements:partner_list")).content.decode()
    assert reverse("agreements:document_docx", args=[agreement.pk]) in page
    response = client.get(reverse("agreements:document_docx", args=[agreement.pk]))
    assert response.status_code == 200


def test_demo_has_announcements_for_different_audiences(demo, client):
    from accounts.models import OutgoingEmail, User
    from announcements.models import Announcement

    published = Announcement.objects.published()
    assert set(published.values_list("kind", flat=True)) == {"event", "news", "request"}
    assert set(published.values_list("audience", flat=True)) == {"all", "specialty", "sector"}
    assert Announcement.objects.filter(published_at__isnull=True).exists()  # a draft
    assert not OutgoingEmail.objects.exists()  # demo data notifies nobody

    # The demo employer (a hotel and restaurant) sees all three, one of them read.
    employer = User.objects.get(username="employer")
    assert Announcement.objects.for_user(employer).count() == 3
    client.force_login(employer)
    page = client.get("/").content.decode()
    assert "Круглый стол «Наставничество на практике" in page and "новых: 2" in page


def test_demo_library_has_a_revised_programme_read_and_commented(demo):
    from library.models import Document, ReadReceipt

    programme = Document.objects.get(kind="programme", module__code="ПМ.05")
    assert programme.versions.count() == 2 and programme.current_version.number == 2
    assert programme.programme_periods.exists()
    assert ReadReceipt.objects.filter(version=programme.current_version).exists()
    correction = programme.comments.get(recommendation__isnull=False).recommendation
    assert correction.meeting is None and "ПМ.05" in correction.subject
    assert Document.objects.filter(kind="instructions").exists()
    assert Document.objects.filter(kind="memo", audience="all").exists()
    for document in Document.objects.all():
        document.full_clean()
        assert document.current_version.file.size > 0
