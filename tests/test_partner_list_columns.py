"""The partners' table head: the sortable columns link to their order (again: the other
way), the current order shows its icon, the others are plain titles."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _heads(html):
    thead = html[html.index("<thead>") : html.index("</thead>")]
    return re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)


def test_the_table_head_sorts_by_its_columns_and_shows_the_current_order(client_for, head):
    factories.PartnerFactory(name="ООО «Иртыш»")
    client = client_for(head)
    heads = _heads(client.get(reverse("partners:list"), {"ordering": "-places"}).content.decode())
    assert len(heads) == 9
    assert 'href="?ordering=name">Наименование</a>' in heads[0]
    assert heads[4] == "Отрасли" and heads[5] == "Контакт" and heads[7] == "Вакансий"
    assert 'href="?ordering=places">Мест <i class="bi bi-sort-up"></i></a>' in heads[6]

    heads = _heads(client.get(reverse("partners:list"), {"ordering": "city"}).content.decode())
    assert 'href="?ordering=-city">Населённый пункт <i class="bi bi-sort-down-alt">' in heads[1]
    assert "bi-sort" not in heads[0]
