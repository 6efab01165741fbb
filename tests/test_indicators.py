"""Indicators against a small hand-built college whose right answers are written here."""

import datetime
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Decision, Recommendation
from monitoring import indicators
from monitoring.indicators import Scope
from partners.models import Participation
from practice.models import Employment
from tests import factories

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=6))
YEAR = 2025  # the school year 2025/2026, wholly in the past


def _values(figures):
    return {f.label: (f.value, f.total) for f in figures}


@pytest.fixture
def college():
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    trade = factories.SpecialtyFactory(code="38.02.04", name="Коммерция")
    group = factories.StudentGroupFactory(name="41 ГД", specialty=hotel)
    students = [factories.StudentFactory(group=group) for _ in range(4)]
    period = factories.PracticePeriodFactory(
        group=group, start=date(2025, 12, 8), end=date(2025, 12, 20)
    )
    skazka, gloria = factories.PartnerFactory(), factories.PartnerFactory()
    factories.AgreementFactory(
        partner=skazka, valid_from=date(2025, 1, 1), valid_to=date(2026, 12, 31)
    )
    # Gloria's agreement ends before the practice does: not in force on all its dates.
    factories.AgreementFactory(
        partner=gloria, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 15)
    )
    mentor = factories.ContactFactory(partner=skazka, is_mentor=True)
    factories.PlacementFactory(
        period=period,
        student=students[0],
        partner=skazka,
        mentor=mentor,
        report_status="checked",
        final_grade=5,
        employer_evaluation="Ответственная, аккуратная",
    )
    factories.PlacementFactory(period=period, student=students[1], partner=gloria, mentor=mentor)
    factories.PlacementFactory(period=period, student=students[2], partner=gloria)
    factories.PlacementFactory(
        period=period, student=students[3], partner=gloria, status="cancelled"
    )
    # Another specialty's practice, which a head of hotel business does not see.
    factories.PlacementFactory(
        period__group__specialty=trade,
        period__start=date(2026, 3, 2),
        period__end=date(2026, 3, 14),
        partner=skazka,
    )
    return {"hotel": hotel, "trade": trade, "group": group, "skazka": skazka, "gloria": gloria}


def test_practice_coverage(college):
    figures = _values(indicators.coverage(Scope(YEAR)))
    assert figures["Размещены на практике"] == (4, 5)
    assert figures["С наставником"] == (2, 4)
    assert figures["У партнёра с действующим договором"] == (2, 4)  # Skazka's two
    assert figures["Отчёт проверен"] == (1, 4)
    assert figures["Оценка выставлена"] == (1, 4)
    assert figures["Отзыв работодателя"] == (1, 4)
    assert figures["Периоды с полным графиком"] == (1, 2)  # the trade group's one student

    hotel_only = _values(indicators.coverage(Scope(YEAR, specialty_ids=(college["hotel"].pk,))))
    assert hotel_only["Размещены на практике"] == (3, 4)
    assert hotel_only["Периоды с полным графиком"] == (0, 1)
    assert indicators.coverage_by_specialty(Scope(YEAR)) == [
        (college["trade"], 1, 1),
        (college["hotel"], 3, 4),
    ]


def test_meetings_decisions_and_recommendations():
    head = factories.PracticeHeadFactory()
    held = factories.MeetingFactory(
        kind="round_table",
        starts_at=datetime.datetime(2025, 9, 18, 15, tzinfo=TZ),
        status="held",
        minutes_approved_at=timezone.now(),
    )
    factories.MeetingFactory(
        kind="production", starts_at=datetime.datetime(2025, 11, 20, 15, tzinfo=TZ), status="held"
    )
    factories.MeetingFactory(kind="internal", starts_at=datetime.datetime(2026, 1, 15, tzinfo=TZ))
    factories.MeetingFactory(
        starts_at=datetime.datetime(2026, 3, 19, tzinfo=TZ), status="cancelled"
    )
    for deadline, done in (
        (date(2025, 10, 1), datetime.datetime(2025, 9, 30, 12, tzinfo=TZ)),  # on time
        (date(2025, 10, 1), datetime.datetime(2025, 10, 5, 12, tzinfo=TZ)),  # late
        (date(2025, 12, 1), None),  # missed
    ):
        Decision.objects.create(
            meeting=held, text="Решение", responsible=head, deadline=deadline, done_at=done
        )
    partner = factories.PartnerFactory()
    for status, subject in (
        ("done", "Рабочая программа практики ПМ.05"),
        ("accepted", "График практики"),
        ("declined", "КОС"),
    ):
        Recommendation.objects.create(
            meeting=held, partner=partner, text="…", subject=subject, status=status,
            decline_reason="Не по программе" if status == "declined" else "",
        )  # fmt: skip

    figures = _values(indicators.meetings(Scope(YEAR)))
    assert figures["Совещаний проведено"] == (2, 3)
    assert figures["Круглые столы и производственные совещания"] == (2, 2)
    assert figures["Протокол утверждён"] == (1, 2)
    assert figures["Решения выполнены в срок"] == (1, 3)
    assert figures["Рекомендации работодателей приняты"] == (2, 3)
    assert figures["Корректировки программ и КОС"] == (1, None)
    months = indicators.meetings_by_month(Scope(YEAR))
    assert months[0] == ("Сентябрь", 1, 1) and months[2] == ("Ноябрь", 1, 1)
    assert months[6] == ("Март", 0, 0)  # cancelled meetings are not planned ones


