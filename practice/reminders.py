"""Reminders to partners: placements proposed by the college and not yet confirmed.

The daily scan (``monitoring.reminders.send``) queues these with every other reminder. One
e-mail per partner, practice period and recipient, keyed by the three, so a partner is
reminded once about a batch of students however often the scan runs.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from accounts.mail import Notice
from accounts.models import User
from accounts.notifications import NotificationKind
from accounts.roles import Role

from .models import Placement

KIND = NotificationKind.PLACEMENT_CONFIRMATION


def confirmation_reminders(today=None):
    """Every reminder due today, unrendered: to the partner's active representatives and
    to the mentor contacts' own accounts. Two queries whatever the number of placements."""
    today = today or timezone.localdate()
    placements = list(
        Placement.objects.awaiting_confirmation(today, settings.PLACEMENT_CONFIRMATION_DAYS)
        .select_related("student", "period__group", "partner", "mentor__user")
        .order_by("period__start", "student__last_name", "student__first_name", "pk")
    )
    batches = defaultdict(list)
    for placement in placements:
        batches[(placement.period_id, placement.partner_id)].append(placement)
    representatives = defaultdict(list)
    for user in User.objects.filter(
        role=Role.EMPLOYER, is_active=True, partner_id__in={p.partner_id for p in placements}
    ).order_by("pk"):
        representatives[user.partner_id].append(user)
    for (period_id, partner_id), items in batches.items():
        recipients = {user.pk: user for user in representatives[partner_id]}
        for placement in items:
            mentor_user = placement.mentor.user if placement.mentor_id else None
            if mentor_user is not None:
                recipients.setdefault(mentor_user.pk, mentor_user)
        for user in recipients.values():
            if not user.wants(KIND):
                continue
            context = {
                "user": user,
                "period": items[0].period,
                "partner": items[0].partner,
                "placements": items,
                "college": settings.COLLEGE_SHORT_NAME,
            }
            key = f"{KIND}:{period_id}:{partner_id}:{user.pk}"
            yield Notice(user, KIND, "placement_confirmation_reminder", context, key)
