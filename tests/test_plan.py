"""The annual plan (Table 4): occurrences, evidence found in the records, completion, pages."""

import datetime
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring.models import PlanEvidence, PlanItem, WorkPlan
from monitoring.plan import completion, occurrences_of, plan_progress, plan_with_items
from practice.models import SiteVisit
from tests import factories

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=6))  # Omsk


def _item(plan, **fields):
    defaults = {
        "section": "organisation",
        "content": "Пункт",
        "timing": "year_round",
        "responsible_text": "Заведующие практиками",
        "evidence": "manual",
    }
    return PlanItem.objects.create(plan=plan, **{**defaults, **fields})


def _progress(plan, today):
    plan = plan_with_items(WorkPlan.objects.filter(pk=plan.pk)).get()
    return {entry.item.content: entry for entry in plan_progress(plan, today=today)}


@pytest.fixture
def plan():
    return WorkPlan.objects.create(year=2026)


def test_deadlines_of_the_document_become_windows(plan):
    windows = lambda item: [(o.start, o.end, o.label) for o in occurrences_of(item, 2026)]  # noqa: E731
    assert windows(_item(plan, timing="months", months="8,9")) == [
        (date(2026, 8, 1), date(2026, 9, 30), "Август–сентябрь")
    ]
    assert windows(_item(plan, timing="months", months="1,6")) == [
        (date(2027, 1, 1), date(2027, 1, 31), "Январь"),
        (date(2027, 6, 1), date(2027, 6, 30), "Июнь"),
    ]
    monthly = windows(_item(plan, timing="monthly"))
    assert len(monthly) == 10
    assert monthly[0][:2] == (date(2026, 9, 1), date(2026, 9, 30))
    assert monthly[-1][:2] == (date(2027, 6, 1), date(2027, 6, 30))
    assert [w[:2] for w in windows(_item(plan, timing="bimonthly"))][:2] == [
        (date(2026, 9, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 12, 31)),
    ]
    assert windows(_item(plan, timing="year_round")) == [
        (date(2026, 9, 1), date(2027, 8, 31), "В течение учебного года")
    ]


def test_round_tables_once_in_two_months_with_a_missed_one(plan):
    _item(
        plan,
        content="Круглые столы",
        timing="bimonthly",
        evidence="meetings",
        meeting_kinds="round_table,production",
    )
    held = {"status": "held", "minutes_approved_at": timezone.now()}
    factories.MeetingFactory(
        kind="round_table", starts_at=datetime.datetime(2026, 9, 17, 15, tzinfo=TZ), **held
    )
    # November: held, but its minutes were never approved, so it proves nothing yet.
    factories.MeetingFactory(
        kind="production", starts_at=datetime.datetime(2026, 11, 20, 15, tzinfo=TZ), status="held"
    )
    # An internal meeting of practice heads is not a round table with employers.
    factories.MeetingFactory(
        kind="internal", starts_at=datetime.datetime(2026, 12, 3, 15, tzinfo=TZ), **held
    )

    entry = _progress(plan, today=date(2027, 1, 15))["Круглые столы"]

    assert [o.state for o in entry.occurrences] == ["done", "overdue", "due", "planned", "planned"]
    assert entry.occurrences[0].evidence == "Проведено с утверждённым протоколом: 1"
    assert entry.state == "overdue" and entry.done_count == 1


