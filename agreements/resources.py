"""Agreements as a spreadsheet: the same rules as the form, all or nothing."""

import datetime

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from partners.models import Partner
from partners.resources import ChoiceLabelWidget, StrictManyToManyWidget, TextWidget, _cell_text
from practice.models import Specialty

from . import services
from .models import Agreement, AgreementQuota

REQUIRED_COLUMNS = ["Номер", "Партнёр", "Действует с", "Действует по"]
# Excel date cells come back from the stash between the steps as ISO date-times.
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


class PartnerWidget(widgets.Widget):
    """A partner by INN or by exact name."""

    def clean(self, value, row=None, **kwargs):
        text = _cell_text(value)
        if not text:
            raise ValueError("Укажите партнёра (ИНН или полное наименование).")
        partner = (
            Partner.objects.filter(inn=text).first() or Partner.objects.filter(name=text).first()
        )
        if partner is None:
            raise ValueError(f"Партнёр «{text}» не найден в реестре: сначала добавьте его.")
        return partner

    def render(self, value, obj=None, **kwargs):
        return value.inn or value.name if value else ""


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


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _cell_text(value).lower() in ("да", "yes", "1", "true", "+")

    def render(self, value, obj=None, **kwargs):
        return "да" if value else "нет"


class AgreementResource(resources.ModelResource):
    number = fields.Field(attribute="number", column_name="Номер", widget=TextWidget())
    date = fields.Field(attribute="date", column_name="Дата", widget=RuDateWidget())
    partner = fields.Field(attribute="partner", column_name="Партнёр", widget=PartnerWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="Вид",
        widget=ChoiceLabelWidget(Agreement.Kind.choices, default=Agreement.Kind.PRACTICAL_TRAINING),
    )
    valid_from = fields.Field(
        attribute="valid_from",
        column_name="Действует с",
        widget=RuDateWidget(),
    )
    valid_to = fields.Field(
        attribute="valid_to",
        column_name="Действует по",
        widget=RuDateWidget(),
    )
    auto_prolongation = fields.Field(
        attribute="auto_prolongation", column_name="Пролонгация", widget=YesNoWidget()
    )
    specialties = fields.Field(
        attribute="specialties",
        column_name="Специальности",
        widget=StrictManyToManyWidget(Specialty, field="code"),
    )
    quotas = fields.Field(column_name="Места", widget=TextWidget())
    status = fields.Field(
        attribute="status",
        column_name="Статус",
        widget=ChoiceLabelWidget(Agreement.Status.choices, default=Agreement.Status.DRAFT),
    )
    indicators = fields.Field(attribute="indicators", column_name="Показатели", widget=TextWidget())

    class Meta:
        model = Agreement
        import_id_fields = ["number"]
        fields = [
            "number",
            "date",
            "partner",
            "kind",
            "valid_from",
            "valid_to",
            "auto_prolongation",
            "specialties",
            "quotas",
            "status",
            "indicators",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        old_status = instance.status if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if old_status and instance.status != old_status:
            errors.setdefault("status", []).append(
                "Статус существующего договора меняется на его карточке, не импортом."
            )
        if instance.kind == Agreement.Kind.TRIPARTITE:
            errors.setdefault("kind", []).append(
                "Трёхсторонние договоры заводятся на карточке: в них указывается обучающийся."
            )
        try:
            row["__quotas"] = _parse_quotas(row.get("Места"))
        except ValueError as error:
            errors.setdefault("quotas", []).append(str(error))
        else:
            for specialty, places in row["__quotas"].items():
                taken = services.places_taken(instance, specialty.pk) if instance.pk else 0
                if places < taken:
                    errors.setdefault("quotas", []).append(
                        f"{specialty.code}: уже распределено {taken}, мест не может быть меньше."
                    )
        field = self.fields["specialties"]
        if field.column_name in row:
            try:
                field.clean(row)
            except ValueError as error:
                errors.setdefault("specialties", []).append(str(error))
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        quotas = row.get("__quotas") or {}
        if quotas or "Места" in row:
            instance.quotas.all().delete()
            AgreementQuota.objects.bulk_create(
                AgreementQuota(agreement=instance, specialty=s, places=n) for s, n in quotas.items()
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Quotas are not a model field: a changed «Места» column is a change.
        if instance.pk and "Места" in row and "__quotas" in row:
            wanted = {s.pk: n for s, n in row["__quotas"].items()}
            current = dict(instance.quotas.values_list("specialty_id", "places"))
            if wanted != current:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def dehydrate_quotas(self, agreement):
        return "; ".join(f"{q.specialty.code}: {q.places}" for q in agreement.quotas.all())

    def iter_queryset(self, queryset):
        yield from queryset


def _parse_quotas(value):
    """«43.02.14: 6; 43.02.15: 4» → {Specialty: 6, …}"""
    text = _cell_text(value)
    if not text:
        return {}
    pairs = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        code, _, places = part.partition(":")
        if not places.strip().isdigit():
            raise ValueError(f"«{part}»: пишите места так: 43.02.14: 6; 43.02.15: 4.")
        pairs[code.strip()] = int(places)
    found = {s.code: s for s in Specialty.objects.filter(code__in=pairs)}
    unknown = [c for c in pairs if c not in found]
    if unknown:
        raise ValueError(f"Неизвестные специальности в «Места»: {', '.join(unknown)}.")
    return {found[c]: n for c, n in pairs.items()}
