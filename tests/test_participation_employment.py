"""The employer participation register and graduates' employment: the rules of the records."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partners.models import Participation
from practice.models import Employment
from tests import factories

pytestmark = pytest.mark.django_db


def test_employer_sees_only_their_own_organisations_participation(employer_a, employer_b, head):
    own = Participation.objects.create(
        partner=employer_a.partner, kind="demo_exam", date=datetime.date(2026, 6, 10), title="ДЭ"
    )
    Participation.objects.create(
        partner=employer_b.partner, kind="gia", date=datetime.date(2026, 6, 20), title="ГИА"
    )
    assert list(Participation.objects.for_user(employer_a)) == [own]
    assert Participation.objects.for_user(head).count() == 2


def test_participation_group_must_belong_to_its_specialty():
    group = factories.StudentGroupFactory(specialty=factories.SpecialtyFactory(code="43.02.14"))
    other = factories.SpecialtyFactory(code="38.02.04", name="Коммерция")
    record = Participation(
        partner=factories.PartnerFactory(),
        kind="qualification_exam",
        date=datetime.date(2026, 12, 18),
        title="Квалификационный экзамен ПМ.05",
        specialty=other,
        group=group,
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict["group"] == ["Группа относится к другой специальности."]


def test_employed_graduate_needs_an_organisation(employer_a):
    graduate = factories.StudentFactory(status="graduated", graduated_on=datetime.date(2026, 6, 30))
    record = Employment(student=graduate, status="specialty", date=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "organisation" in error.value.message_dict
    record.partner = employer_a.partner
    record.full_clean()
    # Continuing education or the army names no employer.
    Employment(student=graduate, status="army", date=datetime.date(2026, 7, 1)).full_clean()
    assert Employment.objects.for_user(employer_a).count() == 0
