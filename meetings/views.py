from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager, require_staff
from kitek_portal.pagination import paginate
from kitek_portal.pdf import pdf_response

from . import services
from .forms import (
    AgendaForms,
    DecisionForms,
    InviteForm,
    MeetingForm,
    MinutesForm,
    NewMeetingForm,
    RecommendationForm,
    ReplyForm,
)
from .models import Decision, Invitation, Meeting, Recommendation

MEETINGS_PER_PAGE = 25


@login_required
def meeting_list(request):
    """Upcoming meetings (soonest first) or past ones (latest first), a page at a time."""
    meetings = Meeting.objects.for_user(request.user).select_related("organizer")
    now = timezone.now()
    past = request.GET.get("when") == "past"
    meetings = (
        meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        if past
        else meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "past": past,
        "meetings": page.object_list,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query": "when=past" if past else "",
    }
    return render(request, "meetings/list.html", context)


@login_required
def meeting_create(request):
    require_manager(request.user)
    form = NewMeetingForm(request.POST or None, initial={"chair": request.user})
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.organizer = request.user
        data = form.cleaned_data
        with transaction.atomic():
            if data["repeat"]:
                meetings = services.create_series(template, data["repeat"], data["repeat_until"])
            else:
                template.save()
                meetings = [template]
            for meeting in meetings:
                services.invite(meeting, data["partners"], data["staff"], data["contacts"])
                if data["send_now"]:
                    services.send_invitations(meeting)
        messages.success(request, f"Запланировано встреч: {len(meetings)}.")
        return redirect(meetings[0])
    return render(request, "meetings/form.html", {"form": form})


