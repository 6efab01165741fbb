"""Reads about agreements shown outside the agreement pages."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
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
    """Agreements expired within 90 days with no agreement of the same kind with the
    partner in force today, in their usual order, as a queryset (so a page reads only
    the rows it shows): one query, the renewal an ``EXISTS`` per row on the partner's index
    (a handful of recently expired rows)."""
    today = today or timezone.localdate()
    renewed = Agreement.objects.valid_on(today).filter(
        partner=OuterRef("partner_id"), kind=OuterRef("kind")
    )
    return (
        Agreement.objects.for_user(user)
        .filter(status=Agreement.Status.EXPIRED, valid_to__gte=today - timedelta(days=90))
        .exclude(Exists(renewed))
        .select_related("partner")
        .order_by("valid_to", "number")
    )


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
