from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from accounts.models import User
from accounts.roles import Role
from partners.forms import DATE_WIDGET
from partners.models import Contact, Partner

from .models import ControlPoint, Placement, PracticePeriod


class PeriodForm(forms.ModelForm):
    class Meta:
        model = PracticePeriod
        fields = [
            "kind",
            "group",
            "module",
            "start",
            "end",
            "hours",
            "report_deadline",
            "supervisors",
            "programme",
            "instructions",
        ]
        widgets = {
            "start": DATE_WIDGET,
            "end": DATE_WIDGET,
            "report_deadline": DATE_WIDGET,
            "supervisors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.TEACHER, Role.PRACTICE_HEAD]
        )
        self.fields["module"].queryset = self.fields["module"].queryset.select_related("specialty")
        self.fields["group"].queryset = self.fields["group"].queryset.select_related("specialty")


ControlPointFormSet = inlineformset_factory(
    PracticePeriod,
    ControlPoint,
    fields=["kind", "date", "description"],
    widgets={"date": DATE_WIDGET},
    extra=1,
    can_delete=True,
)


class AssignForm(forms.Form):
    """One row of the placement page."""

    partner = forms.ModelChoiceField(label="База практики", queryset=Partner.objects.none())
    mentor = forms.ModelChoiceField(
        label="Наставник", queryset=Contact.objects.none(), required=False
    )
    workplace = forms.CharField(label="Рабочее место", max_length=200, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["mentor"].queryset = Contact.objects.all()


class PlacementForm(forms.ModelForm):
    """Progress of one placement: status, report, grades."""

    new_status = forms.ChoiceField(label="Статус")

    class Meta:
        model = Placement
        fields = ["report_status", "final_grade", "workplace", "mentor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        allowed = [current, *Placement.TRANSITIONS[current]]
        self.fields["new_status"].choices = [c for c in Placement.Status.choices if c[0] in allowed]
        self.fields["new_status"].initial = current
        self.order_fields(["new_status"])
        self.fields["mentor"].queryset = Contact.objects.filter(partner=self.instance.partner_id)


class EvaluationForm(forms.ModelForm):
    """What the employer writes about a student."""

    class Meta:
        model = Placement
        fields = ["employer_grade", "employer_evaluation"]
        widgets = {"employer_evaluation": forms.Textarea(attrs={"rows": 4})}


class QuotaForm(forms.Form):
    partner = forms.ModelChoiceField(label="Партнёр", queryset=Partner.objects.all())
    places = forms.IntegerField(label="Мест", min_value=0, max_value=500)


class ConfirmPlacementForm(forms.Form):
    """The partner confirms placements: a mentor of its own, or a new one added here."""

    mentor = forms.ModelChoiceField(
        label="Наставник",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="— выберите наставника —",
        help_text="Из сотрудников вашей организации; если нужного нет, добавьте его ниже.",
    )
    last_name = forms.CharField(label="Фамилия", max_length=100, required=False)
    first_name = forms.CharField(label="Имя", max_length=100, required=False)
    middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    position = forms.CharField(label="Должность", max_length=200, required=False)
    phone = forms.CharField(label="Телефон", max_length=40, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    workplace = forms.CharField(
        label="Рабочее место / подразделение",
        max_length=200,
        required=False,
        help_text="Необязательно: например, «Служба приёма и размещения».",
    )

    NEW_MENTOR_FIELDS = ("last_name", "first_name", "middle_name", "position", "phone", "email")

    def __init__(self, *args, contacts, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        # Only the partner's own contacts: another organisation's id is refused as invalid.
        self.fields["mentor"].queryset = contacts.order_by("-is_mentor", "last_name", "first_name")

    def clean(self):
        data = super().clean()
        new = any(data.get(name) for name in self.NEW_MENTOR_FIELDS)
        if data.get("mentor") and new:
            raise ValidationError(
                "Выберите наставника из списка или заполните данные нового, но не то и другое."
            )
        if not data.get("mentor") and not new and not self.errors:
            raise ValidationError("Выберите наставника из списка или добавьте нового.")
        if new:
            if not data.get("last_name"):
                self.add_error("last_name", "Укажите фамилию наставника.")
            if not data.get("first_name"):
                self.add_error("first_name", "Укажите имя наставника.")
            if not (data.get("phone") or data.get("email")):
                self.add_error("phone", "Укажите телефон или e-mail наставника.")
        return data

    def mentor_contact(self):
        """The chosen contact, or the new one (not saved yet: the service saves it)."""
        if self.cleaned_data.get("mentor"):
            return self.cleaned_data["mentor"]
        data = {name: self.cleaned_data[name] for name in self.NEW_MENTOR_FIELDS}
        channel = Contact.Channel.PHONE if data["phone"] else Contact.Channel.EMAIL
        return Contact(partner=self.partner, is_mentor=True, preferred_channel=channel, **data)


class DeclinePlacementForm(forms.Form):
    reason = forms.CharField(
        label="Причина отказа",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Укажите причину отказа: без неё колледжу трудно подобрать замену."
        },
        help_text="Например: нет свободного наставника в эти даты.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"])
        return reason