@login_required
def meeting_edit(request, pk):
    require_manager(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        if not form.changed_data:
            messages.info(request, "Изменений нет: приглашения не отправлялись.")
            return redirect(meeting)
        try:
            changes = {f: form.cleaned_data[f] for f in form.changed_data}
            sent = services.reschedule(meeting, **changes)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Сохранено. Обновлённые приглашения: {sent}.")
        return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request, pk):
    meeting = get_for_user_or_404(
        Meeting.objects.select_related("organizer", "chair", "secretary"), request.user, pk=pk
    )
    user = request.user
    invitations = Invitation.objects.for_user(user).filter(meeting=meeting)
    context = {
        "meeting": meeting,
        "invitations": invitations.select_related("partner"),
        "agenda": meeting.agenda.all(),
        "recommendations": Recommendation.objects.for_user(user)
        .filter(meeting=meeting)
        .select_related("partner", "responsible"),
        "can_manage": user.can_manage,
    }
    if user.is_college_staff:
        context["decisions"] = meeting.decisions.select_related("responsible")
        context["recommendation_form"] = RecommendationForm(meeting=meeting)
        context["attendance_choices"] = Invitation.Attendance.choices
        context["invite_form"] = InviteForm()
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def meeting_action(request, pk, action):
    """Cancel, mark held, approve minutes, open a new edition."""
    require_manager(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    actions = {
        "cancel": lambda: services.cancel(meeting, request.POST.get("reason", "")),
        "held": lambda: services.mark_held(meeting),
        "approve": lambda: services.approve_minutes(meeting, request.user),
        "new-version": lambda: services.new_minutes_version(meeting),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
        messages.success(request, "Готово.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(meeting)


@login_required
@require_POST
def invite_more(request, pk):
    require_manager(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    form = InviteForm(request.POST)
    if meeting.status != Meeting.Status.PLANNED or not form.is_valid():
        messages.error(request, "Пригласить можно только на запланированную встречу.")
        return redirect(meeting)
    data = form.cleaned_data
    added = services.invite(meeting, data["partners"], data["staff"], data["contacts"])
    services.send_invitations(meeting)
    messages.success(request, f"Приглашено ещё: {len(added)}.")
    return redirect(meeting)


@login_required
@require_POST
def attendance(request, pk):
    require_staff(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    allowed = set(Invitation.Attendance.values)
    for invitation in meeting.invitations.all():
        value = request.POST.get(f"attendance-{invitation.pk}")
        if value in allowed and value != invitation.attendance:
            invitation.attendance = value
            invitation.save(update_fields=["attendance"])
    messages.success(request, "Присутствие сохранено.")
    return redirect(meeting)


@login_required
def minutes_edit(request, pk):
    require_staff(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    try:
        services.ensure_editable(meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(meeting)
    data = request.POST or None
    form = MinutesForm(data, instance=meeting)
    agenda = AgendaForms(data, instance=meeting, prefix="agenda")
    decisions = DecisionForms(data, instance=meeting, prefix="decisions")
    if request.method == "POST" and all(f.is_valid() for f in (form, agenda, decisions)):
        with transaction.atomic():
            form.save()
            agenda.save()
            decisions.save()
        messages.success(request, "Протокол сохранён.")
        return redirect(meeting)
    context = {"meeting": meeting, "form": form, "agenda": agenda, "decisions": decisions}
    return render(request, "meetings/minutes_form.html", context)


@login_required
def minutes_pdf(request, pk):
    require_staff(request.user)
    meeting = get_for_user_or_404(
        Meeting.objects.select_related("chair", "secretary"), request.user, pk=pk
    )
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.all(),
        "decisions": meeting.decisions.select_related("responsible"),
        "present": meeting.invitations.filter(
            attendance__in=["in_person", "online"]
        ).select_related("partner"),
    }
    number = meeting.minutes_number or meeting.pk
    return pdf_response("meetings/pdf/minutes.html", context, f"protokol-{number}.pdf", request)


@login_required
@require_POST
def recommendation_create(request, pk):
    require_staff(request.user)
    meeting = get_for_user_or_404(Meeting, request.user, pk=pk)
    form = RecommendationForm(request.POST, meeting=meeting)
    if form.is_valid():
        form.instance.meeting = meeting
        form.save()
        messages.success(request, "Рекомендация записана.")
    else:
        messages.error(request, "Рекомендация не сохранена: укажите работодателя и текст.")
    return redirect(meeting)


@login_required
@require_POST
def recommendation_status(request, pk):
    require_manager(request.user)
    recommendation = get_for_user_or_404(Recommendation, request.user, pk=pk)
    try:
        services.change_recommendation(
            recommendation, request.POST.get("status", ""), request.POST.get("reason", "")
        )
        messages.success(request, f"Рекомендация: {recommendation.get_status_display()}.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect(recommendation.get_absolute_url())


@login_required
def recommendation_list(request):
    """Every employers' recommendation, from meetings and from elsewhere, by status."""
    require_staff(request.user)
    status = request.GET.get("status", "open")
    recommendations = Recommendation.objects.for_user(request.user).select_related(
        "partner", "meeting", "responsible"
    )
    if status == "open":
        recommendations = recommendations.open()
    elif status in Recommendation.Status.values:
        recommendations = recommendations.filter(status=status)
    context = paginate(request, recommendations.order_by("-created_at", "-pk"), 25)
    context.update(
        recommendations=context["page_obj"].object_list,
        status=status,
        statuses=[("open", "Открытые"), *Recommendation.Status.choices, ("all", "Все")],
        can_manage=request.user.can_manage,
    )
    return render(request, "meetings/recommendation_list.html", context)


@login_required
@require_POST
def decision_done(request, pk):
    require_staff(request.user)
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    Decision.objects.filter(pk=decision.pk, done_at__isnull=True).update(done_at=timezone.now())
    messages.success(request, "Решение отмечено выполненным.")
    return redirect(decision.meeting)


def reply(request, token):
    """The invitee's answer, from the e-mail, in one click and without logging in.

    The link in the e-mail carries the answer, so opening it records it; the page
    then offers to add a comment or change the answer.
    """
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "meetings/reply.html", {"error": error.messages[0]}, status=400)
    data = request.POST or None
    if data is None and request.GET.get("answer"):
        data = {"answer": request.GET["answer"], "comment": invitation.comment}
    form = ReplyForm(data, initial={"answer": invitation.reply, "comment": invitation.comment})
    done = False
    if data is not None and form.is_valid():
        try:
            answer, comment = form.cleaned_data["answer"], form.cleaned_data["comment"]
            services.record_reply(invitation, answer, comment)
            done = True
        except ValidationError as error:
            form.add_error("answer", error.messages[0])
    context = {"invitation": invitation, "form": form, "done": done}
    return render(request, "meetings/reply.html", context)
