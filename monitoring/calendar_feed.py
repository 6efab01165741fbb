"""A user's calendar feed: one iCalendar file that Google, Yandex or Outlook subscribes to.

Each app gives its own events as plain dicts (``meetings.calendar``, ``practice.calendar``,
plan items here); this top floor assembles them and writes the file. Every query goes
through ``for_user``, so a feed holds exactly what its owner may see on the portal, and
the whole feed costs a constant number of queries.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from meetings import calendar as meeting_calendar
from practice import calendar as practice_calendar

from .models import PlanItem
from .plan import current_school_year, occurrences_of

#: The feed covers the recent past (so a calendar keeps last term) and the year ahead.
DAYS_BEFORE = 90
DAYS_AHEAD = 365


def feed_window(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DAYS_BEFORE), today + datetime.timedelta(days=DAYS_AHEAD)


def plan_item_events(user, first_day, last_day):
    """Each window of the annual plan items the user is responsible for, as an all-day event
    on its last day (the deadline). One query."""
    years = range(current_school_year(first_day) - 1, current_school_year(last_day) + 1)
    items = (
        PlanItem.objects.for_user(user)
        .filter(responsible=user, plan__year__in=list(years))
        .select_related("plan")
        .order_by("plan__year", "section", "position", "pk")
    )
    events = []
    for item in items:
        for occurrence in occurrences_of(item, item.plan.year):
            if not first_day <= occurrence.end <= last_day:
                continue
            content = " ".join(item.content.split())
            short = content if len(content) <= 80 else content[:79] + "…"
            description = [
                content,
                f"Срок: {occurrence.label} "
                f"({occurrence.start:%d.%m.%Y}–{occurrence.end:%d.%m.%Y}).",
            ]
            if item.expected_result:
                description.append(f"Ожидаемый результат: {item.expected_result}")
            events.append(
                {
                    "uid": f"plan-item-{item.pk}-{occurrence.end:%Y%m%d}@kitek-practice",
                    "summary": f"План: {short}",
                    "start": occurrence.end,
                    "end": occurrence.end + datetime.timedelta(days=1),
                    "description": "\n".join(description),
                    "url": item.get_absolute_url(),
                }
            )
    return events


def events_for(user, today=None):
    first_day, last_day = feed_window(today)
    events = [
        *meeting_calendar.calendar_events(user, first_day, last_day),
        *practice_calendar.calendar_events(user, first_day, last_day),
    ]
    if user.is_college_staff:
        events += plan_item_events(user, first_day, last_day)
    return events


def feed_for(user, today=None):
    """The iCalendar file (bytes) of the user's feed."""
    cal = Calendar()
    cal.add("prodid", "-//KITEK Practice Portal//ru")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{settings.COLLEGE_SHORT_NAME}: практика")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # How often a client should come back for changes (Outlook and Apple honour it).
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for fields in events_for(user, today):
        cal.add_component(_event(fields, stamp))
    return cal.to_ical()


def _event(fields, stamp):
    event = Event()
    event.add("uid", fields["uid"])
    event.add("dtstamp", stamp)
    # Dates stay dates (all-day events); times are written in UTC, which every client reads.
    start, end = fields["start"], fields["end"]
    if isinstance(start, datetime.datetime):
        start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", fields["summary"])
    for key in ("location", "description", "status"):
        if fields.get(key):
            event.add(key, fields[key])
    if fields.get("sequence"):
        event.add("sequence", fields["sequence"])
    if fields.get("url"):
        event.add("url", settings.SITE_URL + fields["url"])
    if not isinstance(start, datetime.datetime):
        event.add("transp", "TRANSPARENT")  # a whole-day date does not make the user busy
    return event


def feed_path(user):
    return reverse("monitoring:calendar_feed", args=[user.ensure_calendar_token()])
