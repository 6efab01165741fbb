"""Login protection: django-axes configured for the portal (see settings, "Login protection").

Failures are counted per username and per client address; whichever reaches its limit
locks further attempts for LOGIN_LOCKOUT_MINUTES. Administrators see and delete lockouts
in the admin («Axes» → «Access attempts»).
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.shortcuts import render

from .forms import LoginForm


def client_ip(request):
    """The client's address, as the last trusted proxy saw it.

    nginx appends the address it received the request from to X-Forwarded-For, so with
    NUM_PROXIES proxies in front the client is the NUM_PROXIES-th entry from the right;
    anything to the left of it was written by the client and is not trusted.
    """
    if settings.NUM_PROXIES:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR")


def canonical_username(request, credentials):
    """One counter per account, whether the attacker types the login or the e-mail."""
    entered = credentials.get("username") if credentials else request.POST.get("username")
    entered = (entered or "").strip()
    if not entered:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(entered).username
    except get_user_model().DoesNotExist:
        return entered.lower()


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate limit for the client address.

    Axes compares one number with AXES_FAILURE_LIMIT (the per-username limit). The
    address's failures are scaled onto that limit, so that an address is locked at
    LOGIN_FAILURES_PER_ADDRESS failures and a username at LOGIN_FAILURES_PER_USERNAME:
    floor(n * user_limit / address_limit) >= user_limit exactly when n >= address_limit.
    """

    def get_failures(self, request, credentials=None):
        by_username, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        user_limit = settings.LOGIN_FAILURES_PER_USERNAME
        scaled_address = by_address * user_limit // settings.LOGIN_FAILURES_PER_ADDRESS
        return max(by_username, scaled_address)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason in Russian and HTTP 429."""
    # An unbound form: validating it would try to authenticate once more.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "lockout_message": (
            "Слишком много неудачных попыток входа. Вход временно заблокирован: "
            f"попробуйте снова через {settings.LOGIN_LOCKOUT_MINUTES} минут. "
            "Если вы забыли пароль, восстановите его по ссылке ниже "
            "или обратитесь к администратору."
        ),
    }
    return render(request, "registration/login.html", context, status=429)