def test_partners_agreements_and_funnel(college):
    today = date(2025, 12, 1)
    college["skazka"].status, college["skazka"].stage = "active", 5
    college["skazka"].places_per_year = 6
    college["skazka"].save()
    factories.PartnerFactory(status="former")  # not in the registry's figures

    figures = _values(indicators.partners(Scope(YEAR), today=today))
    assert figures["Действующие партнёры"] == (1, 2)
    assert figures["С действующим договором"] == (2, 2)
    assert figures["Мест предложено / занято"] == (4, 6)
    funnel = dict(indicators.stage_funnel(Scope(YEAR)))
    assert funnel["1. Консультации и переговорная площадка"] == 2
    assert funnel["5. Договорная база"] == 1 and funnel["6. Управляющая система"] == 0

    # Statuses and agreements in force are facts of today: no last-year value is invented.
    sections = {key: figures for key, _t, figures in indicators.all_indicators(Scope(YEAR), today)}
    by_label = {f.label: f for f in sections["partners"]}
    assert by_label["Действующие партнёры"].previous is None
    assert by_label["Новые за год"].previous is not None
    assert all(f.previous is None for f in sections["agreements"])

    agreements = _values(indicators.agreements(Scope(YEAR), today=today))
    assert agreements["Действуют"] == (2, None)
    assert agreements["Истекают в течение 60 дней"] == (1, None)  # Gloria's, on 15.12


def test_employer_participation_and_graduate_employment(college):
    for partner, kind, when in (
        (college["skazka"], "demo_exam", date(2026, 6, 10)),
        (college["skazka"], "gia", date(2026, 6, 24)),
        (college["gloria"], "master_class", date(2025, 10, 3)),
        (college["gloria"], "demo_exam", date(2025, 6, 10)),  # the year before
    ):
        Participation.objects.create(partner=partner, kind=kind, date=when, title="…")
    figures = _values(indicators.participation_figures(Scope(YEAR)))
    assert figures["Работодателей участвовало"] == (2, None)
    assert figures["Демонстрационный экзамен (эксперт)"] == (1, None)

    graduates = [
        factories.StudentFactory(
            group=college["group"], status="graduated", graduated_on=date(2026, 6, 30)
        )
        for _ in range(4)
    ]
    Employment.objects.create(
        student=graduates[0], status="specialty", partner=college["skazka"], date=date(2026, 8, 1)
    )
    Employment.objects.create(
        student=graduates[1], status="elsewhere", organisation="ИП Петров", date=date(2027, 3, 1)
    )
    Employment.objects.create(student=graduates[2], status="army", date=date(2026, 7, 1))
    figures = _values(indicators.employment(Scope(YEAR)))
    assert figures["Трудоустроены по специальности"] == (1, 4)
    assert figures["Трудоустроены у партнёров"] == (1, 4)
    assert figures["Трудоустроены в течение 6 месяцев"] == (1, 4)
    assert figures["Трудоустроены в течение 12 месяцев"] == (2, 4)


def test_what_each_role_reads(college, client_for, head, teacher, employer_a):
    head.specialties.add(college["hotel"])
    assert indicators.scope_for(head, YEAR).specialty_ids == (college["hotel"].pk,)
    # A head cannot widen the scope to a specialty that is not theirs.
    assert indicators.scope_for(head, YEAR, college["trade"].pk).specialty_ids == (
        college["hotel"].pk,
    )
    period = college["group"].periods.get()
    period.supervisors.add(teacher)
    assert indicators.scope_for(teacher, YEAR).group_ids == (college["group"].pk,)

    # The deputy director reads the college, or one practice head's specialties.
    deputy = factories.DeputyFactory()
    assert indicators.scope_for(deputy, YEAR).specialty_ids is None
    assert indicators.scope_for(deputy, YEAR, head=head).specialty_ids == (college["hotel"].pk,)
    page = client_for(deputy).get(reverse("monitoring:indicators") + f"?head={head.pk}")
    assert "Специальности заведующего практикой: Белова И." in page.content.decode()

    client = client_for(employer_a)
    assert client.get(reverse("monitoring:indicators")).status_code == 403
    assert client.get(reverse("monitoring:indicators_pdf")).status_code == 403


def test_page_and_pdf_show_the_charts_in_constant_queries(
    college, client_for, deputy, django_assert_max_num_queries
):
    from pypdf import PdfReader

    client = client_for(deputy)
    url = reverse("monitoring:indicators") + f"?year={YEAR}"
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for _ in range(5):
        factories.PlacementFactory(period__start=date(2026, 2, 2), period__end=date(2026, 2, 14))
        Participation.objects.create(
            partner=factories.PartnerFactory(), kind="gia", date=date(2026, 6, 1), title="ГИА"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    text = response.content.decode()
    assert text.count("<svg") == 5
    assert "Охват практикой по специальностям" in text and "<table" in text

    import io

    pdf = client.get(reverse("monitoring:indicators_pdf") + f"?year={YEAR}")
    assert pdf["Content-Type"] == "application/pdf"
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Показатели взаимодействия с работодателями" in pages
    assert "Партнёры по этапам технологии взаимодействия" in pages
    assert "Размещены на практике" in pages
