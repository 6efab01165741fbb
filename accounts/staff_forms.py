from django import forms

from .invitations import email_taken
from .models import User
from .roles import Role

#: The roles the deputy director gives on the staff page; other roles stay in the admin.
EDITABLE_STAFF_ROLES = (Role.PRACTICE_HEAD, Role.TEACHER)


class StaffForm(forms.ModelForm):
    """A practice head or a teacher: names, contacts, role and curated specialties."""

    EMAIL_TAKEN = "Этот e-mail уже использует другой пользователь портала."

    role = forms.ChoiceField(
        label="Роль", choices=[(r.value, r.label) for r in EDITABLE_STAFF_ROLES]
    )

    class Meta:
        model = User
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "email",
            "phone",
            "position",
            "role",
            "specialties",
        ]
        widgets = {"specialties": forms.CheckboxSelectMultiple}
        help_texts = {
            "specialties": "Заведующий практикой видит на главной странице свои специальности."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("last_name", "first_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = "Это и логин: на него придёт приглашение задать пароль."

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(self.EMAIL_TAKEN)
        return email


class StaffFilterForm(forms.Form):
    role = forms.ChoiceField(
        label="Роль",
        required=False,
        choices=[("", "Все роли")] + [(r.value, r.label) for r in Role if r != Role.EMPLOYER],
    )
    active = forms.ChoiceField(
        label="Доступ",
        required=False,
        choices=[("", "Все"), ("1", "Активные"), ("0", "Отключённые")],
    )
    q = forms.CharField(label="Поиск", required=False, help_text="Фамилия, e-mail или логин")
