from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .forms import NotificationSettingsForm


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки напоминаний сохранены.")
        return redirect("notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})
