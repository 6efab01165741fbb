from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from accounts.models import User
from accounts.roles import Role
from partners.forms import DATE_WIDGET
from partners.models import Contact, Partner

from .models import (
    AttendanceMark,
    AttestationResult,
    Competency,
    ControlPoint,
    Placement,
    PracticePeriod,
    Profession,
    ProfessionalModule,
    Specialty,
)


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


class ProfessionalModuleForm(forms.ModelForm):
    class Meta:
        model = ProfessionalModule
        fields = ["specialty", "code", "name", "professions"]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "professions": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"professions": "Можно выбрать несколько (Ctrl или долгое нажатие)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")
        self.fields["professions"].queryset = Profession.objects.order_by("code")


class CompetencyForm(forms.ModelForm):
    # Left blank, a new competency goes after the others.
    order = forms.IntegerField(label="№ п/п", required=False, min_value=0, max_value=999)

    class Meta:
        model = Competency
        fields = ["order", "code", "name"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": "Укажите содержание компетенции."}}

    def clean_code(self):
        return " ".join(self.cleaned_data["code"].split())  # «ПК  5.1 » is «ПК 5.1»


class BaseCompetencyFormSet(BaseInlineFormSet):
    """The competencies of one module: each code once; a blank number puts a row last."""

    def clean(self):
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        seen = set()
        for form in kept:
            code = form.cleaned_data.get("code", "").casefold()
            if code in seen and "code" not in form.errors:
                form.add_error("code", "Такой код уже есть в этом модуле.")
            seen.add(code)
        deleted = [f for f in self.forms if f.instance.pk and self._should_delete_form(f)]
        if refused := self._used(deleted):
            raise ValidationError(refused)  # shown above the table; nothing is saved
        if any(form.errors for form in kept):
            return  # the duplicate is shown next to its row, not again above the table
        super().clean()
        last = max((f.cleaned_data["order"] or 0 for f in kept), default=0)
        for form in kept:
            if form.cleaned_data["order"] is None:
                last += 1
                form.instance.order = last

    @staticmethod
    def _used(deleted):
        """Why each competency to delete must stay: marked in attestation sheets, whose
        results refer to it. One query (none if nothing is deleted)."""
        if not deleted:
            return []
        used = defaultdict(int)
        used.update(
            AttestationResult.objects.filter(competency__in=[f.instance.pk for f in deleted])
            .values_list("competency_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [
            f"{form.instance.code} уже отмечена в аттестационных листах "
            f"({used[form.instance.pk]}): удалить её нельзя."
            for form in deleted
            if used[form.instance.pk]
        ]


CompetencyFormSet = inlineformset_factory(
    ProfessionalModule,
    Competency,
    form=CompetencyForm,
    formset=BaseCompetencyFormSet,
    extra=3,
    can_delete=True,
)


class AttendanceMarkForm(forms.Form):
    """One tap on the attendance page: a day, a status and, for an absence, the reason."""

    date = forms.DateField(label="Дата")
    status = forms.ChoiceField(label="Отметка", choices=AttendanceMark.Status.choices)
    reason = forms.ChoiceField(
        label="Причина", choices=[("", "причина…"), *AttendanceMark.Reason.choices], required=False
    )


MASTERED_CHOICES = [("yes", "освоена"), ("no", "не освоена")]


class AttestationForm(forms.Form):
    """The mentor's attestation sheet: a result per competency, characterisation, grade."""

    characterisation = forms.CharField(
        label="Характеристика",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Отношение к работе, дисциплина, умения и навыки, проявленные на практике.",
    )
    grade = forms.TypedChoiceField(
        label="Оценка",
        choices=[("", "—"), *Placement.GRADES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, competencies, signing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        self.signing = signing
        for competency in competencies:
            self.fields[self.field_name(competency)] = forms.ChoiceField(
                label=f"{competency.code} {competency.name}",
                choices=MASTERED_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,
            )

    @staticmethod
    def field_name(competency):
        return f"pk_{competency.pk}"

    def competency_fields(self):
        return [(c, self[self.field_name(c)]) for c in self.competencies]

    def clean(self):
        data = super().clean()
        if self.signing:
            missing = [c for c in self.competencies if not data.get(self.field_name(c))]
            for competency in missing:
                self.add_error(self.field_name(competency), "Отметьте, освоена ли компетенция.")
            if missing:
                codes = ", ".join(c.code for c in missing)
                raise forms.ValidationError(
                    f"Чтобы подписать лист, отметьте по каждой компетенции, освоена ли она. "
                    f"Не отмечены: {codes}."
                )
            if data.get("grade") is None:
                self.add_error("grade", "Поставьте оценку, чтобы подписать лист.")
            if not data.get("characterisation", "").strip():
                self.add_error("characterisation", "Напишите характеристику практиканта.")
        return data

    def answers(self):
        values = {"yes": True, "no": False}
        return {
            c.pk: values.get(self.cleaned_data.get(self.field_name(c)) or "")
            for c in self.competencies
        }

    @classmethod
    def initial_for(cls, sheet):
        initial = {"characterisation": sheet.characterisation, "grade": sheet.grade}
        if sheet.pk:
            for result in sheet.results.all():
                initial[f"pk_{result.competency_id}"] = "yes" if result.mastered else "no"
        return initial


class WorkRowForm(forms.Form):
    kind = forms.CharField(label="Вид работ", max_length=300, required=False)
    hours = forms.IntegerField(label="Часов", min_value=1, max_value=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("hours") and not (data.get("kind") or "").strip():
            self.add_error("kind", "Укажите вид работ для этих часов.")
        return data


WorkRowFormSet = forms.formset_factory(WorkRowForm, extra=3, max_num=30, validate_max=True)


def work_rows(formset):
    """[(kind, hours)] of the filled rows of the works formset."""
    return [
        (form.cleaned_data["kind"].strip(), form.cleaned_data.get("hours"))
        for form in formset
        if form.cleaned_data.get("kind", "").strip()
    ]


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


class PhoneConfirmationForm(forms.Form):
    """Staff record the partner's «да, берём» given by phone, with a mentor if it was named."""

    mentor = forms.ModelChoiceField(
        label="Наставник",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="— не назван —",
        help_text="Необязательно: сотрудник партнёра, которого назвали наставником.",
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Contact.objects.filter(
            partner=placement.partner_id
        ).order_by("-is_mentor", "last_name", "first_name")
        self.fields["mentor"].initial = placement.mentor_id


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
