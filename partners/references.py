"""The partner reference lists: sectors and forms of cooperation."""

from kitek_portal.reference_lists import ReferenceList

from .models import CooperationForm, Sector

SECTORS = ReferenceList(Sector, slug="sectors", fields=["name"], columns=[("Отрасль", "name")])
COOPERATION_FORMS = ReferenceList(
    CooperationForm,
    slug="cooperation-forms",
    fields=["name", "code", "order"],
    columns=[("№ п/п", "order"), ("Форма сотрудничества", "name"), ("Код", "code")],
)
