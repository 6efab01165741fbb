"""Reads about agreements shown outside the agreement pages."""

from datetime import timedelta

from django.utils import timezone

from practice.models import Placement

from .models import Agreement
from .reminders import PLACEMENT_HORIZON
from .services import covered_by_agreement


def for_partner(user, partner):
    return Agreement.objects.for_user(user).filter(partner=partner).order_by("-valid_to")


def unsecured_placements(user, today=None):
    """Placements starting within two weeks at a partner with no agreement for the dates."""
    today = today or timezone.localdate()
    return (
        Placement.objects.for_user(user)
        .active()
        .filter(period__start__gte=today, period__start__lte=today + timedelta(PLACEMENT_HORIZON))
        .exclude(covered_by_agreement())
        .select_related("student__group", "period", "partner")
        .order_by("period__start", "pk")
    )


def expired_without_renewal(user, today=None):
    today = today or timezone.localdate()
    renewed = set(Agreement.objects.valid_on(today).values_list("partner_id", "kind"))
    expired = (
        Agreement.objects.for_user(user)
        .filter(status=Agreement.Status.EXPIRED, valid_to__gte=today - timedelta(days=90))
        .select_related("partner")
    )
    return [a for a in expired if (a.partner_id, a.kind) not in renewed]


def expiring_soon(user, days=60, today=None):
    today = today or timezone.localdate()
    return (
        Agreement.objects.for_user(user)
        .filter(
            status__in=Agreement.VALID_STATUSES,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=days),
            auto_prolongation=False,
        )
        .select_related("partner")
        .order_by("valid_to")
    )
