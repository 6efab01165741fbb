"""The partner registry as a spreadsheet (django-import-export).

Columns are in Russian, as practice heads keep them. Rows are matched by INN
(by exact name when a row has no INN), so importing the same file again
updates and creates no duplicates. Every row goes through the model's
``full_clean()``: an import is no back door around the rules of the form.
"""

import copy
import datetime

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kitek_portal.bulk_import import BulkImporter, write_many_to_many
from practice.models import Specialty

from .models import CooperationForm, Partner, Sector

REQUIRED_COLUMNS = ["Наименование"]
# Excel date cells come back from the stash between the steps as ISO date-times.
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


class ChoiceLabelWidget(widgets.Widget):
    """A choice field written and read by its Russian label (the code is accepted too)."""

    def __init__(self, choices, default=None, aliases=None, **kwargs):
        self.choices = list(choices)
        self.default = default
        self.lookup = {_choice_key(code): code for code, _ in self.choices}
        self.lookup |= {_choice_key(label): code for code, label in self.choices}
        self.lookup |= {_choice_key(alias): code for alias, code in (aliases or {}).items()}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _cell_text(value)
        if not text:
            return self.default
        code = self.lookup.get(_choice_key(text))
        if code is not None:
            return code
        allowed = ", ".join(str(label) for _, label in self.choices)
        raise ValueError(f"Неизвестное значение «{text}». Допустимо: {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Comma-separated names; an unknown name is an error, not silently dropped."""

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").replace(";", ",").split(",") if n.strip()]
        if not names:
            return self.model.objects.none()
        found = {
            str(getattr(obj, self.field)).lower(): obj
            for obj in self.model.objects.filter(**{f"{self.field}__in": names})
        }
        unknown = [n for n in names if n.lower() not in found]
        if unknown:
            known = ", ".join(self.model.objects.values_list(self.field, flat=True))
            raise ValueError(f"Неизвестно: {', '.join(unknown)}. Допустимо: {known}.")
        return [found[n.lower()] for n in names]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(getattr(o, self.field)) for o in value.all()) if value else ""


def _choice_key(text):
    return " ".join(str(text).lower().replace("ё", "е").split())


def _cell_text(value):
    """Spreadsheet cell as text; Excel turns 7707083893 and 3 into floats."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class RuDateWidget(widgets.Widget):
    """06.12.2021 (or an ISO date, or an Excel date cell)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _cell_text(value)
        if not text:
            return None
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"«{text}» — не дата. Пишите дату так: 06.12.2021.")

    def render(self, value, obj=None, **kwargs):
        return f"{value:%d.%m.%Y}" if value else ""


class PartnerLookup:
    """Partners by INN or exact name, for a whole file in one query."""

    def __init__(self):
        partners = Partner.objects.only("pk", "inn", "name")
        self.by_inn = {p.inn: p.pk for p in partners if p.inn}
        self.by_name = {p.name: p.pk for p in partners}

    def find(self, value):
        text = _cell_text(value)
        return self.by_inn.get(text) or self.by_name.get(text)

    def get(self, value):
        """The partner's id; a row error when the cell is empty or names nobody."""
        text = _cell_text(value)
        if not text:
            raise ValueError("Укажите партнёра (ИНН или полное наименование).")
        pk = self.find(text)
        if pk is None:
            raise ValueError(f"Партнёр «{text}» не найден в реестре: сначала добавьте его.")
        return pk


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _cell_text(value)


def _text(attribute, column):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget())


