from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from accounts.models import User
from accounts.roles import Role
from partners.forms import DATE_WIDGET
from partners.widgets import PartnerSearchSelect, StudentSearchSelect

from . import services
from .models import Agreement, AgreementQuota


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "number",
            "date",
            "partner",
            "kind",
            "student",
            "specialties",
            "modules",
            "valid_from",
            "valid_to",
            "auto_prolongation",
            "responsible",
            "indicators",
            "notes",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "valid_from": DATE_WIDGET,
            "valid_to": DATE_WIDGET,
            "partner": PartnerSearchSelect,
            "student": StudentSearchSelect,
            "specialties": forms.CheckboxSelectMultiple,
            "modules": forms.CheckboxSelectMultiple,
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"number": {"unique": "Договор с таким номером уже есть."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.DEPUTY_DIRECTOR, Role.PRACTICE_HEAD, Role.TEACHER]
        )
        self.fields["modules"].queryset = self.fields["modules"].queryset.select_related(
            "specialty"
        )
        self.fields["student"].queryset = self.fields["student"].queryset.select_related("group")


class ScanForm(forms.Form):
    scan = forms.FileField(label="Скан подписанного договора (PDF, PNG, JPEG, до 10 МБ)")

    def clean_scan(self):
        return services.check_scan(self.cleaned_data["scan"])


class QuotaFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            specialty, places = form.cleaned_data.get("specialty"), form.cleaned_data.get("places")
            if specialty is None or places is None:
                continue
            taken = services.places_taken(self.instance, specialty.pk)
            if places < taken:
                form.add_error(
                    "places",
                    f"По договору уже распределено {taken} обучающихся специальности "
                    f"{specialty.code} на одну практику: мест не может быть меньше.",
                )


QuotaForms = inlineformset_factory(
    Agreement,
    AgreementQuota,
    formset=QuotaFormSet,
    fields=["specialty", "places"],
    extra=2,
    can_delete=True,
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Новый статус", choices=Agreement.Status.choices)
    comment = forms.CharField(label="Комментарий", max_length=300, required=False)
