"""The practice reference lists: specialties, professional modules, professions."""

import django_filters

from kitek_portal.reference_lists import ReferenceFilterSet, ReferenceList

from .forms import CompetencyFormSet, ProfessionalModuleForm
from .models import Profession, ProfessionalModule, Specialty


class ModuleFilterSet(ReferenceFilterSet):
    specialty = django_filters.ModelChoiceFilter(
        label="Специальность", queryset=Specialty.objects.order_by("code"), empty_label="Любая"
    )


def _listed(related):
    return lambda obj: [str(item) for item in getattr(obj, related).all()]


# Specialties and professions are both a code and a name.
CODE_AND_NAME = {
    "fields": ["code", "name"],
    "columns": [("Код", "code"), ("Наименование", "name")],
    "search_fields": ("code", "name"),
}

SPECIALTIES = ReferenceList(Specialty, slug="specialties", **CODE_AND_NAME)
MODULES = ReferenceList(
    ProfessionalModule,
    slug="modules",
    form_class=ProfessionalModuleForm,
    formset_class=CompetencyFormSet,
    owned=("competencies",),
    filterset_class=ModuleFilterSet,
    columns=[
        ("Специальность", lambda module: module.specialty.code),
        ("Код", "code"),
        ("Наименование", "name"),
        ("Профессии", _listed("professions")),
        ("Компетенции", _listed("competencies")),
    ],
    search_fields=("code", "name", "specialty__code"),
    select_related=("specialty",),
    prefetch_related=("professions", "competencies"),
    per_page=25,
)
PROFESSIONS = ReferenceList(Profession, slug="professions", **CODE_AND_NAME)
