"""Reads about agreements shown outside the agreement pages."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from partners.models import Partner
from practice.models import Placement, Specialty

from .models import Agreement
from .reminders import PLACEMENT_HORIZON
from .services import covered_by_agreement

# Who the «partners of a specialty» are, in the library and in announcements alike: those
# that declared the specialty, have an agreement covering it, or take its students.


def specialties_of_partner(partner_id):
    """The specialties a partner works with, as a subquery of primary keys."""
    placed = Placement.objects.filter(partner_id=partner_id).active()
    return Specialty.objects.filter(
        Q(partners=partner_id)
        | Q(agreements__partner_id=partner_id)
        | Q(groups__periods__placements__in=placed)
    ).values("pk")


def partners_of_specialty(specialty_id):
    """The partners that work with a specialty, without duplicates."""
    placed = Placement.objects.filter(period__group__specialty_id=specialty_id).active()
    agreed = Partner.objects.filter(agreements__specialties=specialty_id)
    return Partner.objects.filter(
        Q(specialties=specialty_id)
        | Q(pk__in=placed.values("partner_id"))
        | Q(pk__in=agreed.values("pk"))
    ).distinct()


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
