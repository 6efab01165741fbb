"""Meetings in a user's calendar feed (assembled with the other apps' events in monitoring)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Meeting
from .services import event_fields


def calendar_events(user, first_day, last_day):
    """Plain event dicts for the meetings the user takes part in, within the days given.

    An employer gets the meetings their organisation is invited to; college staff those
    they organise or are invited to by name. One query.
    """
    meetings = Meeting.objects.for_user(user).filter(
        starts_at__gte=_midnight(first_day), starts_at__lt=_midnight(last_day + _DAY)
    )
    if user.is_college_staff:
        meetings = meetings.filter(Q(organizer=user) | Q(invitations__user=user)).distinct()
    events = []
    for meeting in meetings.order_by("starts_at", "pk"):
        fields = event_fields(meeting)
        events.append(
            {
                **fields,
                # Not the invitation's UID: the e-mailed .ics and the feed are two calendars.
                "uid": f"meeting-{meeting.uid}@kitek-practice",
                "url": reverse("meetings:detail", args=[meeting.pk]),
            }
        )
    return events


_DAY = datetime.timedelta(days=1)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
