"""Attendance: the mentor marks a day (phone-sized) or looks at a week; staff see a period."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404
from accounts.audit import PersonalDataKind, log_personal_data
from kitek_portal.pagination import paginate

from . import attendance
from .forms import AttendanceMarkForm
from .models import AttendanceMark, Placement, PracticePeriod

PER_PAGE = 40


def _require_employer(user):
    if not user.is_employer:
        raise PermissionDenied("Посещаемость отмечает наставник от организации.")


def _day_from(request, key="date"):
    """The requested day (today by default); a future day is refused with a message."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET.get(key, ""))
    except ValueError:
        return today
    if day > today:
        messages.error(
            request, "Нельзя отметить посещаемость на будущий день: показан сегодняшний."
        )
        return today
    return day


def _mine_only(request, placements):
    return placements.filter(mentor__user=request.user) if request.GET.get("mine") else placements


@login_required
def day(request):
    """The students practising on one day, one tap per student."""
    _require_employer(request.user)
    day = _day_from(request)
    placements = _mine_only(request, attendance.employer_placements(request.user, day))
    context = paginate(request, placements, PER_PAGE)
    page = list(context["page_obj"].object_list)
    marks = attendance.marks_by_placement(page, day, day)
    context.update(
        day=day,
        today=timezone.localdate(),
        previous=day - timedelta(days=1),
        next=day + timedelta(days=1),
        rows=[_row(p, day, marks.get(p.pk, {}).get(day)) for p in page],
        reasons=AttendanceMark.Reason.choices,
        mine=bool(request.GET.get("mine")),
    )
    log_personal_data(
        request, PersonalDataKind.STUDENT_LIST, f"Посещаемость практикантов за {day:%d.%m.%Y}"
    )
    return render(request, "practice/attendance_day.html", context)


def _row(placement, day, mark, error=None, reason=""):
    return {"placement": placement, "day": day, "mark": mark, "error": error, "reason": reason}


@login_required
@require_POST
def mark(request, pk):
    _require_employer(request.user)
    placement = get_for_user_or_404(
        attendance.employer_placements(request.user, date.min, date.max), request.user, pk=pk
    )
    form = AttendanceMarkForm(request.POST)
    error, item, day = None, None, None
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            item = attendance.mark(
                placement,
                day,
                form.cleaned_data["status"],
                form.cleaned_data["reason"],
                request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = "Отметка не сохранена: выберите день и отметку."
    if not request.htmx:
        if error:
            messages.error(request, f"{placement.student}: {error}")
        url = reverse("practice:attendance_day")
        return redirect(f"{url}?date={day.isoformat()}" if day and not error else url)
    if item is None and day is not None:
        item = AttendanceMark.objects.filter(placement=placement, date=day).first()
    row = _row(placement, day or timezone.localdate(), item, error, request.POST.get("reason", ""))
    context = {"row": row, "reasons": AttendanceMark.Reason.choices}
    return render(request, "practice/_attendance_row.html", context)


@login_required
def week(request):
    """A week of the organisation's students: who came, who was late or absent."""
    _require_employer(request.user)
    days = attendance.week_days(_day_from(request))
    placements = _mine_only(
        request, attendance.employer_placements(request.user, days[0], days[-1])
    )
    context = paginate(request, placements, PER_PAGE)
    page = list(context["page_obj"].object_list)
    marks = attendance.marks_by_placement(page, days[0], days[-1])
    context.update(
        days=days,
        rows=attendance.grid_rows(page, days, marks),
        previous=days[0] - timedelta(days=7),
        next=days[0] + timedelta(days=7),
        today=timezone.localdate(),
        mine=bool(request.GET.get("mine")),
    )
    log_personal_data(
        request,
        PersonalDataKind.STUDENT_LIST,
        f"Посещаемость практикантов за неделю с {days[0]:%d.%m.%Y}",
    )
    return render(request, "practice/attendance_week.html", context)


@login_required
def period_grid(request, pk):
    """The attendance of a period: students × days, the gaps highlighted. Staff see every
    student; an employer sees their organisation's."""
    period = get_for_user_or_404(
        PracticePeriod.objects.select_related("group", "module"), request.user, pk=pk
    )
    placements = (
        Placement.objects.for_user(request.user)
        .active()
        .filter(period=period)
        .select_related("student", "partner", "period", "attestation")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    context = paginate(request, placements, PER_PAGE)
    page = list(context["page_obj"].object_list)
    days = attendance.period_days(period)
    marks = attendance.marks_by_placement(page, period.start, period.end)
    rows = attendance.grid_rows(page, days, marks)
    context.update(
        period=period,
        days=days,
        rows=rows,
        truncated=days and days[-1] < period.end,
        totals={key: sum(r[key] for r in rows) for key in ("absent", "late", "gaps")},
    )
    log_personal_data(
        request, PersonalDataKind.STUDENT_LIST, f"Посещаемость: {period}", object=period
    )
    return render(request, "practice/attendance_period.html", context)
