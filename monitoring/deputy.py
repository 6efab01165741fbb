"""The deputy director's dashboard: the year's key figures beside last year's, and what is
late or waiting across the whole college (not only the deputy's own)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from agreements.models import Agreement
from meetings.models import Decision

from . import indicators
from .models import PlanItem
from .plan import OVERDUE, current_school_year, plan_progress
from .selectors import unconfirmed_placements

ROLES = frozenset({Role.DEPUTY_DIRECTOR, Role.ADMIN})

# (indicator section, labels of its figures shown at a glance)
KEY_FIGURES = (
    (
        indicators.coverage_years,
        ("Размещены на практике", "У партнёра с действующим договором", "Отчёт проверен"),
    ),
    (indicators.employment_years, ("Трудоустроены по специальности",)),
)


def key_figures(scope):
    """The few figures of the deputy's glance, each with last year's beside it: each section
    reads both years in the same two queries."""
    year, last_year = scope.year, scope.previous().year
    figures = []
    for selector, labels in KEY_FIGURES:
        by_year = selector(scope, (year, last_year))
        previous = {f.label: f for f in by_year[last_year]}
        for figure in by_year[year]:
            if figure.label in labels:
                figure.previous = previous.get(figure.label)
                figures.append(figure)
    return figures


@dataclass
class OverduePlanItem:
    item: PlanItem
    occurrences: list  # the windows that passed undone


def overdue_plan_items(user, today=None):
    """Items of the current year's plan with a window that passed undone, everybody's.

    A fixed number of queries: the items with their plan, responsible users and evidence,
    then the year's facts (``plan_progress``)."""
    today = today or timezone.localdate()
    items = list(
        PlanItem.objects.for_user(user)
        .filter(plan__year=current_school_year(today))
        .select_related("plan")
        .prefetch_related("responsible", "manual_evidence")
    )
    if not items:
        return []
    return [
        OverduePlanItem(entry.item, [o for o in entry.occurrences if o.state == OVERDUE])
        for entry in plan_progress(items[0].plan, today, items=items)
        if entry.state == OVERDUE
    ]


def overdue_decisions(user):
    return (
        Decision.objects.for_user(user)
        .open()
        .filter(deadline__lt=timezone.localdate())
        .select_related("meeting", "responsible")
        .order_by("deadline", "pk")
    )


def agreements_to_sign(user):
    """Agreements under approval, and signed ones that are not in force yet."""
    return (
        Agreement.objects.for_user(user)
        .filter(Q(status=Agreement.Status.APPROVAL) | Q(status=Agreement.Status.SIGNED))
        .select_related("partner")
        .order_by("status", "valid_from", "pk")  # «на согласовании» first
    )


# Like ``selectors.ALERTS``, across everybody: the deputy's and administrators' only.
ALERTS = {
    "overdue-plan": ("Просроченные пункты плана работы", overdue_plan_items),
    "overdue-decisions": ("Просроченные поручения по протоколам (у всех)", overdue_decisions),
    "to-sign": (
        "Договоры на согласовании и подписанные, ещё не вступившие в силу",
        agreements_to_sign,
    ),
    # The practice heads' own alert, seen across every specialty.
    "unconfirmed-college": (
        "Не подтверждено партнёрами, а практика вот-вот начнётся (по всему колледжу)",
        unconfirmed_placements,
    ),
}
