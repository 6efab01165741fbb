"""The invitation link: set a password and come in."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .invitations import invitation_token
from .models import User


def _invited_user(uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if user.is_active and invitation_token.check_token(user, token) else None


@never_cache
@sensitive_post_parameters()
def invitation_accept(request, uidb64, token):
    """Set a password from the invitation link; the user is logged in right after."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "registration/invitation_accept.html", {"validlink": False})
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Пароль сохранён. Добро пожаловать на портал практики КИТЭК!")
        return redirect("dashboard")
    context = {"validlink": True, "form": form, "invited_user": user}
    return render(request, "registration/invitation_accept.html", context)
