"""Placing students: the rules of capacity, overlap and mentors, in one place."""

import hashlib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.mail import Notice, queue_notifications
from accounts.models import User
from accounts.notifications import NotificationKind
from accounts.roles import Role
from partners.contacts import save_contact
from partners.models import Contact, Partner

from .models import PeriodQuota, Placement, PracticePeriod, Student


def capacities(period, partner_ids=None, partners=None, quotas=None):
    """{partner_id: places or None (not limited)} for a period.

    A quota set for the period wins; then the quota for the group's specialty in
    the agreement in force on the practice dates; then the places the partner
    offers per year; a partner that stated no number is not limited.

    A page that already holds the partners (``partners``: the Partner objects) and
    every quota of the period (``quotas``) passes them to save two queries.
    """
    from agreements.services import agreement_quotas

    if partners is None:
        partners = Partner.objects.all()
        if partner_ids is not None:
            partners = partners.filter(pk__in=partner_ids)
        partners = partners.only("pk", "places_per_year")
    result = {p.pk: (p.places_per_year or None) for p in partners}
    specialty_id = period.group.specialty_id
    result.update(agreement_quotas(list(result), specialty_id, period.start, period.end))
    if quotas is None:
        quotas = PeriodQuota.objects.filter(period=period)
        if partner_ids is not None:
            quotas = quotas.filter(partner_id__in=partner_ids)
    elif partner_ids is not None:
        wanted = set(partner_ids)
        quotas = [q for q in quotas if q.partner_id in wanted]
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
            if placement.status == Placement.Status.CONFIRMED:
                # Another partner: proposed to it afresh, the old partner's answer is void.
                placement.status = Placement.Status.PLANNED
                placement.confirmed_at = placement.confirmed_by = None
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


def change_status(placement, new_status, user=None):
    """Move a placement along ``Placement.TRANSITIONS``. A proposed placement becomes
    confirmed only through ``confirm`` (``user`` is who confirms), so a confirmation is
    never recorded without who and when."""
    if new_status == placement.status:
        return placement
    if new_status not in Placement.TRANSITIONS[placement.status]:
        raise ValidationError(
            f"Нельзя перевести распределение из «{placement.get_status_display()}» "
            f"в «{Placement.Status(new_status).label}»."
        )
    if placement.status == Placement.Status.PLANNED and new_status == Placement.Status.CONFIRMED:
        if user is None:
            raise ValueError("A confirmation needs the user who records it.")
        (confirmed,) = confirm([placement], user, placement.mentor)
        placement.status, placement.mentor = confirmed.status, confirmed.mentor
        placement.confirmed_at, placement.confirmed_by = confirmed.confirmed_at, user
        return placement
    if new_status == Placement.Status.PLANNED:  # a cancelled one restored, or unconfirmed
        with transaction.atomic():
            if placement.status == Placement.Status.CANCELLED:
                # Only a restored placement takes a place again; an unconfirmed one has it.
                _check_overlap(placement.student, placement.period)
                _check_capacity(placement.period, placement.partner, placement.student)
            placement.status = new_status
            # Proposed again: the partner's earlier answer no longer stands.
            placement.confirmed_at = placement.confirmed_by = None
            placement.declined_at = placement.declined_by = None
            placement.decline_reason = ""
            placement.save(
                update_fields=[
                    "status",
                    "confirmed_at",
                    "confirmed_by",
                    "declined_at",
                    "declined_by",
                    "decline_reason",
                ]
            )
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


# --- the partner's answer to a proposed placement ---------------------------------------


def _lock_proposed(placements, user, verb):
    """The placements locked for update, each checked to be the user's and still proposed."""
    locked = list(
        Placement.objects.select_for_update(of=("self",))
        .select_related("student", "partner", "period__group")
        .filter(pk__in=[p.pk for p in placements])
        .order_by("pk")
    )
    for placement in locked:
        if user.is_employer and placement.partner_id != user.partner_id:
            raise ValidationError(f"{placement.student} проходит практику не в вашей организации.")
        if placement.status != Placement.Status.PLANNED:
            raise ValidationError(
                f"Распределение {placement.student} нельзя {verb}: оно уже "
                f"«{placement.get_status_display().lower()}»."
            )
    return locked


