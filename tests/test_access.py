"""The one access rule: staff see the college, an employer only their organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from accounts.access import get_for_user_or_404
from accounts.roles import Role
from partners.models import Partner
from practice.models import Student
from tests import factories

pytestmark = pytest.mark.django_db


def test_employer_sees_only_own_partner(employer_a, employer_b):
    assert list(Partner.objects.for_user(employer_a)) == [employer_a.partner]


def test_staff_see_every_partner(head, teacher, employer_a, employer_b):
    for user in (head, teacher):
        assert Partner.objects.for_user(user).count() == 2


def test_anonymous_and_inactive_users_see_nothing(employer_a):
    employer_a.is_active = False
    assert not Partner.objects.for_user(employer_a).exists()
    assert not Partner.objects.for_user(AnonymousUser()).exists()


def test_employer_sees_no_students_by_default(employer_a):
    factories.StudentFactory()
    assert not Student.objects.for_user(employer_a).exists()


def test_other_partner_object_is_404_for_employer(employer_a, employer_b):
    from django.http import Http404

    with pytest.raises(Http404):
        get_for_user_or_404(Partner, employer_a, pk=employer_b.partner_id)
    assert get_for_user_or_404(Partner, employer_a, pk=employer_a.partner_id)


def test_employer_without_partner_is_refused_by_database():
    with pytest.raises(IntegrityError):
        factories.UserFactory(role=Role.EMPLOYER, partner=None)


def test_staff_member_linked_to_partner_is_refused_by_database():
    with pytest.raises(IntegrityError):
        factories.TeacherFactory(partner=factories.PartnerFactory())


def test_user_full_name_in_russian_order():
    user = factories.UserFactory.build(
        last_name="Белова", first_name="Ирина", middle_name="Николаевна"
    )
    assert user.full_name == "Белова Ирина Николаевна"
    assert user.short_name == "Белова И. Н."
