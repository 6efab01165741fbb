"""Reminders to partners: placements proposed by the college and not yet confirmed, and
students whose attendance nobody has marked for several working days.

The daily scan (``monitoring.reminders.send``) queues these with every other reminder.
A confirmation reminder goes once per partner, practice period and recipient; an attendance
reminder once per partner, period, recipient and week: the keys name them, so the scan may
run as often as it likes.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from accounts.mail import Notice
from accounts.models import User
from accounts.notifications import NotificationKind
from accounts.roles import Role

from .models import AttendanceMark, Placement

KIND = NotificationKind.PLACEMENT_CONFIRMATION
ATTENDANCE_KIND = NotificationKind.ATTENDANCE_REMINDER
#: A partner is reminded when this many working days in a row passed without a mark.
ATTENDANCE_GAP_DAYS = 3


def last_working_days(today, count=ATTENDANCE_GAP_DAYS):
    """The ``count`` working days (Monday to Saturday, as the practice) before today,
    latest first. Today is left out: the mentor may still mark it."""
    days, day = [], today - timedelta(days=1)
    while len(days) < count:
        if day.isoweekday() != 7:
            days.append(day)
        day -= timedelta(days=1)
    return days


def awaiting_confirmation(today):
    return list(
        Placement.objects.awaiting_confirmation(today, settings.PLACEMENT_CONFIRMATION_DAYS)
        .select_related("student", "period__group", "partner", "mentor__user")
        .order_by("period__start", "student__last_name", "student__first_name", "pk")
    )


def unmarked_attendance(today):
    """Confirmed placements under way through the last ``ATTENDANCE_GAP_DAYS`` working days
    without a single mark on any of them, each with the day of its latest mark
    (``last_marked``, None if never marked). One query."""
    window = last_working_days(today)
    marks = AttendanceMark.objects.filter(placement=OuterRef("pk"))
    return list(
        Placement.objects.filter(
            status__in=[Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS],
            period__start__lte=window[-1],
            period__end__gte=window[0],
        )
        .filter(~Exists(marks.filter(date__in=window)))
        .annotate(last_marked=Subquery(marks.order_by("-date").values("date")[:1]))
        .select_related("student", "period__group", "partner", "mentor__user")
        .order_by("period__start", "student__last_name", "student__first_name", "pk")
    )


def _representatives(partner_ids):
    """{partner_id: [its active employer users]}: one query (none for no partners)."""
    result = defaultdict(list)
    for user in User.objects.filter(
        role=Role.EMPLOYER, is_active=True, partner_id__in=partner_ids
    ).order_by("pk"):
        result[user.partner_id].append(user)
    return result


def _batched(placements, representatives):
    """[(period, partner, placements, recipients)] per practice period and partner: the
    partner's representatives and the mentor contacts' own accounts."""
    batches = defaultdict(list)
    for placement in placements:
        batches[(placement.period_id, placement.partner_id)].append(placement)
    for (_, partner_id), items in batches.items():
        recipients = {user.pk: user for user in representatives[partner_id]}
        for placement in items:
            mentor_user = placement.mentor.user if placement.mentor_id else None
            if mentor_user is not None and mentor_user.is_active:
                recipients.setdefault(mentor_user.pk, mentor_user)
        yield items[0].period, items[0].partner, items, list(recipients.values())


def _confirmation_notices(placements, representatives):
    for period, partner, items, recipients in _batched(placements, representatives):
        for user in recipients:
            if not user.wants(KIND):
                continue
            context = {
                "user": user,
                "period": period,
                "partner": partner,
                "placements": items,
                "college": settings.COLLEGE_SHORT_NAME,
            }
            key = f"{KIND}:{period.pk}:{partner.pk}:{user.pk}"
            yield Notice(user, KIND, "placement_confirmation_reminder", context, key)


def _attendance_notices(placements, representatives, today):
    year, week, _ = today.isocalendar()
    for period, partner, items, recipients in _batched(placements, representatives):
        for user in recipients:
            if not user.wants(ATTENDANCE_KIND):
                continue
            context = {
                "user": user,
                "period": period,
                "partner": partner,
                "placements": items,
                "days": ATTENDANCE_GAP_DAYS,
                "college": settings.COLLEGE_SHORT_NAME,
            }
            key = f"{ATTENDANCE_KIND}:{period.pk}:{partner.pk}:{user.pk}:{year}-{week:02d}"
            yield Notice(user, ATTENDANCE_KIND, "attendance_reminder", context, key)


def partner_reminders(today=None):
    """Both kinds of reminder due today, unrendered, for the daily scan: three queries
    whatever the number of placements (the partners' users are fetched once for both)."""
    today = today or timezone.localdate()
    awaiting, unmarked = awaiting_confirmation(today), unmarked_attendance(today)
    representatives = _representatives({p.partner_id for p in awaiting + unmarked})
    return [
        *_confirmation_notices(awaiting, representatives),
        *_attendance_notices(unmarked, representatives, today),
    ]
