"""The partner search box of the placement page: the specialty's usual partners first."""

from django.db.models import Exists, OuterRef, Q

from partners.models import Partner

from . import services
from .models import Placement

SEARCH_LIMIT = 20


def search(user, query="", period=None, limit=SEARCH_LIMIT):
    """Up to ``limit`` partners the user may see matching ``query`` (name, short name or
    the start of the tax number), as options for the search box.

    For a period, partners used before for the group's specialty come first, then those
    offering places for it; each option says how many places are free in the period.
    """
    partners = Partner.objects.for_user(user).exclude(status=Partner.Status.FORMER)
    query = query.strip()
    if query:
        partners = partners.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(inn__startswith=query)
        )
    if period is None:
        return [_option(p) for p in partners.order_by("name", "pk")[:limit]]
    specialty_id = period.group.specialty_id
    used_before = Placement.objects.active().filter(
        partner=OuterRef("pk"), period__group__specialty_id=specialty_id
    )
    offers = Partner.specialties.through.objects.filter(
        partner=OuterRef("pk"), specialty_id=specialty_id
    )
    found = list(
        partners.annotate(used_before=Exists(used_before), offers=Exists(offers)).order_by(
            "-used_before", "-offers", "name", "pk"
        )[:limit]
    )
    ids = [p.pk for p in found]
    capacity = services.capacities(period, ids)
    taken = services.taken_places(period)
    return [
        _option(p, capacity.get(p.pk), taken.get(p.pk, 0), usual=p.used_before or p.offers)
        for p in found
    ]


def _option(partner, places=None, taken=None, usual=False):
    notes = []
    if usual:
        notes.append("база специальности")
    if taken is not None and places is not None:
        notes.append(f"свободно {places - taken} из {places}")
    elif taken is not None:
        notes.append("места не ограничены")
    if partner.status != Partner.Status.ACTIVE:
        notes.append(partner.get_status_display().lower())
    return {
        "value": partner.pk,
        "text": partner.name,
        "inn": partner.inn,
        "usual": usual,
        "note": ", ".join(notes),
    }
