"""Practice dates in a user's calendar feed (assembled with the other apps' events in monitoring).

Events name groups, never students: a subscribed calendar lives on Google's or Yandex's
servers, and students' names are personal data.
"""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import ControlPoint, Placement, PracticePeriod

_DAY = datetime.timedelta(days=1)


def calendar_periods(user, first_day, last_day):
    """The periods whose dates concern the user, with their control points: two queries.

    Staff: periods they supervise (the whole period or a student's placement) or of the
    specialties they look after. Employer: periods with their organisation's placements,
    with ``unconfirmed`` = how many of those are still only planned.
    """
    in_window = Q(start__lte=last_day, end__gte=first_day) | Q(
        report_deadline__gte=first_day, report_deadline__lte=last_day
    )
    periods = PracticePeriod.objects.for_user(user).filter(in_window)
    if user.is_college_staff:
        periods = periods.filter(
            Q(supervisors=user)
            | Q(placements__supervisor=user)
            | Q(group__specialty__in=user.specialties.all())
        ).distinct()
    elif user.is_employer:
        planned = (
            Placement.objects.filter(
                period=OuterRef("pk"),
                partner_id=user.partner_id,
                status=Placement.Status.PLANNED,
            )
            .order_by()
            .values("period")
            .annotate(n=Count("pk"))
            .values("n")
        )
        periods = periods.annotate(unconfirmed=Coalesce(Subquery(planned), 0))
    points = ControlPoint.objects.filter(date__gte=first_day, date__lte=last_day)
    return (
        periods.select_related("group", "module")
        .prefetch_related(Prefetch("control_points", queryset=points))
        .order_by("start", "pk")
    )


def calendar_events(user, first_day, last_day):
    """Plain event dicts: the periods (all day), their control points, report deadlines and,
    for an employer, the placements still to confirm."""
    events = []
    staff, my_students = user.is_college_staff, reverse("practice:my_students")
    for period in calendar_periods(user, first_day, last_day):
        url = reverse("practice:period_detail", args=[period.pk]) if staff else my_students
        title = _title(period)
        group = f"группа {period.group.name}"
        if period.start <= last_day and period.end >= first_day:
            events.append(
                _all_day(
                    f"period-{period.pk}",
                    f"{title}, {group}",
                    period.start,
                    period.end,
                    url,
                    f"{period} ({period.hours} ч.)",
                )
            )
        for point in period.control_points.all():
            events.append(
                _all_day(
                    f"control-point-{point.pk}",
                    f"{point.get_kind_display()}: {title}, {group}",
                    point.date,
                    point.date,
                    url,
                    point.description,
                )
            )
        if period.report_deadline and first_day <= period.report_deadline <= last_day:
            events.append(
                _all_day(
                    f"report-deadline-{period.pk}",
                    f"Срок сдачи отчётов: {title}, {group}",
                    period.report_deadline,
                    period.report_deadline,
                    url,
                    str(period),
                )
            )
        confirm_on = period.start - _DAY
        if getattr(period, "unconfirmed", 0) and first_day <= confirm_on <= last_day:
            events.append(
                _all_day(
                    f"confirm-placements-{period.pk}-partner-{user.partner_id}",
                    f"Подтвердить распределение до {period.start:%d.%m.%Y}: "
                    f"{period.unconfirmed} обуч., {group}",
                    confirm_on,
                    confirm_on,
                    url,
                    f"{title}, {period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}. "
                    "Подтвердите распределение обучающихся на портале.",
                )
            )
    return events


def _title(period):
    module = f" {period.module.code}" if period.module_id else ""
    return f"{period.get_kind_display()} практика{module}"


def _all_day(key, summary, first, last, url, description=""):
    # DTEND of an all-day event is the day after the last one (RFC 5545).
    return {
        "uid": f"{key}@kitek-practice",
        "summary": summary,
        "start": first,
        "end": last + _DAY,
        "description": description,
        "url": url,
    }
