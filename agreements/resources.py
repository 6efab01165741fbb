"""Agreements as a spreadsheet: the same rules as the form, all or nothing."""

import copy

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kitek_portal.bulk_import import BulkImporter, write_many_to_many
from partners.models import Partner
from partners.resources import (
    ChoiceLabelWidget,
    PartnerLookup,
    RuDateWidget,
    StrictManyToManyWidget,
    TextWidget,
    _cell_text,
)
from practice.models import Specialty

from .models import Agreement, AgreementQuota

REQUIRED_COLUMNS = ["Номер", "Партнёр", "Действует с", "Действует по"]


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

    def dehydrate_quotas(self, agreement):
        return "; ".join(f"{q.specialty.code}: {q.places}" for q in agreement.quotas.all())

    def iter_queryset(self, queryset):
        yield from queryset


class AgreementImport(BulkImporter):
    """Agreements from a file, matched by number: checked in memory, written in bulk."""

    required_columns = REQUIRED_COLUMNS
    compared = ("date", "partner", "kind", "valid_from", "valid_to", "auto_prolongation")
    compared += ("status", "indicators")

    def __init__(self, user=None):
        super().__init__(user)
        self.fields = {f.column_name: f for f in AgreementResource().fields.values()}
        self.labels = {name: f.column_name for name, f in AgreementResource().fields.items()}

    def prepare(self, rows):
        self.partners = PartnerLookup()
        self.specialties = {s.code: s for s in Specialty.objects.all()}
        numbers = {_cell_text(row.get("Номер")) for row in rows}
        self.agreements = {
            a.number: a
            for a in Agreement.objects.filter(number__in=numbers)
            .prefetch_related("quotas")
            .prefetch_related("specialties")
        }
        self.taken = _places_taken(self.agreements.values())
        self.seen = {}

    def plan_row(self, row, plan):
        number = _cell_text(row.get("Номер"))
        existing = self.agreements.get(number)
        # Without a «Вид» column a new agreement is the most common kind, as the column's default.
        agreement = (
            copy.copy(existing) if existing else Agreement(kind=Agreement.Kind.PRACTICAL_TRAINING)
        )
        errors = {}
        for column, value in row.items():
            resource_field = self.fields.get(column)
            if resource_field is None or resource_field.attribute in (None, "specialties"):
                continue
            try:
                if resource_field.attribute == "partner":
                    agreement.partner_id = self.partners.get(value)
                else:
                    setattr(agreement, resource_field.attribute, resource_field.widget.clean(value))
            except ValueError as error:
                errors.setdefault(resource_field.attribute, []).append(str(error))
        if existing and agreement.status != existing.status:
            errors.setdefault("status", []).append(
                "Статус существующего договора меняется на его карточке, не импортом."
            )
        if agreement.kind == Agreement.Kind.TRIPARTITE:
            errors.setdefault("kind", []).append(
                "Трёхсторонние договоры заводятся на карточке: в них указывается обучающийся."
            )
        if "Специальности" in row:
            try:
                plan.m2m["specialties"] = self._specialties(row["Специальности"])
            except ValueError as error:
                errors.setdefault("specialties", []).append(str(error))
        quotas = None
        if "Места" in row:
            try:
                quotas = _parse_quotas(row["Места"], self.specialties)
            except ValueError as error:
                errors.setdefault("quotas", []).append(str(error))
            else:
                for specialty, places in quotas.items():
                    taken = self.taken.get((number, specialty.pk), 0) if existing else 0
                    if places < taken:
                        errors.setdefault("quotas", []).append(
                            f"{specialty.code}: уже распределено {taken}, "
                            "мест не может быть меньше."
                        )
        try:
            # The partner comes from the loaded registry: no query to check it exists.
            exclude = ["partner", "specialties", *errors]
            agreement.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        if number in self.seen:
            raise ValueError(f"Договор № {number} уже есть в строке {self.seen[number]} файла.")
        self.seen[number] = plan.number
        plan.instance = agreement
        plan.quotas = quotas
        if existing is None:
            plan.action = "new"
            return
        plan.changed = {
            name
            for name in self.compared
            if getattr(agreement, "partner_id" if name == "partner" else name)
            != getattr(existing, "partner_id" if name == "partner" else name)
        }
        if plan.m2m.get("specialties") == {s.pk for s in existing.specialties.all()}:
            del plan.m2m["specialties"]
        current = {q.specialty_id: q.places for q in existing.quotas.all()}
        if quotas is not None and {s.pk: n for s, n in quotas.items()} == current:
            plan.quotas = None
        changed = plan.changed or plan.m2m or plan.quotas is not None
        plan.action = "update" if changed else "skip"

    def _specialties(self, value):
        codes = [c.strip() for c in str(value or "").replace(";", ",").split(",") if c.strip()]
        unknown = [c for c in codes if c not in self.specialties]
        if unknown:
            known = ", ".join(self.specialties)
            raise ValueError(f"Неизвестно: {', '.join(unknown)}. Допустимо: {known}.")
        return {self.specialties[c].pk for c in codes}

    def write(self, plans):
        reason = "Импорт из файла"
        created = [p.instance for p in plans if p.action == "new"]
        bulk_create_with_history(
            created, Agreement, batch_size=500, default_user=self.user, default_change_reason=reason
        )
        updated = [p for p in plans if p.action == "update" and p.changed]
        if updated:
            bulk_update_with_history(
                [p.instance for p in updated],
                Agreement,
                fields=sorted(set().union(*(p.changed for p in updated))),
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        write_many_to_many(Agreement, ["specialties"], plans)
        with_quotas = [p for p in plans if p.action != "skip" and p.quotas is not None]
        AgreementQuota.objects.filter(agreement__in=[p.instance.pk for p in with_quotas]).delete()
        AgreementQuota.objects.bulk_create(
            AgreementQuota(agreement_id=p.instance.pk, specialty=s, places=n)
            for p in with_quotas
            for s, n in p.quotas.items()
        )


def _places_taken(agreements):
    """{(number, specialty id): the most students placed at once}: one query for the file.

    The same rule as ``services.places_taken``, for every existing agreement at once.
    """
    from practice.models import Placement

    agreements = list(agreements)
    if not agreements:
        return {}
    rows = (
        Placement.objects.active()
        .filter(partner_id__in={a.partner_id for a in agreements})
        .values("partner_id", "student__group__specialty_id", "period_id")
        .annotate(n=Count("pk"), start=Min("period__start"), end=Max("period__end"))
    )
    taken = {}
    for row in rows:
        for agreement in agreements:
            inside = agreement.valid_from <= row["start"] and row["end"] <= agreement.valid_to
            if row["partner_id"] == agreement.partner_id and inside:
                key = (agreement.number, row["student__group__specialty_id"])
                taken[key] = max(taken.get(key, 0), row["n"])
    return taken


def _parse_quotas(value, specialties=None):
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
    if specialties is None:
        specialties = {s.code: s for s in Specialty.objects.filter(code__in=pairs)}
    found = {code: specialties[code] for code in pairs if code in specialties}
    unknown = [c for c in pairs if c not in found]
    if unknown:
        raise ValueError(f"Неизвестные специальности в «Места»: {', '.join(unknown)}.")
    return {found[c]: n for c, n in pairs.items()}
