from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from .forms import OutboxPasswordResetForm
from .lockout import client_ip
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
