"""A dashboard alert's first items and total: read in one query, or narrow (keys first,
then the few full rows) for the alerts over thousands of placements; both the same."""

import pytest

from monitoring.selectors import first_items
from practice.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_narrow_read_gives_the_same_first_items_in_the_same_order_and_total(
    django_assert_num_queries,
):
    period = factories.PracticePeriodFactory()
    for i in range(7):
        student = factories.StudentFactory(group=period.group, last_name=f"Иванов{i}")
        factories.PlacementFactory(period=period, student=student)
    factories.PlacementFactory()  # another group's: filtered out
    placements = (
        Placement.objects.filter(period=period)
        .select_related("student__group", "partner")
        .order_by("-student__last_name", "pk")
    )
    wide_items, wide_total = first_items(placements)
    with django_assert_num_queries(2):
        items, total = first_items(placements, narrow=True)
        names = [p.student.last_name for p in items]  # the rows come with their relations
    assert (total, wide_total) == (7, 7)
    assert names == [f"Иванов{i}" for i in (6, 5, 4, 3, 2)]
    assert [p.pk for p in items] == [p.pk for p in wide_items]


def test_a_narrow_read_of_nothing_is_empty():
    assert first_items(Placement.objects.all(), narrow=True) == ([], 0)
