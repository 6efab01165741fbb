"""Attendance and the attestation sheet: the writes with their rules, and the grids."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Value, When, prefetch_related_objects
from django.utils import timezone

from .models import (
    AttendanceMark,
    AttestationResult,
    AttestationSheet,
    AttestationWork,
    Competency,
    Placement,
    practice_days,
)

#: A grid shows at most this many days (the longest practice is about seven weeks).
GRID_MAX_DAYS = 62


def mark(placement, day, status, reason, user):
    """Mark one student's attendance for one day; a second mark replaces the first.

    Raises ValidationError (in Russian) for a future day, a day outside the practice
    or a cancelled placement.
    """
    candidate = AttendanceMark(
        placement=placement, date=day, status=status, reason=reason, marked_by=user
    )
    candidate.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        result, _ = AttendanceMark.objects.update_or_create(
            placement=placement,
            date=day,
            defaults={"status": candidate.status, "reason": candidate.reason, "marked_by": user},
        )
    return result


def employer_placements(user, start, end=None):
    """The user's organisation's students practising on any day of start..end, the
    students the user mentors first (``mine``)."""
    end = end or start
    return (
        Placement.objects.for_user(user)
        .active()
        .filter(period__start__lte=end, period__end__gte=start)
        .select_related("student__group", "period", "mentor")
        .annotate(
            mine=Case(
                When(mentor__user_id=user.pk, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-mine", "student__last_name", "student__first_name", "pk")
    )


def marks_by_placement(placements, start, end):
    """{placement_id: {date: mark}} for the placements' days start..end, in one query."""
    result = {}
    marks = AttendanceMark.objects.filter(
        placement__in=[p.pk for p in placements], date__range=(start, end)
    )
    for item in marks:
        result.setdefault(item.placement_id, {})[item.date] = item
    return result


def grid_rows(placements, days, marks, today=None):
    """Rows of an attendance grid: a cell per day, with the state the page colours.

    A cell's ``state`` is ``present``/``absent``/``late`` when marked, ``gap`` for a past
    or current practice day without a mark («не отмечено»), ``future`` for a day to come
    and ``off`` for a day outside the student's practice or a Sunday.
    """
    today = today or timezone.localdate()
    rows = []
    for placement in placements:
        period = placement.period
        own = marks.get(placement.pk, {})
        cells = []
        for day in days:
            item = own.get(day)
            if item is not None:
                state = item.status
            elif not period.start <= day <= period.end or day.isoweekday() == 7:
                state = "off"
            elif day > today:
                state = "future"
            else:
                state = "gap"
            cells.append({"day": day, "mark": item, "state": state})
        rows.append(
            {
                "placement": placement,
                "cells": cells,
                "absent": sum(c["state"] == "absent" for c in cells),
                "late": sum(c["state"] == "late" for c in cells),
                "gaps": sum(c["state"] == "gap" for c in cells),
            }
        )
    return rows


def period_days(period):
    """Every day of a period for its grid, at most GRID_MAX_DAYS of them."""
    days = []
    day = period.start
    while day <= period.end and len(days) < GRID_MAX_DAYS:
        days.append(day)
        day += timedelta(days=1)
    return days


def week_days(day):
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def working_days_count(period):
    return sum(1 for _ in practice_days(period.start, period.end))


# The attestation sheet.


def sheet_for(placement):
    """The placement's sheet, or a new unsaved one started from the employer's review."""
    try:
        return placement.attestation
    except AttestationSheet.DoesNotExist:
        return AttestationSheet(
            placement=placement,
            grade=placement.employer_grade,
            characterisation=placement.employer_evaluation,
        )


def competencies_of(placement):
    module_id = placement.period.module_id
    return list(Competency.objects.filter(module_id=module_id)) if module_id else []


@transaction.atomic
def save_sheet(placement, user, *, answers, works, characterisation, grade, sign=False):
    """Save the mentor's sheet as a draft or sign it.

    ``answers``: {competency_id: True/False/None}; ``works``: [(kind, hours)].
    Signing requires every competency answered and a grade, and makes the sheet's grade
    and characterisation the employer's grade and review of the placement: the sheet
    is then their one source.
    """
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    sheet = AttestationSheet.objects.filter(placement=placement).first()
    if sheet and sheet.is_signed:
        raise ValidationError("Аттестационный лист уже подписан, изменить его нельзя.")
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError("Распределение отменено: аттестационный лист не заполняется.")
    sheet = sheet or AttestationSheet(placement=placement)
    sheet.characterisation, sheet.grade = characterisation, grade
    if sign:
        missing = [c.code for c in competencies_of(placement) if answers.get(c.pk) is None]
        if missing:
            raise ValidationError(f"Не отмечено, освоены ли компетенции: {', '.join(missing)}.")
        if grade is None:
            raise ValidationError("Поставьте оценку, чтобы подписать лист.")
        sheet.status = AttestationSheet.Status.SIGNED
        sheet.signed_by, sheet.signed_at = user, timezone.now()
        sheet.signer_name = (
            placement.mentor.full_name
            if placement.mentor and placement.mentor.user_id == user.pk
            else user.full_name
        )
    sheet.save()
    sheet.results.all().delete()
    AttestationResult.objects.bulk_create(
        AttestationResult(sheet=sheet, competency_id=pk, mastered=value)
        for pk, value in answers.items()
        if value is not None
    )
    sheet.works.all().delete()
    AttestationWork.objects.bulk_create(
        AttestationWork(sheet=sheet, kind=kind, hours=hours, order=n)
        for n, (kind, hours) in enumerate(works)
    )
    if sign:
        placement.employer_grade = grade
        placement.employer_evaluation = characterisation
        placement.save(update_fields=["employer_grade", "employer_evaluation"])
    return sheet


def reopen_sheet(sheet):
    """Back to a draft the organisation may correct; the employer's grade stays until it
    signs again."""
    sheet.status, sheet.signed_at = AttestationSheet.Status.DRAFT, None
    sheet.save(update_fields=["status", "signed_at", "updated_at"])
    return sheet


def period_sheets(user, period):
    """The signed sheets of a period the user may read (an employer: their own students'),
    in the order of the batch PDF."""
    return (
        AttestationSheet.objects.for_user(user)
        .filter(placement__period=period, status=AttestationSheet.Status.SIGNED)
        .exclude(placement__status=Placement.Status.CANCELLED)
        .order_by("placement__student__last_name", "placement__student__first_name", "pk")
    )


#: What a period's batch PDF prints, for the key of the stored file (jobs.services.data_key):
#: a sheet reopened and signed again, or a renamed student, gives a new file.
PERIOD_PDF_PRINTED = (
    "pk",
    "signed_at",
    "updated_at",
    "placement__student__last_name",
    "placement__student__first_name",
    "placement__student__middle_name",
    "placement__mentor__last_name",
    "placement__supervisor__last_name",
)


def sheets_for_pdf(queryset):
    """Sheets with all a PDF prints, the modules' competencies fetched once for all."""
    return with_details(list(queryset.for_pdf().prefetch_related(None)))


def with_details(sheets):
    """Fetched sheets completed with their results, works and the modules' competencies:
    three queries whatever the number of sheets."""
    prefetch_related_objects(sheets, "results", "works")
    module_ids = {s.placement.period.module_id for s in sheets} - {None}
    by_module = {}
    for competency in Competency.objects.filter(module_id__in=module_ids):
        by_module.setdefault(competency.module_id, []).append(competency)
    for sheet in sheets:
        sheet.competencies = by_module.get(sheet.placement.period.module_id, [])
    return sheets
