"""What needs attention, and the e-mails that say so.

``collect`` finds everything due in a constant number of queries, whatever the
number of agreements; ``send`` queues one e-mail per event and recipient with a
unique key, so running it twice (or a retried task) sends nothing twice, and an
event missed while Redis was down is still due on the next run. A re-run renders
nothing: the keys already queued are read in one query and skipped.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from accounts.mail import Notice, queue_notifications
from accounts.models import User
from accounts.notifications import NotificationKind
from accounts.roles import Role
from partners.models import Interaction
from practice.models import Placement, Specialty

from .models import Agreement
from .services import without_agreement

THRESHOLDS = (7, 30, 60)
PLACEMENT_HORIZON = 14


class Kind:
    EXPIRING = NotificationKind.AGREEMENT_EXPIRING
    EXPIRED = NotificationKind.AGREEMENT_EXPIRED
    DIGEST = NotificationKind.DAILY_DIGEST
    PLAN_ITEMS = NotificationKind.PLAN_ITEMS

    CHOICES = [
        (kind, NotificationKind(kind).label) for kind in (EXPIRING, EXPIRED, DIGEST, PLAN_ITEMS)
    ]


@dataclass
class Attention:
    """Everything due today, by recipient."""

    expiring: dict = field(default_factory=lambda: defaultdict(list))  # user -> [(agr, days)]
    expired: dict = field(default_factory=lambda: defaultdict(list))  # user -> [agreement]
    unsecured: dict = field(default_factory=lambda: defaultdict(list))  # user -> [placement]
    overdue_steps: dict = field(default_factory=lambda: defaultdict(list))  # user -> [step]
    # Filled by the top floor (monitoring/ adds the annual plan's items); agreements/ only
    # renders them, it never imports monitoring/.
    plan_items: dict = field(default_factory=lambda: defaultdict(list))  # user -> [reminder]
    users: dict = field(default_factory=dict)


def collect(today=None):
    today = today or timezone.localdate()
    attention = Attention()
    heads = list(
        User.objects.filter(role=Role.PRACTICE_HEAD, is_active=True).prefetch_related(
            Prefetch("specialties", queryset=Specialty.objects.only("pk"))
        )
    )
    heads_by_specialty = defaultdict(set)
    for head in heads:
        attention.users[head.pk] = head
        for specialty in head.specialties.all():
            heads_by_specialty[specialty.pk].add(head.pk)

    def recipients(responsible, specialty_ids):
        ids = (
            set().union(*(heads_by_specialty[s] for s in specialty_ids)) if specialty_ids else set()
        )
        if responsible is not None:
            attention.users[responsible.pk] = responsible
            ids.add(responsible.pk)
        return ids

    agreements = list(
        Agreement.objects.filter(
            status__in=[*Agreement.VALID_STATUSES, Agreement.Status.EXPIRED],
            valid_to__lte=today + timedelta(days=max(THRESHOLDS)),
            valid_to__gte=today - timedelta(days=30),
        )
        .select_related("partner", "responsible")
        .prefetch_related(Prefetch("specialties", queryset=Specialty.objects.only("pk")))
    )
    renewed = set(Agreement.objects.valid_on(today).values_list("partner_id", "kind"))
    for agreement in agreements:
        people = recipients(agreement.responsible, [s.pk for s in agreement.specialties.all()])
        days = (agreement.valid_to - today).days
        if agreement.status == Agreement.Status.EXPIRED or days < 0:
            if (agreement.partner_id, agreement.kind) not in renewed:
                for user_id in people:
                    attention.expired[user_id].append(agreement)
        elif not agreement.auto_prolongation:
            for user_id in people:
                attention.expiring[user_id].append((agreement, days))

    placements = list(
        Placement.objects.active()
        .filter(period__start__gte=today, period__start__lte=today + timedelta(PLACEMENT_HORIZON))
        .select_related("student__group", "period", "partner", "supervisor")
    )
    for placement in without_agreement(placements):
        for user_id in recipients(placement.supervisor, [placement.student.group.specialty_id]):
            attention.unsecured[user_id].append(placement)

    for step in (
        Interaction.objects.open_next_steps()
        .filter(next_step_due__lt=today)
        .select_related("partner", "author")
    ):
        if step.author_id:
            attention.users[step.author_id] = step.author
            attention.overdue_steps[step.author_id].append(step)
    return attention


def send(today=None):
    """Queue every due reminder; returns how many messages were queued now.

    A constant number of queries whatever the number of agreements: ``collect``,
    then one query for the keys already queued and one INSERT of the new e-mails.
    """
    today = today or timezone.localdate()
    return len(queue_notifications(due_emails(collect(today), today)))


def due_emails(attention, today):
    """Every notice due today, unrendered, with its key; each user's channels are applied
    when it is queued (``queue_notifications``)."""
    for user_id, items in attention.expiring.items():
        user = attention.users[user_id]
        if not user.wants(Kind.EXPIRING):
            continue
        for agreement, days in items:
            threshold = min(t for t in THRESHOLDS if days <= t)
            key = f"{Kind.EXPIRING}:{agreement.pk}:{agreement.valid_to}:{threshold}:{user_id}"
            context = {"user": user, "agreement": agreement, "days": days}
            yield Notice(user, Kind.EXPIRING, "agreement_expiring", context, key)
    for user_id, agreements in attention.expired.items():
        user = attention.users[user_id]
        if not user.wants(Kind.EXPIRED):
            continue
        for agreement in agreements:
            key = f"{Kind.EXPIRED}:{agreement.pk}:{agreement.valid_to}:{user_id}"
            context = {"user": user, "agreement": agreement}
            yield Notice(user, Kind.EXPIRED, "agreement_expired", context, key)
    plan_items = {
        user_id: items
        for user_id, items in attention.plan_items.items()
        if items and attention.users[user_id].wants(Kind.PLAN_ITEMS)
    }
    digest_users = (
        set(attention.expiring)
        | set(attention.expired)
        | set(attention.unsecured)
        | set(attention.overdue_steps)
        | set(plan_items)
    )
    for user_id in digest_users:
        user = attention.users[user_id]
        if not user.wants(Kind.DIGEST):
            continue
        context = {
            "user": user,
            "today": today,
            "expiring": attention.expiring.get(user_id, []),
            "expired": attention.expired.get(user_id, []),
            "unsecured": attention.unsecured.get(user_id, []),
            "overdue_steps": attention.overdue_steps.get(user_id, []),
            "plan_items": plan_items.get(user_id, []),
        }
        key = f"{Kind.DIGEST}:{user_id}:{today}"
        yield Notice(user, Kind.DIGEST, "daily_digest", context, key)
