"""The employer participation register: staff keep it, employers read their own."""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404, require_manager
from kitek_portal import import_jobs

from .models import Contact, Participation, Partner
from .participation_import import template_dataset

STASH_KEY = "participation"


class ParticipationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Учебный год (начало)", method="filter_year")
    kind = django_filters.ChoiceFilter(
        label="Вид участия", choices=Participation.Kind.choices, empty_label="Любой"
    )
    partner = django_filters.NumberFilter(label="Партнёр", widget=forms.HiddenInput)

    class Meta:
        model = Participation
        fields = ["year", "kind", "partner"]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            date__range=(datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31))
        )


class ParticipationListView(LoginRequiredMixin, FilterView):
    filterset_class = ParticipationFilter
    template_name = "partners/participation_list.html"
    context_object_name = "records"
    paginate_by = 30

    def get_queryset(self):
        return (
            Participation.objects.for_user(self.request.user)
            .select_related("partner", "specialty", "group")
            .prefetch_related("contacts")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["can_manage"] = self.request.user.can_manage
        return context


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = [
            "kind",
            "date",
            "title",
            "role",
            "contacts",
            "specialty",
            "group",
            "result",
            "evidence",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisation's own people: the partner is fixed by the page.
        self.fields["contacts"].queryset = Contact.objects.filter(partner=self.instance.partner_id)
        self.fields["contacts"].widget = forms.CheckboxSelectMultiple()
        self.fields["contacts"].queryset = self.fields["contacts"].queryset.order_by("last_name")


@login_required
def participation_create(request, partner_pk):
    require_manager(request.user)
    partner = get_for_user_or_404(Partner, request.user, pk=partner_pk)
    return _form(request, Participation(partner=partner, created_by=request.user), partner)


@login_required
def participation_edit(request, pk):
    record = get_for_user_or_404(
        Participation.objects.select_related("partner"), request.user, pk=pk
    )
    if not request.user.can_manage:
        raise PermissionDenied("Реестр участия ведут сотрудники колледжа.")
    return _form(request, record, record.partner)


def _form(request, record, partner):
    form = ParticipationForm(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Участие работодателя записано.")
        return redirect(f"{partner.get_absolute_url()}#participation")
    return render(request, "partners/participation_form.html", {"form": form, "partner": partner})


@login_required
def participation_evidence(request, pk):
    record = get_for_user_or_404(Participation, request.user, pk=pk)
    if not record.evidence:
        raise Http404
    return FileResponse(record.evidence.open("rb"), as_attachment=True)


participation_import, participation_import_confirm = import_jobs.import_views(
    STASH_KEY,
    page="partners:participation_import",
    confirm="partners:participation_import_confirm",
    done="partners:participation_list",
    template_name="partners/participation_import.html",
    template=("participation-template", template_dataset),
)
