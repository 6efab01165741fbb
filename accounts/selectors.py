"""Read-only queries behind the dashboards."""

from django.db.models import Count, Q

from partners.models import Partner
from practice.models import Specialty, Student, StudentGroup

from .models import User
from .roles import Role


def college_counts(user):
    return {
        "specialties": Specialty.objects.for_user(user).count(),
        "groups": StudentGroup.objects.for_user(user).count(),
        "students": Student.objects.for_user(user).filter(status=Student.Status.STUDYING).count(),
        "partners": Partner.objects.for_user(user).count(),
    }


def specialties_with_counts(user, only_mine=False):
    qs = Specialty.objects.for_user(user)
    if only_mine:
        qs = qs.filter(responsible_users=user)
    return qs.annotate(
        group_count=Count("groups", distinct=True),
        student_count=Count(
            "groups__students",
            filter=Q(groups__students__status=Student.Status.STUDYING),
            distinct=True,
        ),
    )


def practice_heads():
    return (
        User.objects.filter(role=Role.PRACTICE_HEAD, is_active=True)
        .prefetch_related("specialties")
        .order_by("last_name")
    )


def colleagues(user):
    """Other portal users of the employer's own organisation."""
    return User.objects.filter(partner_id=user.partner_id, is_active=True).exclude(pk=user.pk)


def current_periods(user, days_ahead=60):
    """Practice periods under way or starting soon, with how many students are placed.

    A practice head sees those of their specialties; the deputy director all.
    """
    from datetime import timedelta

    from django.utils import timezone

    from practice.models import PracticePeriod

    today = timezone.localdate()
    periods = PracticePeriod.objects.for_user(user).filter(
        end__gte=today, start__lte=today + timedelta(days=days_ahead)
    )
    if user.role == Role.PRACTICE_HEAD:
        periods = periods.filter(group__specialty__responsible_users=user)
    return (
        periods.select_related("group", "module")
        .annotate(
            placed=Count("placements", filter=~Q(placements__status="cancelled"), distinct=True),
            students=Count(
                "group__students", filter=Q(group__students__status="studying"), distinct=True
            ),
        )
        .order_by("start")
    )
