"""Writes on partners that have rules or side effects."""

from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Partner, PartnerStatusChange
from .validators import normalize

# Words that say nothing about which organisation it is.
_NOISE = {"ооо", "оао", "зао", "пао", "ао", "ип", "тоо", "ассоциация", "компания", "группа"}


def change_status(partner, new_status, user, comment=""):
    """Move a partner to a new status if the transition is allowed, and log who did it."""
    if new_status == partner.status:
        return partner
    if new_status not in Partner.STATUS_TRANSITIONS[partner.status]:
        raise ValidationError(
            f"Нельзя перевести партнёра из статуса «{partner.get_status_display()}» "
            f"в «{Partner.Status(new_status).label}»."
        )
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        old_status = locked.status
        locked.status = new_status
        locked.status_changed_at = now = timezone.now()
        locked._change_reason = f"Статус: {Partner.Status(new_status).label}"
        locked.save(update_fields=["status", "status_changed_at"])
        PartnerStatusChange.objects.create(
            partner=locked,
            old_status=old_status,
            new_status=new_status,
            changed_at=now,
            changed_by=user,
            comment=comment,
        )
    partner.status, partner.status_changed_at = locked.status, locked.status_changed_at
    return partner


def find_by_inn(inn, exclude_pk=None):
    inn = normalize(inn)
    if not inn:
        return None
    qs = Partner.objects.filter(inn=inn)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _key(name):
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return " ".join(w for w in words if w not in _NOISE)


def similar_partners(name, exclude_pk=None, threshold=0.85):
    """Partners whose name is very like this one (ignoring legal forms and quotes)."""
    key = _key(name)
    if not key:
        return []
    candidates = Partner.objects.exclude(pk=exclude_pk).only("pk", "name", "short_name")
    return [
        p
        for p in candidates
        if SequenceMatcher(None, key, _key(p.name)).ratio() >= threshold
        or (p.short_name and _key(p.short_name) == key)
    ]
