"""The annual plan's items in the daily digest of their responsible people.

The digest itself is built by agreements/ (``agreements.reminders``); the top floor adds what
only it knows, the plan, to the same ``Attention`` before the e-mails are queued, so a
responsible person still gets one digest a day.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.mail import queue_notifications
from agreements import reminders as agreement_reminders
from practice import reminders as practice_reminders

from .models import WorkPlan
from .plan import DUE, OVERDUE, current_school_year, plan_progress, plan_with_items

# A window that ends within this many days is announced.
HORIZON_DAYS = 14


@dataclass
class PlanReminder:
    item: object
    occurrence: object
    days_left: int

    @property
    def overdue(self):
        return self.occurrence.state == OVERDUE


def plan_reminders(today=None):
    """[(item, [PlanReminder])] of the current year's plan: windows not done that are overdue
    or end within ``HORIZON_DAYS``. A fixed number of queries: the plan with its items, their
    responsible users and evidence, then the year's facts (``plan_progress``)."""
    today = today or timezone.localdate()
    plan = plan_with_items(WorkPlan.objects.filter(year=current_school_year(today))).first()
    if plan is None:
        return []
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    result = []
    for entry in plan_progress(plan, today):
        due = [
            PlanReminder(entry.item, occ, (occ.end - today).days)
            for occ in entry.occurrences
            if occ.state == OVERDUE or (occ.state == DUE and occ.end <= horizon)
        ]
        if due:
            result.append((entry.item, due))
    return result


def add_plan_items(attention, today=None):
    """Put each due plan item into the digest of each of its responsible users."""
    for item, due in plan_reminders(today):
        for user in item.responsible.all():
            attention.users.setdefault(user.pk, user)
            attention.plan_items[user.pk].extend(due)
    return attention


def send(today=None):
    """Queue every reminder and digest due today, the plan's items included, and the
    partners' reminders to confirm their students and to mark their attendance; returns
    how many e-mails were queued now. The agreements' constant queries plus the plan's plus
    the placements' three."""
    today = today or timezone.localdate()
    attention = add_plan_items(agreement_reminders.collect(today), today)
    notices = [
        *agreement_reminders.due_emails(attention, today),
        *practice_reminders.partner_reminders(today),
    ]
    return len(queue_notifications(notices))
