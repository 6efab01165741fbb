"""Read-only queries behind the dashboards: the top floor reads every app."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Window
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from agreements import selectors as agreement_selectors
from meetings.models import Decision, Recommendation
from partners.models import Partner
from partners.selectors import next_steps_for
from practice.models import Placement, PracticePeriod, Specialty, Student, StudentGroup

from .plan import count_of

# How many items of each alert the dashboard shows; the rest are on the alert's page.
FIRST_ITEMS = 5


def first_items(items, limit=FIRST_ITEMS, narrow=False):
    """(the first ``limit`` items, the total): a list is cut, a queryset asks once.

    The total comes with the rows as a window count, so a bounded alert costs one
    query whatever the number of matching rows.

    ``narrow``: for an alert whose matching rows are many (thousands of placements),
    a window count over the rows *with their joined relations* joins every matching
    row to student, group and partner only to count it. Then the first keys and the
    total are read from the filtered table alone, and the few full rows fetched by key:
    two queries, each cheap.
    """
    if isinstance(items, list):
        return items[:limit], len(items)
    if not narrow:
        rows = list(items.annotate(total_count=Window(Count("pk")))[:limit])
        return rows, (rows[0].total_count if rows else 0)
    keys = list(
        items.select_related(None)
        .annotate(total_count=Window(Count("pk")))
        .values_list("pk", "total_count")[:limit]
    )
    if not keys:
        return [], 0
    # The same queryset (its access scope and filter kept) cut to the keys: the database
    # starts from the primary keys, so the filter is checked for these few rows only.
    by_pk = {row.pk: row for row in items.order_by().filter(pk__in=[pk for pk, _ in keys])}
    return [by_pk[pk] for pk, _ in keys if pk in by_pk], keys[0][1]


def count_all(**querysets):
    """{name: count} of several querysets in one query (one round trip instead of many)."""
    parts, params = [], []
    for name, queryset in querysets.items():
        try:
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # ``.none()``: a user who may see nothing
            sql, query_params = "SELECT 1 WHERE FALSE", ()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {name}_rows)")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def college_counts(user):
    return count_all(
        specialties=Specialty.objects.for_user(user),
        groups=StudentGroup.objects.for_user(user),
        students=Student.objects.for_user(user).filter(status=Student.Status.STUDYING),
        partners=Partner.objects.for_user(user),
    )


def specialties_with_counts(user, only_mine=False):
    """Specialties with their groups and studying students counted by correlated
    subqueries: a few specialties, each count an index range, instead of a
    ``COUNT(DISTINCT)`` over every student joined to every group."""
    qs = Specialty.objects.for_user(user)
    if only_mine:
        qs = qs.filter(responsible_users=user)
    return qs.annotate(
        group_count=count_of(StudentGroup.objects, specialty="pk"),
        student_count=count_of(
            Student.objects.filter(status=Student.Status.STUDYING), group__specialty="pk"
        ),
    ).only("code", "name")


def practice_heads():
    """[{"full_name", "codes"}] of the active practice heads with the codes of their
    specialties: one query of plain values (a left join), no model instances."""
    rows = (
        User.objects.filter(role=Role.PRACTICE_HEAD, is_active=True)
        .order_by("last_name", "pk", "specialties__code")
        .values_list("pk", "last_name", "first_name", "middle_name", "specialties__code")
    )
    heads = {}
    for pk, last_name, first_name, middle_name, code in rows:
        if pk not in heads:
            user = User(last_name=last_name, first_name=first_name, middle_name=middle_name)
            heads[pk] = {"full_name": user.full_name, "codes": []}
        if code is not None:
            heads[pk]["codes"].append(code)
    return list(heads.values())


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


# Alerts over thousands of placements (on any dashboard): their first keys and total come
# from a narrow query, the few full rows by key (see ``first_items``).
NARROW_SELECTORS = frozenset({agreement_selectors.unsecured_placements, unconfirmed_placements})


def alert(user, key):
    """The full list of one alert for a user, as a list or a queryset."""
    return ALERTS[key][1](user)


def alerts_for(user, alerts=ALERTS):
    """{key: {"items", "total", "title"}} of every alert of ``alerts`` (the staff's unless
    told), bounded."""
    result = {}
    for key, (title, selector) in alerts.items():
        items, total = first_items(selector(user), narrow=selector in NARROW_SELECTORS)
        result[key.replace("-", "_")] = {"items": items, "total": total, "title": title, "key": key}
    return result
