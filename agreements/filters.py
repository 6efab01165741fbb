from datetime import timedelta

import django_filters
from django.utils import timezone

from partners.models import Partner
from partners.widgets import PartnerSearchSelect
from practice.models import Specialty

from .models import Agreement


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Номер", field_name="number", lookup_expr="icontains")
    status = django_filters.MultipleChoiceFilter(label="Статус", choices=Agreement.Status.choices)
    kind = django_filters.ChoiceFilter(
        label="Вид", choices=Agreement.Kind.choices, empty_label="Любой"
    )
    partner = django_filters.ModelChoiceFilter(
        label="Партнёр",
        queryset=Partner.objects.all(),
        empty_label="Любой",
        widget=PartnerSearchSelect,
    )
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность",
        field_name="specialties",
        queryset=Specialty.objects.all(),
        empty_label="Любая",
    )
    expiring_within = django_filters.NumberFilter(
        label="Истекает в ближайшие N дней", method="filter_expiring", min_value=0
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status__in=Agreement.VALID_STATUSES,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=int(value)),
        )
