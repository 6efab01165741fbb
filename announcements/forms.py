from django import forms

from .models import Announcement, SpecialtyChat

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["kind", "title", "text", "event_at", "place", "audience", "specialty", "sector"]
        widgets = {"event_at": DATETIME_WIDGET, "text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "specialty": "Только если объявление для партнёров специальности.",
            "sector": "Только если объявление для партнёров отрасли. Такое объявление "
            "приходит представителям партнёров лично (портал, e-mail, Telegram), но ни в "
            "какой групповой чат: групповые чаты есть только у специальностей.",
        }


class SpecialtyChatForm(forms.ModelForm):
    class Meta:
        model = SpecialtyChat
        fields = ["chat_id"]

    def clean_chat_id(self):
        chat_id = self.cleaned_data["chat_id"].strip()
        if not chat_id.lstrip("-").isdigit():
            raise forms.ValidationError(
                "Идентификатор чата — число, для групп со знаком «-» (например, -1001234567890). "
                "Его присылает бот в ответ на /id в группе."
            )
        return chat_id
