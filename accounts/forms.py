from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from .mail import queue_email
from .models import User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Логин или e-mail", widget=forms.TextInput(attrs={"autofocus": True})
    )

    error_messages = {
        "invalid_login": "Неверный логин (e-mail) или пароль. Проверьте раскладку клавиатуры.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
        "revoked": "Доступ к порталу отозван колледжем. Если это ошибка, обратитесь "
        "к заведующему практикой КИТЭК.",
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            # The backend refuses an inactive user like a wrong password; someone who
            # knows the password is told that the college revoked the access.
            if error.code == "invalid_login" and self._revoked():
                raise ValidationError(self.error_messages["revoked"], code="revoked") from None
            raise

    def _revoked(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return False
        try:
            user = User.objects.get_by_natural_key(username.strip())
        except User.DoesNotExist:
            return False
        return not user.is_active and user.check_password(password)


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset mail goes through the outbox, so a mail failure never breaks the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        queue_email(to_email, subject, body, html_body=html_body)
