import django_filters
from django import forms
from django.db.models import Q

from accounts.models import User
from accounts.roles import MANAGER_ROLES
from practice.models import Specialty

from .models import CooperationForm, Partner, Sector, Vacancy


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    status = django_filters.MultipleChoiceFilter(
        label="Статус", choices=Partner.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    sector = django_filters.ModelChoiceFilter(
        label="Отрасль", field_name="sectors", queryset=Sector.objects.all(), empty_label="Любая"
    )
    stage = django_filters.ChoiceFilter(
        label="Этап", choices=Partner.Stage.choices, empty_label="Любой"
    )
    cooperation_form = django_filters.ModelChoiceFilter(
        label="Форма сотрудничества",
        field_name="cooperation_forms",
        queryset=CooperationForm.objects.all(),
        empty_label="Любая",
    )
    responsible = django_filters.ModelChoiceFilter(
        label="Ответственный",
        queryset=User.objects.filter(role__in=MANAGER_ROLES | {"teacher"}, is_active=True).only(
            "first_name", "last_name", "middle_name", "username"
        ),
        empty_label="Любой",
    )
    city = django_filters.CharFilter(label="Населённый пункт", lookup_expr="icontains")
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность",
        field_name="specialties",
        queryset=Specialty.objects.all(),
        empty_label="Любая",
    )
    ordering = django_filters.OrderingFilter(
        label="Сортировка",
        empty_label="По наименованию",
        fields=(
            ("name", "name"),
            ("city", "city"),
            ("status", "status"),
            ("stage", "stage"),
            ("places_per_year", "places"),
            ("status_changed_at", "changed"),
        ),
        field_labels={
            "name": "Наименование",
            "city": "Населённый пункт",
            "status": "Статус",
            "stage": "Этап",
            "places_per_year": "Места",
            "status_changed_at": "Дата смены статуса",
        },
    )

    class Meta:
        model = Partner
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Partner.objects.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(inn__startswith=value)
            | Q(contacts__last_name__icontains=value)
            | Q(contacts__first_name__icontains=value)
        )
        # A subquery instead of DISTINCT keeps annotations and ordering intact.
        return queryset.filter(pk__in=matches.values("pk"))


class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Должность", field_name="position", lookup_expr="icontains")
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность", queryset=Specialty.objects.all(), empty_label="Любая"
    )
    status = django_filters.ChoiceFilter(
        label="Статус", choices=Vacancy.Status.choices, empty_label="Любой"
    )
    employment_type = django_filters.ChoiceFilter(
        label="Занятость", choices=Vacancy.Employment.choices, empty_label="Любая"
    )

    class Meta:
        model = Vacancy
        fields = []
