"""Read-only queries behind the dashboards: the top floor reads every app."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, Window
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from agreements import selectors as agreement_selectors
from meetings.models import Decision, Recommendation
from partners.models import Partner
from partners.selectors import next_steps_for
from practice.models import Placement, PracticePeriod, Specialty, Student, StudentGroup

# How many items of each alert the dashboard shows; the rest are on the alert's page.
FIRST_ITEMS = 5


def first_items(items, limit=FIRST_ITEMS):
    """(the first ``limit`` items, the total): a list is cut, a queryset asks once.

    The total comes with the rows as a window count, so a bounded alert costs one
    query whatever the number of matching rows.
    """
    if isinstance(items, list):
        return items[:limit], len(items)
    rows = list(items.annotate(total_count=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_count if rows else 0)


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
    today = timezone.localdate()
    periods = PracticePeriod.objects.for_user(user).filter(
        end__gte=today, start__lte=today + timedelta(days=days_ahead)
    )
    if user.role == Role.PRACTICE_HEAD:
        periods = periods.filter(group__specialty__responsible_users=user)
    return periods.select_related("group", "module").with_counts().order_by("start", "pk")


def unconfirmed_placements(user, today=None):
    """Placements the partner has not confirmed, the practice starting within
    ``PLACEMENT_CONFIRMATION_DAYS`` days (or under way)."""
    today = today or timezone.localdate()
    return (
        Placement.objects.for_user(user)
        .awaiting_confirmation(today, settings.PLACEMENT_CONFIRMATION_DAYS)
        .select_related("student__group", "period", "partner")
        .order_by("period__start", "partner__name", "pk")
    )


def my_decisions(user):
    return (
        Decision.objects.for_user(user)
        .open()
        .filter(responsible=user)
        .select_related("meeting")
        .order_by("deadline", "pk")
    )


def my_recommendations(user):
    return (
        Recommendation.objects.for_user(user)
        .open()
        .filter(responsible=user)
        .select_related("partner", "meeting")
        .order_by("deadline", "pk")
    )


# Every alert of the staff dashboard: its key (in the URL of its full list), its
# title, and the selector of everything it covers. The dashboard shows the first
# few; the full list is paginated and is where the user acts on each item.
ALERTS = {
    "unsecured": (
        "Практика скоро начнётся, а действующего договора с партнёром нет",
        agreement_selectors.unsecured_placements,
    ),
    "unconfirmed": (
        "Не подтверждено партнёром, а практика вот-вот начнётся",
        unconfirmed_placements,
    ),
    "expired": ("Договоры истекли и не продлены", agreement_selectors.expired_without_renewal),
    "expiring": ("Договоры, истекающие в ближайшие 60 дней", agreement_selectors.expiring_soon),
    "periods": ("Практика сейчас и в ближайшие два месяца", current_periods),
    "next-steps": ("Мои следующие шаги с партнёрами", next_steps_for),
    "decisions": ("Мои поручения по протоколам", my_decisions),
    "recommendations": ("Рекомендации работодателей, за которые я отвечаю", my_recommendations),
}


def alert(user, key):
    """The full list of one alert for a user, as a list or a queryset."""
    return ALERTS[key][1](user)


def alerts_for(user):
    """{key: {"items", "total", "title"}} of every staff alert, bounded."""
    result = {}
    for key, (title, selector) in ALERTS.items():
        items, total = first_items(selector(user))
        result[key.replace("-", "_")] = {"items": items, "total": total, "title": title, "key": key}
    return result
