"""Placing students: the rules of capacity, overlap and mentors, in one place."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from partners.models import Contact, Partner

from .models import PeriodQuota, Placement, PracticePeriod, Student


def capacities(period, partner_ids=None):
    """{partner_id: places or None (not limited)} for a period.

    A quota set for the period wins; then the quota for the group's specialty in
    the agreement in force on the practice dates; then the places the partner
    offers per year; a partner that stated no number is not limited.
    """
    from agreements.services import agreement_quotas

    partners = Partner.objects.all()
    if partner_ids is not None:
        partners = partners.filter(pk__in=partner_ids)
    result = {p.pk: (p.places_per_year or None) for p in partners.only("pk", "places_per_year")}
    specialty_id = period.group.specialty_id
    result.update(agreement_quotas(list(result), specialty_id, period.start, period.end))
    quotas = PeriodQuota.objects.filter(period=period)
    if partner_ids is not None:
        quotas = quotas.filter(partner_id__in=partner_ids)
    for quota in quotas:
        result[quota.partner_id] = quota.places
    return result


def taken_places(period):
    """{partner_id: active placements} for a period, in one query."""
    rows = (
        Placement.objects.active()
        .filter(period=period)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    )
    return dict(rows)


def assign(period, student, partner, mentor=None, workplace="", supervisor=None):
    """Place a student at a partner for a period, or move them to another partner.

    Raises ValidationError with a message for the practice head when a rule
    forbids it. The partner row is locked for the duration of the check, so two
    heads saving at the same moment cannot both take the last place.
    """
    if student.group_id != period.group_id:
        raise ValidationError(f"{student} не учится в группе {period.group}.")
    if mentor is not None and mentor.partner_id != partner.pk:
        raise ValidationError(f"Наставник {mentor} работает не в {partner}.")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        Student.objects.select_for_update().filter(pk=student.pk).first()
        placement = Placement.objects.active().filter(
            student=student, period=period
        ).first() or Placement(student=student, period=period)
        _check_overlap(student, period)
        if placement.partner_id != partner.pk:
            _check_capacity(period, partner, student)
        placement.partner = partner
        placement.mentor = mentor
        placement.workplace = workplace
        if supervisor is not None or placement.supervisor_id is None:
            placement.supervisor = supervisor or period.supervisors.order_by("pk").first()
        placement.save()
    return placement


def _check_overlap(student, period):
    clash = (
        Placement.objects.active()
        .filter(student=student, period__start__lte=period.end, period__end__gte=period.start)
        .exclude(period=period)
        .select_related("period", "partner")
        .first()
    )
    if clash:
        raise ValidationError(
            f"У обучающегося {student} в эти даты уже есть практика: {clash.partner}, "
            f"{clash.period.start:%d.%m.%Y}–{clash.period.end:%d.%m.%Y}."
        )


def _check_capacity(period, partner, student):
    places = capacities(period, [partner.pk]).get(partner.pk)
    if places is None:
        return
    taken = Placement.objects.active().filter(period=period, partner=partner).count()
    if taken >= places:
        raise ValidationError(
            f"У партнёра {partner} нет свободных мест на эту практику: занято {taken} из {places}. "
            "Увеличьте число мест или выберите другую базу."
        )


def unassign(placement):
    """Take a student off a partner: a plan is deleted, anything further is cancelled."""
    if placement.status == Placement.Status.PLANNED:
        placement.delete()
    else:
        change_status(placement, Placement.Status.CANCELLED)


def change_status(placement, new_status):
    if new_status == placement.status:
        return placement
    if new_status not in Placement.TRANSITIONS[placement.status]:
        raise ValidationError(
            f"Нельзя перевести распределение из «{placement.get_status_display()}» "
            f"в «{Placement.Status(new_status).label}»."
        )
    if new_status == Placement.Status.PLANNED:  # restoring a cancelled one
        with transaction.atomic():
            _check_overlap(placement.student, placement.period)
            _check_capacity(placement.period, placement.partner, placement.student)
            placement.status = new_status
            placement.save(update_fields=["status"])
        return placement
    placement.status = new_status
    placement.save(update_fields=["status"])
    return placement


def set_quota(period, partner, places):
    taken = Placement.objects.active().filter(period=period, partner=partner).count()
    if places < taken:
        raise ValidationError(
            f"У {partner} уже распределено {taken} обучающихся: мест не может быть меньше."
        )
    PeriodQuota.objects.update_or_create(
        period=period, partner=partner, defaults={"places": places}
    )


def previous_period(period):
    """The same practice a year earlier: same kind, module and specialty."""
    return (
        PracticePeriod.objects.filter(
            kind=period.kind,
            module=period.module,
            group__specialty_id=period.group.specialty_id,
            start__lt=period.start,
        )
        .exclude(pk=period.pk)
        .order_by("-start")
        .first()
    )


def copy_previous(period):
    """Start from last year's distribution: the same partners, mentors and workplaces,
    given to this period's unplaced students in alphabetical order, within capacity.

    Returns (placed, skipped) counts.
    """
    source = previous_period(period)
    if source is None:
        raise ValidationError("Нет прошлогодней практики того же вида и модуля для копирования.")
    templates = list(
        Placement.objects.active()
        .filter(period=source)
        .select_related("partner", "mentor")
        .order_by("partner__name", "pk")
    )
    placed_ids = set(
        Placement.objects.active().filter(period=period).values_list("student_id", flat=True)
    )
    students = [
        s
        for s in Student.objects.filter(group=period.group, status=Student.Status.STUDYING)
        if s.pk not in placed_ids
    ]
    placed = skipped = 0
    for student, template in zip(students, templates, strict=False):
        mentor = (
            template.mentor
            if template.mentor and template.mentor.partner_id == template.partner_id
            else None
        )
        try:
            assign(period, student, template.partner, mentor=mentor, workplace=template.workplace)
            placed += 1
        except ValidationError:
            skipped += 1
    return placed, skipped


def progress(period, students=None, placements=None):
    """Counts for a period's progress view. Pass the studying students and the active
    placements a page already holds to count them without another query."""
    if students is None:
        students = Student.objects.filter(group=period.group, status=Student.Status.STUDYING)
    if placements is None:
        placements = (
            Placement.objects.active()
            .filter(period=period)
            .only("status", "mentor_id", "report_status")
        )
    placements = list(placements)
    return {
        "students": len(students) if isinstance(students, list) else students.count(),
        "placed": len(placements),
        "confirmed": sum(p.status != Placement.Status.PLANNED for p in placements),
        "with_mentor": sum(p.mentor_id is not None for p in placements),
        "completed": sum(p.status == Placement.Status.COMPLETED for p in placements),
        "reports_submitted": sum(
            p.report_status != Placement.Report.NOT_SUBMITTED for p in placements
        ),
        "reports_checked": sum(p.report_status == Placement.Report.CHECKED for p in placements),
    }


def mentors_by_partner(partner_ids):
    result = {}
    for contact in Contact.objects.filter(partner_id__in=partner_ids).order_by(
        "-is_mentor", "last_name"
    ):
        result.setdefault(contact.partner_id, []).append(contact)
    return result
