from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from .mail import queue_email
from .models import User
from .notifications import Channel, NotificationKind, kinds_for, telegram_enabled


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


class NotificationSettingsForm(forms.Form):
    """Per kind of notification: e-mail, Telegram (when the bot is on), both or nothing."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        channels = [(Channel.EMAIL, "на почту")]
        if telegram_enabled():
            channels.append((Channel.TELEGRAM, "в Telegram"))
        offered = {value for value, _ in channels}
        for kind in kinds_for(user):
            self.fields[kind] = forms.MultipleChoiceField(
                label=NotificationKind(kind).label,
                choices=channels,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=self._shown(user.chosen_channels(kind), offered),
            )

    @staticmethod
    def _shown(chosen, offered):
        # Telegram chosen while the bot is off goes by e-mail (User.channels_for): show that,
        # so saving the page unchanged does not mute the kind.
        if Channel.TELEGRAM in chosen and Channel.TELEGRAM not in offered:
            chosen = [*chosen, Channel.EMAIL]
        return [c for c in dict.fromkeys(chosen) if c in offered]

    def save(self):
        choice = dict(self.user.notification_channels)
        for kind in self.fields:
            choice[kind] = list(self.cleaned_data[kind])
        self.user.notification_channels = choice
        self.user.save(update_fields=["notification_channels"])
