import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import telegram
from .forms import NotificationSettingsForm, OutboxPasswordResetForm
from .lockout import client_ip
from .notifications import telegram_enabled
from .throttle import over_limit


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset, rate-limited per client address and per e-mail address.

    Too many requests for one e-mail get the usual «check your mail» page and no e-mail,
    so the answer never tells whether the address belongs to anybody.
    """

    form_class = OutboxPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
        address = client_ip(self.request)
        if over_limit("reset-ip", address, settings.PASSWORD_RESETS_PER_ADDRESS, window):
            form.add_error(
                None,
                "Слишком много запросов на восстановление пароля с вашего адреса. "
                f"Попробуйте снова через {settings.PASSWORD_RESET_WINDOW_MINUTES} минут.",
            )
            return self.form_invalid(form)
        email = form.cleaned_data["email"]
        if over_limit("reset-email", email, settings.PASSWORD_RESETS_PER_EMAIL, window):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки уведомлений сохранены.")
        return redirect("notification_settings")
    context = {
        "form": form,
        "telegram_enabled": telegram_enabled(),
        "link_minutes": settings.TELEGRAM_LINK_MINUTES,
    }
    return render(request, "accounts/notification_settings.html", context)


@login_required
@require_POST
def telegram_connect(request):
    """Send the user to the bot with a one-time link; the bot links the chat on /start."""
    if not telegram_enabled():
        raise Http404
    return HttpResponseRedirect(telegram.new_link(request.user))


@login_required
@require_POST
def telegram_disconnect(request):
    telegram.unlink(request.user)
    messages.success(request, "Telegram отключён: уведомления снова приходят на почту.")
    return redirect("notification_settings")


@csrf_exempt
@require_POST
def telegram_webhook(request):
    """Updates from Telegram (setWebhook). A request without the secret is not Telegram's
    and gets 404, as does any request while the bot is off or no secret is configured:
    the endpoint takes no login, and each update queues a reply."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not (telegram_enabled() and secret and constant_time_compare(given, secret)):
        raise Http404
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("not JSON")
    if isinstance(update, dict):
        telegram.handle_update(update)
    return JsonResponse({"ok": True})