class PartnerResource(resources.ModelResource):
    name = _text("name", "Наименование")
    short_name = _text("short_name", "Краткое наименование")
    legal_form = _text("legal_form", "ОПФ")
    country = fields.Field(
        attribute="country",
        column_name="Страна",
        widget=ChoiceLabelWidget(Partner.Country.choices, default=Partner.Country.RUSSIA),
    )
    region = _text("region", "Регион")
    city = _text("city", "Населённый пункт")
    address = _text("address", "Адрес")
    website = _text("website", "Сайт")
    inn = _text("inn", "ИНН")
    ogrn = _text("ogrn", "ОГРН")
    sectors = fields.Field(
        attribute="sectors",
        column_name="Отрасли",
        widget=StrictManyToManyWidget(Sector, field="name"),
    )
    specialties = fields.Field(
        attribute="specialties",
        column_name="Специальности",
        widget=StrictManyToManyWidget(Specialty, field="code"),
    )
    cooperation_forms = fields.Field(
        attribute="cooperation_forms",
        column_name="Формы сотрудничества",
        widget=StrictManyToManyWidget(CooperationForm, field="name"),
    )
    status = fields.Field(
        attribute="status",
        column_name="Статус",
        widget=ChoiceLabelWidget(Partner.Status.choices, default=Partner.Status.POTENTIAL),
    )
    stage = fields.Field(
        attribute="stage",
        column_name="Этап",
        widget=ChoiceLabelWidget(
            [(s.value, str(s.value)) for s in Partner.Stage], default=Partner.Stage.CONSULTATION
        ),
    )
    places_per_year = fields.Field(
        attribute="places_per_year", column_name="Мест в год", widget=widgets.IntegerWidget()
    )
    college_offers = _text("college_offers", "Что предлагает колледж")
    college_requests = _text("college_requests", "Что просит колледж")
    notes = _text("notes", "Заметки")

    class Meta:
        model = Partner
        import_id_fields = ["inn"]
        fields = [
            "name",
            "short_name",
            "legal_form",
            "country",
            "region",
            "city",
            "address",
            "website",
            "inn",
            "ogrn",
            "sectors",
            "specialties",
            "cooperation_forms",
            "status",
            "stage",
            "places_per_year",
            "college_offers",
            "college_requests",
            "notes",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    # Row by row, for the admin's import (ImportExportModelAdmin); the portal's import page
    # goes through PartnerImport below, with the same rules.
    def get_instance(self, instance_loader, row):
        inn = "".join(_cell_text(row.get("ИНН")).split())
        if inn:
            return Partner.objects.filter(inn=inn).first()
        # No INN: the same name is the same partner (so a re-import stays idempotent).
        name = str(row.get("Наименование") or "").strip()
        return Partner.objects.filter(name=name, inn="").first() if name else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        old_status = instance.status if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.places_per_year is None:
            instance.places_per_year = 0
        if old_status and instance.status != old_status:
            # A status change is logged with who and why: it belongs on the card.
            errors.setdefault("status", []).append(
                "Статус существующего партнёра меняется на его карточке, не импортом."
            )
        # Many-to-many columns are saved after the row; check their names now so a
        # typo is a row error in the preview rather than a failure on confirm.
        for resource_field in self.get_import_fields():
            is_m2m = isinstance(resource_field.widget, widgets.ManyToManyWidget)
            if is_m2m and resource_field.column_name in row:
                try:
                    resource_field.clean(row)
                except ValueError as error:
                    errors.setdefault(resource_field.attribute, []).append(str(error))
        if errors:
            raise ValidationError(errors)

    def iter_queryset(self, queryset):
        # One pass over a prefetched queryset: a constant number of queries.
        yield from queryset


class PartnerImport(BulkImporter):
    """Partners from a file: matched by INN (by exact name without one), checked in memory."""

    required_columns = REQUIRED_COLUMNS
    many_to_many = {
        "sectors": (Sector, "name"),
        "specialties": (Specialty, "code"),
        "cooperation_forms": (CooperationForm, "name"),
    }

    def __init__(self, user=None):
        super().__init__(user)
        self.fields = {f.column_name: f for f in PartnerResource().fields.values()}
        self.labels = {f.attribute: column for column, f in self.fields.items()}

    def prepare(self, rows):
        self.references = {}
        for attribute, (model, key) in self.many_to_many.items():
            names = {str(getattr(o, key)).lower(): o.pk for o in model.objects.all()}
            self.references[attribute] = names
        partners = Partner.objects.prefetch_related(*self.many_to_many)
        self.by_inn, self.by_name = {}, {}
        for partner in partners:
            if partner.inn:
                self.by_inn[partner.inn] = partner
            else:
                self.by_name.setdefault(partner.name, partner)
        self.seen = {}

    def plan_row(self, row, plan):
        inn = "".join(_cell_text(row.get("ИНН")).split())
        name = _cell_text(row.get("Наименование"))
        partner = self.by_inn.get(inn) if inn else self.by_name.get(name)
        instance = copy.copy(partner) if partner else Partner()
        before = model_to_dict(instance) if partner else None
        old_status = instance.status if partner else None
        errors = {}
        for column, value in row.items():
            resource_field = self.fields.get(column)
            if resource_field is None:
                continue
            attribute = resource_field.attribute
            try:
                if attribute in self.many_to_many:
                    plan.m2m[attribute] = self._references(attribute, value)
                else:
                    setattr(instance, attribute, resource_field.widget.clean(value, row=row))
            except ValueError as error:
                errors.setdefault(attribute, []).append(str(error))
        if instance.places_per_year is None:
            instance.places_per_year = 0
        if old_status and instance.status != old_status:
            # A status change is logged with who and why: it belongs on the card.
            errors.setdefault("status", []).append(
                "Статус существующего партнёра меняется на его карточке, не импортом."
            )
        try:
            # Uniqueness is checked below against the loaded registry, not row by row.
            instance.full_clean(
                exclude=[*self.many_to_many, *errors],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        key = instance.inn or ("name", instance.name)
        if key in self.seen:
            raise ValueError(f"Этот партнёр уже есть в строке {self.seen[key]} файла.")
        self.seen[key] = plan.number
        if instance.inn and instance.inn in self.by_inn and partner is None:
            raise ValueError(f"ИНН {instance.inn} уже есть в реестре у другого партнёра.")
        plan.instance = instance
        if partner is None:
            plan.action = "new"
            return
        plan.changed = {k for k, v in model_to_dict(instance).items() if before[k] != v}
        plan.changed -= set(self.many_to_many)
        for attribute, ids in list(plan.m2m.items()):
            if ids == {o.pk for o in getattr(partner, attribute).all()}:
                del plan.m2m[attribute]
        plan.action = "update" if plan.changed or plan.m2m else "skip"

    def _references(self, attribute, value):
        names = [n.strip() for n in str(value or "").replace(";", ",").split(",") if n.strip()]
        known = self.references[attribute]
        unknown = [n for n in names if n.lower() not in known]
        if unknown:
            model, key = self.many_to_many[attribute]
            allowed = ", ".join(str(getattr(o, key)) for o in model.objects.all())
            raise ValueError(f"Неизвестно: {', '.join(unknown)}. Допустимо: {allowed}.")
        return {known[n.lower()] for n in names}

    def write(self, plans):
        reason = "Импорт из файла"
        created = [p.instance for p in plans if p.action == "new"]
        bulk_create_with_history(
            created, Partner, batch_size=500, default_user=self.user, default_change_reason=reason
        )
        updated = [p for p in plans if p.action == "update" and p.changed]
        fields = sorted(set().union(*(p.changed for p in updated))) if updated else []
        if updated:
            bulk_update_with_history(
                [p.instance for p in updated],
                Partner,
                fields=fields,
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        write_many_to_many(Partner, self.many_to_many, plans)


def template_dataset():
    """An empty file with the headers and one example row, for users to fill in.

    The example row starts with «Образец:», so it is never imported if left in.
    """
    resource = PartnerResource()
    dataset = resource.export(Partner.objects.none())
    dataset.append(
        [
            "Образец: ООО «Пример»",
            "Пример",
            "ООО",
            "Россия",
            "Омская область",
            "Омск",
            "ул. Ленина, 1",
            "",
            "7707083893",
            "",
            "Общественное питание",
            "43.02.15",
            "База практики, Наставничество",
            "Потенциальный",
            "1",
            "4",
            "",
            "",
            "",
        ]
    )
    return dataset
