from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager
from accounts.notifications import telegram_enabled
from kitek_portal.pagination import paginate
from practice.models import Specialty

from . import services
from .forms import AnnouncementForm, SpecialtyChatForm
from .models import Announcement, AnnouncementRead, SpecialtyChat

PER_PAGE = 20


def _manager_only(user):
    """College pages: an employer does not learn they exist (404), a teacher gets 403."""
    if user.is_employer:
        raise Http404
    require_manager(user)


@login_required
def announcement_list(request):
    announcements = (
        Announcement.objects.for_user(request.user)
        .with_read(request.user)
        .select_related("specialty", "sector", "author")
    )
    context = paginate(request, announcements, PER_PAGE)
    context["announcements"] = context["page_obj"].object_list
    return render(request, "announcements/list.html", context)


@login_required
def announcement_detail(request, pk):
    announcement = get_for_user_or_404(
        Announcement.objects.select_related("specialty", "sector", "author"), request.user, pk=pk
    )
    if request.user.is_employer:
        AnnouncementRead.objects.get_or_create(announcement=announcement, user=request.user)
    context = {"announcement": announcement, "recipients": None}
    if request.user.is_college_staff and announcement.is_published:
        context["recipients"] = services.recipients(announcement).count()
    return render(request, "announcements/detail.html", context)


@login_required
def announcement_create(request):
    _manager_only(request.user)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement = form.save(commit=False)
        announcement.author = request.user
        announcement.save()
        messages.success(request, "Черновик сохранён. Проверьте его и опубликуйте.")
        return redirect(announcement)
    return render(request, "announcements/form.html", {"form": form})


@login_required
def announcement_edit(request, pk):
    _manager_only(request.user)
    announcement = get_for_user_or_404(Announcement, request.user, pk=pk)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        queued = services.save_edit(form.instance)
        added = f" Новым получателям поставлено в отправку уведомлений: {queued}." if queued else ""
        messages.success(request, f"Объявление сохранено.{added}")
        return redirect(announcement)
    context = {"form": form, "announcement": announcement}
    return render(request, "announcements/form.html", context)


@login_required
@require_POST
def announcement_publish(request, pk):
    _manager_only(request.user)
    announcement = get_for_user_or_404(Announcement, request.user, pk=pk)
    if announcement.is_published:
        messages.info(request, "Объявление уже опубликовано; повторно оно не рассылается.")
    else:
        queued = services.publish(announcement)
        messages.success(request, f"Опубликовано. Уведомлений поставлено в отправку: {queued}.")
    return redirect(announcement)


@login_required
def chat_list(request):
    _manager_only(request.user)
    chats = {c.specialty_id: c for c in SpecialtyChat.objects.for_user(request.user)}
    specialties = list(Specialty.objects.order_by("code"))
    for specialty in specialties:
        specialty.linked_chat = chats.get(specialty.pk)
    context = {"specialties": specialties, "telegram_enabled": telegram_enabled()}
    return render(request, "announcements/chats.html", context)


@login_required
def chat_edit(request, specialty_pk):
    _manager_only(request.user)
    specialty = get_object_or_404(Specialty, pk=specialty_pk)
    chat = SpecialtyChat.objects.for_user(request.user).filter(specialty=specialty).first()
    form = SpecialtyChatForm(request.POST or None, instance=chat)
    if request.method == "POST" and request.POST.get("unlink") and chat:
        chat.delete()
        messages.success(request, f"Чат специальности {specialty} отключён.")
        return redirect("announcements:chats")
    if request.method == "POST" and form.is_valid():
        services.link_chat(specialty, form.cleaned_data["chat_id"], request.user)
        messages.success(request, f"Чат специальности {specialty} подключён.")
        return redirect("announcements:chats")
    context = {"form": form, "specialty": specialty, "chat": chat}
    return render(request, "announcements/chat_form.html", context)
