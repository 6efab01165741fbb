"""The calendar subscription: the secret feed URL, the page that shows it, and its reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import calendar_feed


@require_safe
def calendar_feed_view(request, token):
    """No login: calendar services fetch it on their own; the secret token is the key.

    A reset token, an inactive user or an unknown token is a 404, like any missing page.
    """
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("Календарь не найден.")
    response = HttpResponse(
        calendar_feed.feed_for(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="kitek-calendar.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_page(request):
    path = calendar_feed.feed_path(request.user)
    url = settings.SITE_URL + path
    context = {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1]}
    return render(request, "monitoring/calendar.html", context)


@login_required
@require_POST
def calendar_reset(request):
    request.user.reset_calendar_token()
    messages.success(
        request,
        "Создана новая ссылка. Старая больше не работает: подпишитесь в календаре заново.",
    )
    return redirect("monitoring:calendar")
