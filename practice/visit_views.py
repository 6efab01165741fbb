"""Visits of supervisors to practice sites."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.access import require_staff
from kitek_portal.pagination import paginate
from partners.forms import DATE_WIDGET
from partners.models import Partner
from partners.widgets import PartnerSearchSelect

from .filters import VisitFilter
from .models import Placement, SiteVisit

VISITS_PER_PAGE = 25


class SiteVisitForm(forms.ModelForm):
    class Meta:
        model = SiteVisit
        fields = ["date", "partner", "placements", "findings"]
        widgets = {
            "date": DATE_WIDGET,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "placements": forms.CheckboxSelectMultiple,
            "partner": PartnerSearchSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_user(user)
        partner_id = self.data.get("partner") or self.initial.get("partner")
        self.fields["placements"].queryset = (
            Placement.objects.for_user(user)
            .active()
            .filter(partner_id=partner_id or 0)
            .select_related("student", "period")
        )

    def clean(self):
        cleaned = super().clean()
        partner = cleaned.get("partner")
        for placement in cleaned.get("placements") or []:
            if partner and placement.partner_id != partner.pk:
                raise forms.ValidationError(
                    "Отмеченные практиканты проходят практику у другого партнёра."
                )
        return cleaned


@login_required
def visit_list(request):
    require_staff(request.user)
    visits = (
        SiteVisit.objects.for_user(request.user)
        .select_related("partner", "teacher")
        .prefetch_related("placements__student")
        .order_by("-date", "-pk")
    )
    filterset = VisitFilter(request.GET, queryset=visits)
    context = {"filter": filterset, **paginate(request, filterset.qs, VISITS_PER_PAGE)}
    context["visits"] = context["page_obj"].object_list
    return render(request, "practice/visit_list.html", context)


@login_required
def visit_create(request):
    require_staff(request.user)
    initial = {"partner": request.GET.get("partner")} if request.GET.get("partner") else {}
    form = SiteVisitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.teacher = request.user
        form.save()
        messages.success(request, "Посещение базы практики записано.")
        return redirect("practice:visit_list")
    return render(request, "practice/visit_form.html", {"form": form})