def test_schedule_order_and_mentors_are_read_from_each_period_of_the_year(plan):
    _item(plan, content="График", timing="months", months="8", evidence="schedule")
    _item(plan, content="Приказ", timing="months", months="8", evidence="order")
    _item(plan, content="Наставники", timing="practice", evidence="mentors")
    head = factories.PracticeHeadFactory()
    autumn = factories.PracticePeriodFactory(start=date(2026, 12, 7), end=date(2026, 12, 19))
    spring = factories.PracticePeriodFactory(start=date(2027, 4, 6), end=date(2027, 4, 18))
    factories.PracticePeriodFactory(start=date(2026, 5, 4), end=date(2026, 5, 16))  # last year
    autumn.supervisors.add(head)
    mentor = factories.ContactFactory(is_mentor=True)
    for period in (autumn, spring):
        student = factories.StudentFactory(group=period.group)
        factories.PlacementFactory(period=period, student=student, partner=mentor.partner)
    factories.StudentFactory(group=spring.group)  # not placed yet
    autumn.placements.update(mentor=mentor)

    progress = _progress(plan, today=date(2026, 11, 25))

    assert progress["График"].occurrences[0].evidence == "Распределение завершено: 1 из 2 периодов"
    assert progress["График"].state == "overdue"
    assert progress["Приказ"].occurrences[0].evidence == "Руководители назначены: 1 из 2 периодов"
    assert progress["Наставники"].state == "due"

    spring.supervisors.add(head)
    factories.PlacementFactory(
        period=spring, student=spring.group.students.last(), partner=mentor.partner
    )
    spring.placements.update(mentor=mentor)
    progress = _progress(plan, today=date(2026, 11, 25))
    assert [progress[n].state for n in ("График", "Приказ", "Наставники")] == ["done"] * 3


def test_agreements_visits_and_report_checks_in_their_windows(plan):
    _item(plan, content="Договоры", timing="months", months="8,9", evidence="agreements")
    _item(plan, content="Посещения", evidence="visits")
    _item(plan, content="Отчёты", timing="months", months="1,6", evidence="reports")
    factories.AgreementFactory(date=date(2026, 10, 2))  # signed after the window
    teacher = factories.TeacherFactory()
    period = factories.PracticePeriodFactory(start=date(2026, 12, 7), end=date(2026, 12, 19))
    checked = factories.PlacementFactory(period=period, report_status="checked")
    unchecked = factories.PlacementFactory(period=period, report_status="submitted")

    progress = _progress(plan, today=date(2027, 1, 20))
    assert progress["Договоры"].state == "overdue"
    assert progress["Посещения"].state == "due"
    assert progress["Отчёты"].occurrences[0].evidence == "Отчётов проверено: 1 из 2"
    assert progress["Отчёты"].occurrences[0].state == "due"

    factories.AgreementFactory(date=date(2026, 9, 15))
    SiteVisit.objects.create(
        date=date(2026, 12, 10), partner=checked.partner, teacher=teacher, findings="Всё хорошо"
    )
    unchecked.report_status = "checked"
    unchecked.save()
    progress = _progress(plan, today=date(2027, 1, 20))
    assert progress["Договоры"].state == "done"
    assert progress["Посещения"].occurrences[0].evidence == "Посещений баз: 1"
    assert progress["Отчёты"].occurrences[0].state == "done"
    # June checks the second half-year: no practice ended then, so nothing is proven yet.
    assert progress["Отчёты"].occurrences[1].state == "planned"


def test_completion_by_section_and_by_responsible(plan):
    head, deputy = factories.PracticeHeadFactory(), factories.DeputyFactory()
    open_item = _item(plan, content="Шаблоны", timing="months", months="9,10", section="monitoring")
    done = _item(plan, content="Положение", timing="months", months="9")
    done.responsible.set([head, deputy])
    open_item.responsible.set([head])
    PlanEvidence.objects.create(
        item=done, done_on=date(2026, 9, 20), note="Утверждено", added_by=head
    )

    result = completion(list(_progress(plan, today=date(2026, 11, 25)).values()))

    assert result["total"] == 50
    assert list(result["sections"].items()) == [  # in the order of Table 4
        ("Организационное и информационно-методическое обеспечение практической подготовки", 100),
        ("Мониторинг практической подготовки", 0),
    ]
    assert {user: percent for user, percent, _ in result["people"]} == {head: 50, deputy: 100}


