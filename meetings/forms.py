from django import forms
from django.forms import inlineformset_factory

from accounts.models import User
from accounts.roles import STAFF_ROLES
from partners.forms import DATE_WIDGET
from partners.models import Contact, Partner
from partners.widgets import ContactSearchSelectMultiple, PartnerSearchSelectMultiple

from .models import AgendaItem, Decision, Meeting, Recommendation

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(
        label="Ссылка для подключения", required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "topic",
            "starts_at",
            "duration_minutes",
            "format",
            "place",
            "online_link",
            "chair",
            "secretary",
        ]
        widgets = {"starts_at": DATETIME_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


class NewMeetingForm(MeetingForm):
    repeat = forms.ChoiceField(
        label="Повторять",
        choices=[
            ("", "Не повторять"),
            ("monthly", "Ежемесячно"),
            ("bimonthly", "Раз в два месяца"),
        ],
        required=False,
    )
    repeat_until = forms.DateField(
        label="До (включительно)",
        required=False,
        widget=DATE_WIDGET,
        help_text="Например, конец учебного года.",
    )
    partners = forms.ModelMultipleChoiceField(
        label="Пригласить партнёров",
        queryset=Partner.objects.none(),
        required=False,
        widget=PartnerSearchSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label="Пригласить контактных лиц (наставников и др.)",
        queryset=Contact.objects.none(),
        required=False,
        widget=ContactSearchSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        label="Пригласить сотрудников",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    send_now = forms.BooleanField(label="Разослать приглашения сразу", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.exclude(status="former").order_by("name")
        self.fields["contacts"].queryset = _contacts_with_email()
        self.fields["staff"].queryset = User.objects.filter(is_active=True, role__in=STAFF_ROLES)

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("starts_at")
        if cleaned.get("repeat") and not cleaned.get("repeat_until"):
            self.add_error("repeat_until", "Укажите, до какой даты повторять.")
        if starts and cleaned.get("repeat_until") and cleaned["repeat_until"] < starts.date():
            self.add_error("repeat_until", "Дата окончания серии раньше первой встречи.")
        return cleaned


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label="Ваш ответ",
        choices=[("in_person", "Буду очно"), ("online", "Буду онлайн"), ("declined", "Не смогу")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Комментарий (необязательно)", max_length=500, required=False)


AgendaForms = inlineformset_factory(
    Meeting,
    AgendaItem,
    fields=["order", "title", "heard", "spoke", "decided"],
    extra=1,
    can_delete=True,
    widgets={f: forms.Textarea(attrs={"rows": 2}) for f in ("heard", "spoke", "decided")},
)
DecisionForms = inlineformset_factory(
    Meeting,
    Decision,
    fields=["text", "responsible", "deadline"],
    extra=1,
    can_delete=True,
    widgets={"deadline": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 2})},
)


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes_number", "attendees_note"]
        widgets = {"attendees_note": forms.Textarea(attrs={"rows": 2})}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["partner", "subject", "text", "responsible", "deadline"]
        widgets = {"deadline": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            meeting_invitations__meeting=meeting
        ).distinct()
        self.fields["responsible"].queryset = User.objects.filter(
            is_active=True, role__in=STAFF_ROLES
        )


class InviteForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label="Партнёры",
        queryset=Partner.objects.none(),
        required=False,
        widget=PartnerSearchSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label="Пригласить контактных лиц (наставников и др.)",
        queryset=Contact.objects.none(),
        required=False,
        widget=ContactSearchSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        label="Сотрудники",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.exclude(status="former").order_by("name")
        self.fields["contacts"].queryset = _contacts_with_email()
        self.fields["staff"].queryset = User.objects.filter(is_active=True, role__in=STAFF_ROLES)


def _contacts_with_email():
    return (
        Contact.objects.exclude(email="")
        .select_related("partner")
        .order_by("partner__name", "last_name")
    )
