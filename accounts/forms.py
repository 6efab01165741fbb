from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from .mail import queue_email


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Логин или e-mail", widget=forms.TextInput(attrs={"autofocus": True})
    )

    error_messages = {
        "invalid_login": "Неверный логин (e-mail) или пароль. Проверьте раскладку клавиатуры.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }


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