def test_plan_page_in_constant_queries_for_every_kind_of_evidence(
    client_for, head, django_assert_max_num_queries
):
    from monitoring.demo import load_table4

    plan = WorkPlan.objects.create(year=2026)
    load_table4(plan)
    for _ in range(3):
        factories.PlacementFactory(period__start=date(2026, 12, 1), period__end=date(2026, 12, 12))
    client = client_for(head)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("monitoring:plan", args=[2026]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Заключение договоров с учебно-производственными предприятиями" in text
    assert "Проверка отчетов" in text or "Проверка отчётов" in text


def test_responsible_confirms_an_item_with_a_file_and_an_employer_cannot_see_it(
    client, client_for, teacher, employer_a
):
    plan = WorkPlan.objects.create(year=2026)
    item = _item(plan, content="Стажировка мастеров")
    item.responsible.set([teacher])

    response = client_for(teacher).post(
        reverse("monitoring:plan_item", args=[item.pk]),
        {"done_on": "", "note": "Стажировка в ООО «Сказка»"},
    )
    assert "Обязательное поле" in response.content.decode()
    assert "Стажировка в ООО «Сказка»" in response.content.decode()  # the input is kept

    pdf = SimpleUploadedFile("otchet.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(
        reverse("monitoring:plan_item", args=[item.pk]),
        {"done_on": "2026-11-20", "note": "Стажировка в ООО «Сказка»", "file": pdf},
    )
    assert response.status_code == 302
    evidence = item.manual_evidence.get()
    assert evidence.added_by == teacher
    download = client.get(reverse("monitoring:plan_evidence_file", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"

    client.force_login(employer_a)
    for url in (
        reverse("monitoring:plan", args=[2026]),
        reverse("monitoring:plan_item", args=[item.pk]),
        reverse("monitoring:plan_evidence_file", args=[evidence.pk]),
    ):
        assert client.get(url).status_code == 403


def test_copy_to_next_year_and_approval(client_for, head, deputy, teacher):
    plan = WorkPlan.objects.create(year=2026)
    item = _item(plan, content="Посещение баз", evidence="visits")
    item.responsible.set([head])
    PlanEvidence.objects.create(item=item, done_on=date(2026, 10, 1), note="—", added_by=head)

    assert client_for(teacher).post(reverse("monitoring:plan_copy", args=[2026])).status_code == 403
    client = client_for(head)
    response = client.post(reverse("monitoring:plan_copy", args=[2026]), follow=True)
    assert "Создан проект плана на 2027/2028 учебный год" in response.content.decode()
    copy = WorkPlan.objects.get(year=2027)
    copied = copy.items.get()
    assert (copied.content, list(copied.responsible.all())) == ("Посещение баз", [head])
    assert not copied.manual_evidence.exists() and copy.status == "draft"
    response = client.post(reverse("monitoring:plan_copy", args=[2026]), follow=True)
    assert "уже есть" in response.content.decode()

    assert client.post(reverse("monitoring:plan_approve", args=[2027])).status_code == 403
    client_for(deputy).post(reverse("monitoring:plan_approve", args=[2027]))
    copy.refresh_from_db()
    assert (copy.status, copy.approved_by) == ("approved", deputy)


def test_plan_for_approval_and_year_end_plan_and_fact(client_for, deputy, head):
    import io

    import openpyxl
    from pypdf import PdfReader

    plan = WorkPlan.objects.create(year=2026)
    item = _item(plan, content="Проверка отчётов", timing="months", months="1,6", evidence="manual")
    PlanEvidence.objects.create(
        item=item, done_on=date(2027, 1, 20), note="Проверено 120 отчётов", added_by=head
    )
    client = client_for(deputy)
    client.post(reverse("monitoring:plan_approve", args=[2026]))

    pdf = client.get(reverse("monitoring:plan_pdf", args=[2026]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "УТВЕРЖДАЮ" in text and "Кравченко О." in text
    assert "на 2026/2027 учебный год" in text and "Январь, июнь" in text

    fact = client.get(reverse("monitoring:plan_pdf", args=[2026]) + "?fact=1")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(fact.content)).pages
    )
    assert "план и факт" in text and "Проверено 120 отчётов" in text

    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("monitoring:plan_xlsx", args=[2026])).content)
    ).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][1] == "Проверка отчётов" and rows[1][6:8] == [1, 2]
