from django import forms

from .models import PlanEvidence


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = PlanEvidence
        fields = ["done_on", "note", "file"]
        widgets = {
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
