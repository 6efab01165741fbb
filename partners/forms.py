from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from accounts.roles import Role

from .models import Contact, Interaction, Partner, Vacancy

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label="Сайт", required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = [
            "name",
            "short_name",
            "legal_form",
            "country",
            "inn",
            "ogrn",
            "region",
            "city",
            "address",
            "website",
            "sectors",
            "specialties",
            "cooperation_forms",
            "stage",
            "places_per_year",
            "college_offers",
            "college_requests",
            "responsible",
            "notes",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "cooperation_forms": forms.CheckboxSelectMultiple,
            "specialties": forms.CheckboxSelectMultiple,
            "college_offers": forms.Textarea(attrs={"rows": 3}),
            "college_requests": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.DEPUTY_DIRECTOR, Role.PRACTICE_HEAD, Role.TEACHER]
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_inn(self):
        from .services import find_by_inn

        inn = self.cleaned_data.get("inn", "")
        existing = find_by_inn(inn, exclude_pk=self.instance.pk)
        if existing:
            # The view shows a link to the existing card next to this message.
            self.duplicate = existing
            raise forms.ValidationError(
                f"Партнёр с таким ИНН/БИН уже есть в реестре: {existing.name}.", code="duplicate"
            )
        return inn


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Новый статус", choices=Partner.Status.choices)
    comment = forms.CharField(label="Комментарий", max_length=300, required=False)


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "channel", "summary", "next_step", "next_step_due"]
        widgets = {
            "date": DATE_WIDGET,
            "next_step_due": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "position",
            "phone",
            "email",
            "messenger",
            "preferred_channel",
            "is_primary",
            "is_mentor",
        ]
        help_texts = {
            "is_primary": "У партнёра одно основное контактное лицо: прежнее перестанет им быть.",
            "is_mentor": "Может быть наставником обучающихся на практике.",
        }


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "position",
            "specialty",
            "places",
            "required_level",
            "employment_type",
            "opened_on",
            "closed_on",
            "status",
            "description",
        ]
        widgets = {
            "opened_on": DATE_WIDGET,
            "closed_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "closed_on": "Если закрыть вакансию без даты, подставится сегодняшняя; "
            "при повторном открытии дата закрытия очищается.",
        }
