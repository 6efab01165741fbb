"""Graduates and where they work."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404, require_manager
from accounts.mixins import StaffRequiredMixin
from kitek_portal import import_jobs
from partners.widgets import PartnerSearchSelect

from .employment_import import template_dataset
from .models import Employment, Specialty, Student

STASH_KEY = "employment"


class GraduateFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Год выпуска", field_name="graduated_on__year")
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность",
        field_name="group__specialty",
        queryset=Specialty.objects.all(),
        empty_label="Любая",
    )
    status = django_filters.ChoiceFilter(
        label="Трудоустройство",
        field_name="employment__status",
        choices=Employment.Status.choices,
        empty_label="Любое",
        distinct=True,
    )

    class Meta:
        model = Student
        fields = ["year", "specialty", "status"]


class GraduateListView(StaffRequiredMixin, FilterView):
    filterset_class = GraduateFilter
    template_name = "practice/graduate_list.html"
    context_object_name = "graduates"
    paginate_by = 50

    def get_queryset(self):
        records = Employment.objects.select_related("partner").order_by("-date", "-pk")
        return (
            Student.objects.for_user(self.request.user)
            .filter(status=Student.Status.GRADUATED)
            .select_related("group__specialty")
            .prefetch_related(Prefetch("employment", queryset=records, to_attr="records"))
            .order_by("-graduated_on", "group__name", "last_name", "first_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["can_manage"] = self.request.user.can_manage
        return context


class EmploymentForm(forms.ModelForm):
    class Meta:
        model = Employment
        fields = ["status", "partner", "organisation", "position", "date", "source"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # 2,000 partners: a search box, not a <select> of the whole registry.
            "partner": PartnerSearchSelect,
        }


@login_required
def employment_create(request, student_pk):
    require_manager(request.user)
    graduate = get_for_user_or_404(
        Student.objects.select_related("group"), request.user, pk=student_pk, status="graduated"
    )
    return _employment_form(request, Employment(student=graduate, recorded_by=request.user))


@login_required
def employment_edit(request, pk):
    require_manager(request.user)
    record = get_for_user_or_404(
        Employment.objects.select_related("student__group"), request.user, pk=pk
    )
    return _employment_form(request, record)


def _employment_form(request, record):
    graduate = record.student
    form = EmploymentForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Сведения о трудоустройстве: {graduate.full_name} — записано.")
        return redirect("practice:employment_list")
    return render(request, "practice/employment_form.html", {"form": form, "graduate": graduate})


employment_import, employment_import_confirm = import_jobs.import_views(
    STASH_KEY,
    page="practice:employment_import",
    confirm="practice:employment_import_confirm",
    done="practice:employment_list",
    template_name="practice/employment_import.html",
    template=("employment-template", template_dataset),
)
