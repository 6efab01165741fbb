"""The schedule page reads a page of runs (one start date, one group) rather than sorting
every row: its pages must still show every row once, in the documents' order."""

import datetime
import re

import pytest
from django.urls import reverse

from practice import document_views, services
from practice.schedule import schedule_rows
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    """Two groups of one specialty with periods on two dates; names out of order."""
    specialty = factories.SpecialtyFactory()
    partner = factories.PartnerFactory()
    early, late = datetime.date(2026, 10, 5), datetime.date(2026, 11, 9)
    surnames = ["Яковлева", "Ёлкин", "Абрамов", "Елкин", "Жукова", "Борисов", "Ильин"]
    for group_name in ("Б10", "Б2"):  # «Б2» before «Б10»: numbers by value
        group = factories.StudentGroupFactory(
            name=group_name, specialty=specialty, admission_year=2026, course=1
        )
        students = [
            factories.StudentFactory(group=group, last_name=f"{s}{group_name}") for s in surnames
        ]
        for start in (late, early):
            period = factories.PracticePeriodFactory(
                group=group, start=start, end=start + datetime.timedelta(days=13)
            )
            for student in students:
                services.assign(period, student, partner)
    return specialty


def _names(html):
    return re.findall(r"<td>([А-ЯЁ][а-яё]+Б\d+) Илья", html)


def test_pages_show_every_row_once_in_the_documents_order(client_for, head, college, monkeypatch):
    monkeypatch.setattr(document_views, "SCHEDULE_PER_PAGE", 5)
    params = {"specialty": college.pk, "year": 2026}
    expected = [p.student.last_name for p in schedule_rows(head, params)]
    assert len(expected) == 28
    client = client_for(head)
    shown = []
    for page in range(1, 7):
        response = client.get(reverse("practice:schedule"), {**params, "page": page})
        html = response.content.decode()
        shown += _names(html)
        assert f"Строк: 28, на странице {(page - 1) * 5 + 1}–" in html
        # The row numbers go on across the pages.
        assert f"<tr><td>{(page - 1) * 5 + 1}</td>" in html
    assert shown == expected
    # Both dates, each with «Б2» before «Б10», each group's students in Russian order.
    assert expected[:7] == [f"{s}Б2" for s in ["Абрамов", "Борисов", "Елкин", "Ёлкин",
                                               "Жукова", "Ильин", "Яковлева"]]  # fmt: skip
    assert expected[7] == "АбрамовБ10"


def test_a_page_past_the_end_shows_the_last_page(client_for, head, college, monkeypatch):
    monkeypatch.setattr(document_views, "SCHEDULE_PER_PAGE", 5)
    client = client_for(head)
    params = {"specialty": college.pk, "year": 2026}
    for page in ("99", "x"):
        response = client.get(reverse("practice:schedule"), {**params, "page": page})
        number = 6 if page == "99" else 1
        assert response.context["page_obj"].number == number
    last = client.get(reverse("practice:schedule"), {**params, "page": 99}).content.decode()
    assert _names(last) == ["ЖуковаБ10", "ИльинБ10", "ЯковлеваБ10"]


def test_an_empty_schedule_says_so(client_for, head):
    html = client_for(head).get(reverse("practice:schedule"), {"year": 2026}).content.decode()
    assert "Нет распределённых обучающихся по этим условиям." in html
    assert "Строк: 0" in html


def test_names_are_escaped_in_rows_and_options(client_for, head):
    period = factories.PracticePeriodFactory(group__name="<b>Г1</b>")
    student = factories.StudentFactory(group=period.group, last_name="<script>x</script>")
    services.assign(period, student, factories.PartnerFactory(name="ООО «A&B»"))
    html = client_for(head).get(reverse("practice:schedule"), {"period": period.pk})
    html = html.content.decode()
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>Г1</b>" not in html and "&lt;b&gt;Г1&lt;/b&gt;" in html
    assert "ООО «A&amp;B»" in html
    assert f'<option value="{period.pk}" selected>' in html
