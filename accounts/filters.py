import django_filters
from django import forms
from django.db.models import Q

from .models import PersonalDataAccess, PersonalDataKind


class PersonalDataAccessFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label="Пользователь (логин или фамилия)", method="by_user")
    kind = django_filters.ChoiceFilter(
        label="Документ", choices=PersonalDataKind.choices, empty_label="Любой"
    )
    date_from = django_filters.DateFilter(
        label="С даты",
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label="По дату",
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = PersonalDataAccess
        fields = []

    def by_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(user__last_name__icontains=value))
