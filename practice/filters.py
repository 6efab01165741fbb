"""Filters of the practice lists: everything narrows to a school year first."""

import datetime

import django_filters
from django.db.models import F
from django.utils import timezone

from .models import PracticePeriod, SiteVisit, Specialty, StudentGroup

# How many school years back the year filter offers.
YEARS_BACK = 6


def school_year(day=None):
    """The school year (1 September – 31 August) of a day, named by its first calendar year."""
    day = day or timezone.localdate()
    return day.year if day.month >= 9 else day.year - 1


def school_year_bounds(year):
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def school_year_choices():
    current = school_year()
    return [(y, f"{y}/{y + 1}") for y in range(current + 1, current - YEARS_BACK - 1, -1)]


def with_default_year(params):
    """The query with the current school year unless it names a year (an empty one is «all»)."""
    params = params.copy()
    if "year" not in params:
        params["year"] = str(school_year())
    return params


class SchoolYearFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``year`` defaults to the current school year."""

    year = django_filters.ChoiceFilter(
        label="Учебный год",
        choices=school_year_choices,
        empty_label="Все годы",
        method="filter_year",
    )
    year_field = "start"

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_default_year(data or {}), *args, **kwargs)
        for field in self.form.fields.values():
            is_select = hasattr(field, "choices")
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def filter_year(self, queryset, name, value):
        start, end = school_year_bounds(int(value))
        return queryset.filter(**{f"{self.year_field}__range": (start, end)})


class PeriodFilter(SchoolYearFilterSet):
    q = django_filters.CharFilter(label="Группа", field_name="group__name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label="Вид", choices=PracticePeriod.Kind.choices, empty_label="Любой"
    )
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность",
        field_name="group__specialty",
        queryset=Specialty.objects.all(),
        empty_label="Любая",
    )

    class Meta:
        model = PracticePeriod
        fields = []


class GroupFilter(SchoolYearFilterSet):
    q = django_filters.CharFilter(label="Группа", field_name="name", lookup_expr="icontains")
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность", queryset=Specialty.objects.all(), empty_label="Любая"
    )

    class Meta:
        model = StudentGroup
        fields = []

    def filter_year(self, queryset, name, value):
        # A group studies in the years from its admission to its present course.
        year = int(value)
        return queryset.filter(admission_year__lte=year).filter(
            admission_year__gte=year - F("course") + 1
        )


class VisitFilter(SchoolYearFilterSet):
    year_field = "date"

    class Meta:
        model = SiteVisit
        fields = []
