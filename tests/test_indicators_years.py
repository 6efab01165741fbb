"""The indicators page reads this year and last year in the same queries: the figures must be
those each year gives on its own, and the page a fixed, small number of queries."""

import datetime
from datetime import date

import pytest
from django.urls import reverse

from monitoring import indicators
from monitoring.indicators import Scope
from partners.models import Participation
from practice.models import Employment
from tests import factories
from tests.test_indicators import college  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
YEAR = 2025


def _values(figures):
    return [(f.label, f.value, f.total) for f in figures]


@pytest.fixture
def two_years(college):  # noqa: F811 - the fixture imported above
    """The small college of test_indicators, and a year before it with its own records."""
    group = factories.StudentGroupFactory(name="31 ГД", specialty=college["hotel"])
    students = [factories.StudentFactory(group=group) for _ in range(3)]
    period = factories.PracticePeriodFactory(
        group=group, start=date(2024, 11, 4), end=date(2024, 11, 16)
    )
    factories.PlacementFactory(period=period, student=students[0], partner=college["skazka"])
    factories.PlacementFactory(
        period=period, student=students[1], partner=college["gloria"], report_status="checked"
    )
    factories.PartnerFactory(created_at=datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC))
    Participation.objects.create(
        partner=college["gloria"], kind="demo_exam", date=date(2025, 6, 10), title="…"
    )
    Participation.objects.create(
        partner=college["skazka"], kind="gia", date=date(2026, 6, 20), title="…"
    )
    for graduated in (date(2025, 6, 30), date(2026, 6, 30)):
        graduate = factories.StudentFactory(group=group, status="graduated", graduated_on=graduated)
        Employment.objects.create(
            student=graduate, status="specialty", partner=college["skazka"], date=graduated
        )
    return college


def test_last_years_figures_are_those_of_last_year_alone(two_years):
    today = date(2026, 3, 1)
    for scope in (Scope(YEAR), Scope(YEAR, specialty_ids=(two_years["hotel"].pk,))):
        sections = {key: figures for key, _t, figures in indicators.all_indicators(scope, today)}
        for key, selector in (
            ("coverage", indicators.coverage),
            ("partners", indicators.partners),
            ("meetings", indicators.meetings),
            ("participation", indicators.participation_figures),
            ("employment", indicators.employment),
        ):
            alone = selector(scope, today=today)
            before = selector(scope.previous(), today=today)
            assert _values(sections[key]) == _values(alone), key
            previous = [f.previous for f in sections[key]]
            expected = [None if f.today_only else b for f, b in zip(alone, before, strict=True)]
            assert [p and (p.label, p.value, p.total) for p in previous] == [
                e and (e.label, e.value, e.total) for e in expected
            ], key
    coverage = {f.label: f for f in sections["coverage"]}
    assert (coverage["Размещены на практике"].value, coverage["Размещены на практике"].total) == (
        3,
        4,
    )
    assert coverage["Размещены на практике"].previous.value == 2
    assert coverage["Отчёт проверен"].previous.value == 1


def test_agreements_in_force_are_counted_by_kind(college):  # noqa: F811
    today = date(2025, 12, 1)
    for _ in range(3):
        factories.AgreementFactory(
            kind="cooperation", valid_from=date(2025, 1, 1), valid_to=date(2026, 12, 31)
        )
    figures = {f.label: f.value for f in indicators.agreements(Scope(YEAR), today=today)}
    # Skazka's and Gloria's training agreements, and three agreements of cooperation.
    assert figures["Договор о практической подготовке обучающихся"] == 2
    assert figures["Соглашение о сотрудничестве (социальном партнёрстве)"] == 3


def test_a_partner_of_two_of_the_heads_specialties_counts_once(college):  # noqa: F811
    partner = factories.PartnerFactory(status="active", places_per_year=10)
    partner.specialties.add(college["hotel"], college["trade"])
    scope = Scope(YEAR, specialty_ids=(college["hotel"].pk, college["trade"].pk))
    figures = {f.label: f for f in indicators.partners(scope, today=date(2025, 12, 1))}
    assert figures["Действующие партнёры"].value == 1
    assert figures["Мест предложено / занято"].total == 10


@pytest.mark.parametrize("role", ["deputy", "head", "teacher"])
def test_the_page_runs_at_most_15_queries(
    two_years, role, deputy, head, teacher, client_for, django_assert_max_num_queries
):
    user = {"deputy": deputy, "head": head, "teacher": teacher}[role]
    head.specialties.add(two_years["hotel"])
    two_years["group"].periods.get().supervisors.add(teacher)
    client = client_for(user)
    url = reverse("monitoring:indicators") + f"?year={YEAR}"
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert "2024/2025: " in response.content.decode()  # last year's figures beside
