import django_filters
from django import forms

from partners.widgets import PartnerSearchSelect
from practice.models import ProfessionalModule, Specialty

from .models import Document

MAX_FILE_BYTES = 20 * 1024 * 1024


def check_file(uploaded):
    if uploaded and uploaded.size > MAX_FILE_BYTES:
        raise forms.ValidationError("Файл больше 20 МБ: уменьшите его или разделите на части.")
    return uploaded


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Вид", choices=Document.Kind.choices, empty_label="Все виды"
    )
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность", queryset=Specialty.objects.all(), empty_label="Все специальности"
    )
    module = django_filters.ModelChoiceFilter(
        label="Модуль",
        queryset=ProfessionalModule.objects.select_related("specialty"),
        empty_label="Все модули",
    )

    class Meta:
        model = Document
        fields = ["kind", "specialty", "module"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "specialty", "module", "audience", "partner"]
        widgets = {"partner": PartnerSearchSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ProfessionalModule.objects.select_related("specialty")


class NewDocumentForm(DocumentForm):
    """A new document comes with its first version."""

    file = forms.FileField(label="Файл", validators=[check_file])
    note = forms.CharField(
        label="Примечание", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(forms.Form):
    file = forms.FileField(label="Файл новой версии", validators=[check_file])
    note = forms.CharField(
        label="Что изменилось",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Напишите, что изменилось в этой версии."},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Комментарий",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Напишите текст комментария."},
    )
    is_correction = forms.BooleanField(label="Это предложение исправления", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_employer:  # corrections are the employers' recommendations
            del self.fields["is_correction"]
