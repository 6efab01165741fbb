"""Read-only queries about partners used outside the partner pages."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Interaction

UPCOMING_DAYS = 14


def next_steps_for(user, days=UPCOMING_DAYS):
    """Open next steps the user answers for: overdue first, then due within ``days``.

    A step is the user's if they wrote the entry or are responsible for the partner.
    """
    horizon = timezone.localdate() + timedelta(days=days)
    return (
        Interaction.objects.for_user(user)
        .open_next_steps()
        .filter(Q(author=user) | Q(partner__responsible=user), next_step_due__lte=horizon)
        .select_related("partner")
        .order_by("next_step_due", "pk")
    )
