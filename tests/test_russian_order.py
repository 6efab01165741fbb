"""Names sort in Russian order («ё» with «е», not after «я») and search ignores case, on
PostgreSQL and SQLite."""

import random

import pytest
from django.urls import reverse

from accounts.models import User
from kitek_portal.collation import sort_key
from partners.models import Partner
from practice import services
from practice.models import Student, StudentGroup
from tests import factories

pytestmark = pytest.mark.django_db

SURNAMES = ["Яковлева", "Жукова", "Ёлкина", "Жёлудева", "Елисеева", "Абрамова"]
RUSSIAN_ORDER = ["Абрамова", "Елисеева", "Ёлкина", "Жёлудева", "Жукова", "Яковлева"]


def positions(page, names):
    return [page.index(name) for name in names]


def test_sort_key_follows_the_icu_russian_order():
    # The order PostgreSQL's ICU collation «ru-RU-u-kn-true» gives these strings.
    icu = ["Б2", "Б10", "Елкин", "ёлкин", "Ёлкин", "жаров", "Жёлудева", "Жукова", "Яковлев", "Abc"]
    shuffled = random.Random(7).sample(icu, len(icu))
    assert sorted(shuffled, key=sort_key) == icu


def test_the_database_sorts_names_as_icu_does():
    icu = ["Б2", "Б10", "Елкин", "ёлкин", "Ёлкин", "жаров", "Жёлудева", "Жукова", "Яковлев", "Abc"]
    group = factories.StudentGroupFactory()
    for name in icu[::-1]:
        factories.StudentFactory(group=group, last_name=name)
    assert [s.last_name for s in Student.objects.order_by("last_name")] == icu


def test_group_page_lists_students_in_russian_order(client_for, head):
    group = factories.StudentGroupFactory()
    for surname in SURNAMES:
        factories.StudentFactory(group=group, last_name=surname)
    page = client_for(head).get(reverse("practice:group_detail", args=[group.pk])).content
    page = page.decode()
    assert positions(page, RUSSIAN_ORDER) == sorted(positions(page, RUSSIAN_ORDER))


def test_schedule_lists_students_in_russian_order(client_for, head):
    period = factories.PracticePeriodFactory()
    partner = factories.PartnerFactory()
    for surname in SURNAMES:
        services.assign(
            period, factories.StudentFactory(group=period.group, last_name=surname), partner
        )
    page = client_for(head).get(reverse("practice:schedule"), {"period": period.pk})
    page = page.content.decode()
    assert positions(page, RUSSIAN_ORDER) == sorted(positions(page, RUSSIAN_ORDER))


def test_partners_list_in_russian_order(client_for, head):
    for name in ["ООО «Яблоко»", "ООО «Жемчужина»", "ООО «Ёлочка»", "ООО «Елань»"]:
        factories.PartnerFactory(name=name, short_name="")
    page = client_for(head).get(reverse("partners:list")).content.decode()
    expected = ["ООО «Елань»", "ООО «Ёлочка»", "ООО «Жемчужина»", "ООО «Яблоко»"]
    assert positions(page, expected) == sorted(positions(page, expected))


def test_users_contacts_and_groups_sort_in_russian_order():
    for surname in SURNAMES:
        factories.TeacherFactory(last_name=surname)
        factories.ContactFactory(last_name=surname, partner=factories.PartnerFactory())
    assert [u.last_name for u in User.objects.all()] == RUSSIAN_ORDER
    from partners.models import Contact

    assert [c.last_name for c in Contact.objects.order_by("last_name")] == RUSSIAN_ORDER
    for name in ["Б10", "Б2", "Ё1", "Е1"]:
        factories.StudentGroupFactory(name=name, course=1)
    assert [g.name for g in StudentGroup.objects.all()] == ["Б2", "Б10", "Е1", "Ё1"]


def test_search_ignores_case_in_russian_too(client_for, head):
    factories.PartnerFactory(name="ООО «Сказка»")
    factories.PartnerFactory(name="АО «Ёлка 100% лето_2026»")
    factories.PartnerFactory(name="ИП Иванов")

    page = client_for(head).get(reverse("partners:list"), {"q": "сказ"}).content.decode()
    assert "ООО «Сказка»" in page and "ИП Иванов" not in page
    # % and _ are letters the user typed, not wildcards.
    assert Partner.objects.filter(name__icontains="ёлка 100% ЛЕТО_").count() == 1
    assert not Partner.objects.filter(name__icontains="1000%").exists()
    assert not Partner.objects.filter(name__icontains="лето-").exists()
