"""Agreement rules: status transitions, the daily status refresh, scans, quotas."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .models import Agreement, AgreementQuota, AgreementStatusChange

EXPIRING_DAYS = 60
MAX_SCAN_BYTES = 10 * 1024 * 1024
_SIGNATURES = {b"%PDF-": "PDF", b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def change_status(agreement, new_status, user=None, comment=""):
    if new_status == agreement.status:
        return agreement
    if new_status not in Agreement.TRANSITIONS[agreement.status]:
        raise ValidationError(
            f"Нельзя перевести договор из статуса «{agreement.get_status_display()}» "
            f"в «{Agreement.Status(new_status).label}»."
        )
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if new_status not in Agreement.TRANSITIONS[locked.status]:
            raise ValidationError("Статус договора уже изменил другой пользователь.")
        _log(locked, new_status, user, comment)
    agreement.status, agreement.status_changed_at = locked.status, locked.status_changed_at
    return agreement


def _log(agreement, new_status, user=None, comment=""):
    now = timezone.now()
    AgreementStatusChange.objects.create(
        agreement=agreement,
        old_status=agreement.status,
        new_status=new_status,
        changed_at=now,
        changed_by=user,
        comment=comment,
    )
    agreement.status, agreement.status_changed_at = new_status, now
    agreement.save(update_fields=["status", "status_changed_at"])


def refresh_statuses(today=None):
    """Move agreements along with the calendar; run daily by beat. Returns the moves made."""
    today = today or timezone.localdate()
    moves = 0
    S = Agreement.Status
    for agreement in Agreement.objects.filter(status=S.SIGNED, valid_from__lte=today):
        _log(agreement, S.ACTIVE, comment="Наступила дата начала действия")
        moves += 1
    ended = Agreement.objects.filter(status__in=[S.ACTIVE, S.EXPIRING], valid_to__lt=today)
    for agreement in ended:
        if agreement.auto_prolongation:
            while agreement.valid_to < today:
                agreement.valid_to = _plus_year(agreement.valid_to)
            agreement.save(update_fields=["valid_to"])
            if agreement.status == S.EXPIRING:
                _log(agreement, S.ACTIVE, comment="Автоматическая пролонгация")
        else:
            _log(agreement, S.EXPIRED, comment="Истёк срок действия")
        moves += 1
    soon = today + timedelta(days=EXPIRING_DAYS)
    for agreement in Agreement.objects.filter(
        status=S.ACTIVE, valid_to__lte=soon, valid_to__gte=today, auto_prolongation=False
    ):
        _log(agreement, S.EXPIRING, comment=f"До окончания меньше {EXPIRING_DAYS} дней")
        moves += 1
    return moves


def _plus_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def check_scan(uploaded):
    """A PDF or an image, at most 10 MB, judged by its content, not its name."""
    if uploaded.size > MAX_SCAN_BYTES:
        raise ValidationError("Файл больше 10 МБ. Сохраните скан с меньшим разрешением.")
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        raise ValidationError("Загрузите скан в формате PDF, PNG или JPEG.")
    return uploaded


def valid_agreements(partner_ids, start, end):
    """{partner_id: agreement} of agreements under which students may be placed for [start, end]."""
    result = {}
    for agreement in (
        Agreement.objects.valid_on(start, end)
        .for_placements()
        .filter(partner_id__in=partner_ids)
        .order_by("valid_to")
    ):
        result[agreement.partner_id] = agreement
    return result


def agreement_quotas(partner_ids, specialty_id, start, end):
    """{partner_id: places} from the valid agreements' quotas for one specialty."""
    rows = AgreementQuota.objects.filter(
        specialty_id=specialty_id,
        agreement__in=Agreement.objects.valid_on(start, end)
        .for_placements()
        .filter(partner_id__in=partner_ids),
    ).values_list("agreement__partner_id", "places")
    result = {}
    for partner_id, places in rows:
        result[partner_id] = result.get(partner_id, 0) + places
    return result


def places_taken(agreement, specialty_id):
    """The most students of a specialty placed at once (in one period) under the agreement."""
    from practice.models import Placement

    rows = (
        Placement.objects.active()
        .filter(
            partner_id=agreement.partner_id,
            student__group__specialty_id=specialty_id,
            period__start__gte=agreement.valid_from,
            period__end__lte=agreement.valid_to,
        )
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    return max(rows, default=0)


def without_agreement(placements):
    """The placements (period loaded) whose partner has no agreement for the practice dates.

    One query for all of them, whatever their number.
    """
    covering = {}
    for agreement in Agreement.objects.filter(
        status__in=Agreement.VALID_STATUSES,
        kind__in=Agreement.PLACEMENT_KINDS,
        partner_id__in={p.partner_id for p in placements},
    ).only("partner_id", "valid_from", "valid_to"):
        covering.setdefault(agreement.partner_id, []).append(agreement)
    return [
        p
        for p in placements
        if not any(
            a.valid_from <= p.period.start and a.valid_to >= p.period.end
            for a in covering.get(p.partner_id, [])
        )
    ]


def covered_by_agreement():
    """The rule of ``without_agreement`` as a condition on a placements queryset:
    an agreement under which students are placed is in force for the whole period."""
    return Exists(
        Agreement.objects.for_placements().filter(
            status__in=Agreement.VALID_STATUSES,
            partner=OuterRef("partner_id"),
            valid_from__lte=OuterRef("period__start"),
            valid_to__gte=OuterRef("period__end"),
        )
    )