def confirm(placements, user, mentor, workplace=""):
    """The partner confirms proposed placements with a mentor (one of its contacts, or a new
    contact saved here as a mentor) and, optionally, a workplace. The rows are locked, so a
    placement confirmed or declined meanwhile by a colleague is refused, not answered twice.
    The practice heads and supervisors are notified once. Returns the placements.

    A member of the college staff may record the partner's answer given by phone («со слов
    партнёра»): the mentor is then optional (the placement keeps the one it has), the staff
    user is recorded as who confirmed, and nobody is notified: the staff know already."""
    if not placements:
        raise ValidationError("Отметьте хотя бы одного практиканта.")
    on_behalf = not user.is_employer
    if mentor is None and not on_behalf:
        raise ValidationError("Выберите наставника из списка или добавьте нового.")
    with transaction.atomic():
        locked = _lock_proposed(placements, user, "подтвердить")
        partner_ids = {p.partner_id for p in locked}
        if mentor is not None:
            if mentor.partner_id not in partner_ids or len(partner_ids) > 1:
                raise ValidationError(f"Наставник {mentor} работает в другой организации.")
            if mentor.pk is None:
                mentor.is_mentor = True
                save_contact(mentor)
            elif not mentor.is_mentor:
                mentor.is_mentor = True
                mentor.save(update_fields=["is_mentor"])
        now = timezone.now()
        who = user.full_name or user.username
        for placement in locked:
            placement.status = Placement.Status.CONFIRMED
            placement.mentor = mentor or placement.mentor
            placement.workplace = workplace or placement.workplace
            placement.confirmed_at, placement.confirmed_by = now, user
            placement._change_reason = (
                f"Подтверждено со слов партнёра: {who}"
                if on_behalf
                else f"Подтверждено партнёром: {who}"
            )[:100]
            placement.save(
                update_fields=["status", "mentor", "workplace", "confirmed_at", "confirmed_by"]
            )
        if not on_behalf:
            _notify_staff(locked, "placement_confirmed", user)
    return locked


def decline(placement, user, reason):
    """The partner declines a proposed placement: it is cancelled with the reason, so the
    place is free and the head can place the student elsewhere; the heads are notified."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Укажите причину отказа: без неё колледжу трудно подобрать замену.")
    with transaction.atomic():
        (placement,) = _lock_proposed([placement], user, "отклонить")
        placement.status = Placement.Status.CANCELLED
        placement.declined_at, placement.declined_by = timezone.now(), user
        placement.decline_reason = reason
        placement._change_reason = f"Отклонено партнёром: {reason}"[:100]
        placement.save(update_fields=["status", "declined_at", "declined_by", "decline_reason"])
        _notify_staff([placement], "placement_declined", user)
    return placement


def staff_to_notify(placements):
    """{user: [placements]}: each period's supervisors and the practice heads responsible for
    the group's specialty, active and with an e-mail. Two queries whatever the batch."""
    period_ids = {p.period_id for p in placements}
    specialty_ids = {p.period.group.specialty_id for p in placements}
    users, by_period, by_specialty = {}, defaultdict(set), defaultdict(set)
    for row in PracticePeriod.supervisors.through.objects.filter(
        practiceperiod_id__in=period_ids, user__is_active=True
    ).select_related("user"):
        users[row.user_id] = row.user
        by_period[row.practiceperiod_id].add(row.user_id)
    for row in User.specialties.through.objects.filter(
        specialty_id__in=specialty_ids, user__role=Role.PRACTICE_HEAD, user__is_active=True
    ).select_related("user"):
        users[row.user_id] = row.user
        by_specialty[row.specialty_id].add(row.user_id)
    result = defaultdict(list)
    for placement in placements:
        ids = by_period[placement.period_id] | by_specialty[placement.period.group.specialty_id]
        for user_id in sorted(ids):
            if users[user_id].email:
                result[users[user_id]].append(placement)
    return result


def _notify_staff(placements, template, by):
    """One notification per recipient for one answer of the partner; its key names the answer
    (the placements and the moment), so it is queued once however often this runs."""
    notices = []
    for user, items in staff_to_notify(placements).items():
        answer = ",".join(f"{p.pk}@{(p.confirmed_at or p.declined_at).isoformat()}" for p in items)
        digest = hashlib.sha256(answer.encode()).hexdigest()[:20]
        context = {"user": user, "placements": items, "partner": items[0].partner, "by": by}
        key = f"{template}:{user.pk}:{digest}"
        notices.append(Notice(user, NotificationKind.PLACEMENT_ANSWER, template, context, key))
    queue_notifications(notices)
