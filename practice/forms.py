from django import forms
from django.db.models import Q
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
            "programme_document",
            "instructions_document",
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
        documents = {"programme_document": "programme", "instructions_document": "instructions"}
        for name, kind in documents.items():
            field = self.fields[name]
            field.queryset = self._library_choices(field.queryset, kind)
            field.help_text = "Документ библиотеки: партнёры периода скачивают его текущую версию."

    def _library_choices(self, documents, kind):
        """Documents of the kind for the period's module or specialty (or for every one)."""
        documents = documents.filter(kind=kind).select_related("module")
        period = self.instance
        if period.module_id:
            return documents.filter(
                Q(module_id=period.module_id)
                | Q(module__isnull=True, specialty_id=period.module.specialty_id)
                | Q(module__isnull=True, specialty__isnull=True)
            )
        if period.group_id:
            return documents.filter(
                Q(specialty_id=period.group.specialty_id) | Q(specialty__isnull=True)
            )
        return documents


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
