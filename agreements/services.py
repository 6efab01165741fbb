"""Agreement rules: status transitions, the daily status refresh, scans, quotas."""

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
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
    """Move agreements along with the calendar; run daily by beat. Returns the moves made.

    In bulk, a constant number of queries whatever the number of agreements: one
    SELECT (rows locked), the log rows and history rows in one INSERT each, one UPDATE
    per target status and one for the prolonged end dates.
    """
    today = today or timezone.localdate()
    S = Agreement.Status
    soon = today + timedelta(days=EXPIRING_DAYS)
    now = timezone.now()
    with transaction.atomic():
        due = Agreement.objects.select_for_update().filter(
            Q(status=S.SIGNED, valid_from__lte=today)
            | Q(status__in=[S.ACTIVE, S.EXPIRING], valid_to__lt=today)
            | Q(status=S.ACTIVE, valid_to__gte=today, valid_to__lte=soon, auto_prolongation=False)
        )
        moves, log, prolonged, by_status = 0, [], [], defaultdict(list)
        for agreement in due.order_by("pk"):
            steps, valid_to = _calendar_steps(agreement, today, soon)
            moves += len(steps)
            old_status = agreement.status
            for new_status, comment in steps:
                if new_status is None:  # prolonged, the status stays
                    continue
                log.append(
                    AgreementStatusChange(
                        agreement=agreement,
                        old_status=agreement.status,
                        new_status=new_status,
                        changed_at=now,
                        comment=comment,
                    )
                )
                agreement.status, agreement.status_changed_at = new_status, now
            if valid_to != agreement.valid_to:
                agreement.valid_to = valid_to
                prolonged.append(agreement)
            if agreement.status != old_status:
                by_status[agreement.status].append(agreement)
        AgreementStatusChange.objects.bulk_create(log)
        for status, agreements in by_status.items():
            Agreement.objects.filter(pk__in=[a.pk for a in agreements]).update(
                status=status, status_changed_at=now
            )
        Agreement.objects.bulk_update(prolonged, ["valid_to"])
        changed = {a.pk: a for a in prolonged} | {a.pk: a for g in by_status.values() for a in g}
        Agreement.history.bulk_history_create(list(changed.values()), update=True, default_date=now)
    return moves


def _calendar_steps(agreement, today, soon):
    """The calendar's steps today, in order, as (new status or None, comment), and the
    end date, a year on (or more) if the agreement prolongs itself."""
    S = Agreement.Status
    status, valid_to, steps = agreement.status, agreement.valid_to, []
    if status == S.SIGNED and agreement.valid_from <= today:
        status = S.ACTIVE
        steps.append((status, "Наступила дата начала действия"))
    if status in (S.ACTIVE, S.EXPIRING) and valid_to < today:
        if agreement.auto_prolongation:
            while valid_to < today:
                valid_to = _plus_year(valid_to)
            steps.append((S.ACTIVE if status == S.EXPIRING else None, "Автоматическая пролонгация"))
        else:
            steps.append((S.EXPIRED, "Истёк срок действия"))
    elif status == S.ACTIVE and today <= valid_to <= soon and not agreement.auto_prolongation:
        steps.append((S.EXPIRING, f"До окончания меньше {EXPIRING_DAYS} дней"))
    return steps, valid_to


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
        Agreement.objects.valid_on(OuterRef("period__start"), OuterRef("period__end"))
        .for_placements()
        .filter(partner=OuterRef("partner_id"))
    )
