"""The employer participation register from a file (XLSX or CSV), as the college keeps it.

A row is the same event as a record in the register when partner, date, kind and
title agree, so importing the same file again creates nothing new; a changed role,
specialty, group or result updates the record.
"""

import copy

import tablib
from django.core.exceptions import ValidationError

from kitek_portal.bulk_import import BulkImporter
from practice.models import Specialty, StudentGroup

from .models import Participation
from .resources import ChoiceLabelWidget, PartnerLookup, RuDateWidget, _cell_text

Kind, Role = Participation.Kind, Participation.Role
KIND_ALIASES = {
    "Квалификационный экзамен": Kind.QUALIFICATION_EXAM,
    "Экзамен квалификационный": Kind.QUALIFICATION_EXAM,
    "Демонстрационный экзамен": Kind.DEMO_EXAM,
    "Демоэкзамен": Kind.DEMO_EXAM,
    "ДЭ": Kind.DEMO_EXAM,
    "ГИА": Kind.GIA,
    "ГЭК": Kind.GIA,
    "Комиссия ГИА": Kind.GIA,
    "НОУ": Kind.NOU,
    "Чемпионат": Kind.CHAMPIONSHIP,
    "Профессионалы": Kind.CHAMPIONSHIP,
    "«Профессионалы»": Kind.CHAMPIONSHIP,
    "WorldSkills": Kind.CHAMPIONSHIP,
    "Стажировка": Kind.INTERNSHIP,
    "Стажировка преподавателей": Kind.INTERNSHIP,
    "Работодатель — выпускнику": Kind.EMPLOYER_TO_GRADUATE,
    "Работодатель - выпускнику": Kind.EMPLOYER_TO_GRADUATE,
    "Работодатель – выпускнику": Kind.EMPLOYER_TO_GRADUATE,
}
ROLE_ALIASES = {
    "Председатель": Role.CHAIR,
    "Член": Role.MEMBER,
    "Член ГЭК": Role.MEMBER,
    "Спонсор": Role.SPONSOR,
    "Партнёр": Role.SPONSOR,
    "Лектор": Role.LECTURER,
    "Ведущий": Role.LECTURER,
    "Принимающая организация": Role.HOST,
}
COLUMNS = {
    "date": "Дата",
    "kind": "Вид участия",
    "title": "Мероприятие",
    "partner": "Партнёр",
    "role": "Роль",
    "specialty": "Специальность",
    "group": "Группа",
    "result": "Результат",
}
COMPARED = ("role", "specialty", "group", "result")


def _title(value):
    return " ".join(_cell_text(value).split())


class ParticipationImport(BulkImporter):
    """Participation records, matched by (partner, date, kind, title), written in bulk."""

    required_columns = ["Дата", "Вид участия", "Мероприятие", "Партнёр"]
    labels = COLUMNS
    widgets = {
        "date": RuDateWidget(),
        "kind": ChoiceLabelWidget(Kind.choices, aliases=KIND_ALIASES),
        "role": ChoiceLabelWidget(Role.choices, default=Role.EXPERT, aliases=ROLE_ALIASES),
    }

    def prepare(self, rows):
        self.partners = PartnerLookup()
        self.specialties = {s.code: s.pk for s in Specialty.objects.only("pk", "code")}
        self.groups = {g.name: g for g in StudentGroup.objects.only("pk", "name", "specialty_id")}
        self.groups_by_pk = {g.pk: g for g in self.groups.values()}
        dates = set()
        for row in rows:
            try:
                dates.add(self.widgets["date"].clean(row.get("Дата")))
            except ValueError:
                continue
        self.existing = {
            (p.partner_id, p.date, p.kind, p.title): p
            for p in Participation.objects.filter(date__in=dates - {None})
        }
        self.seen = {}

    def plan_row(self, row, plan):
        record, errors = Participation(created_by=self.user), {}
        for name in ("date", "kind", "role"):
            try:
                setattr(record, name, self.widgets[name].clean(row.get(COLUMNS[name])))
            except ValueError as error:
                errors[name] = [str(error)]
        record.title = _title(row.get("Мероприятие"))
        record.result = _cell_text(row.get("Результат"))
        for name, find in (("partner", self.partners.get), ("group", self._group)):
            try:
                setattr(record, name + "_id", find(row.get(COLUMNS[name])))
            except ValueError as error:
                errors[name] = [str(error)]
        try:
            record.specialty_id = self._specialty(row.get("Специальность"), record.group_id)
        except ValueError as error:
            errors["specialty"] = [str(error)]
        if record.group_id:
            record.group = self.groups_by_pk[record.group_id]  # clean() reads its specialty
        try:
            # Partner, specialty, group and the user are known: no query per row.
            exclude = ["partner", "specialty", "group", "contacts", "created_by", *errors]
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        self._match(record, plan)

    def _match(self, record, plan):
        key = (record.partner_id, record.date, record.kind, record.title)
        if key in self.seen:
            raise ValueError(f"Это же участие уже есть в строке {self.seen[key]} файла.")
        self.seen[key] = plan.number
        existing = self.existing.get(key)
        if existing is None:
            plan.action, plan.instance = "new", record
            return
        plan.instance = copy.copy(existing)
        attnames = {n: Participation._meta.get_field(n).attname for n in COMPARED}
        plan.changed = {
            n for n, a in attnames.items() if getattr(record, a) != getattr(existing, a)
        }
        for name in plan.changed:
            setattr(plan.instance, attnames[name], getattr(record, attnames[name]))
        plan.action = "update" if plan.changed else "skip"

    def _group(self, value):
        name = " ".join(_cell_text(value).split())
        if not name:
            return None
        if name not in self.groups:
            raise ValueError(f"Группа «{name}» не найдена.")
        return self.groups[name].pk

    def _specialty(self, value, group_id):
        """The specialty by its code; without one, the group's."""
        code = _cell_text(value).split(" ")[0]
        if not code:
            return self.groups_by_pk[group_id].specialty_id if group_id else None
        if code not in self.specialties:
            raise ValueError(f"Специальность {code} не найдена в справочнике.")
        return self.specialties[code]

    def write(self, plans):
        Participation.objects.bulk_create(
            [p.instance for p in plans if p.action == "new"], batch_size=1000
        )
        updated = [p for p in plans if p.action == "update"]
        if updated:
            fields = sorted(set().union(*(p.changed for p in updated)))
            Participation.objects.bulk_update(
                [p.instance for p in updated], fields, batch_size=1000
            )


def template_dataset():
    """The columns and one example row («Образец: …» is never imported)."""
    dataset = tablib.Dataset(headers=list(COLUMNS.values()))
    dataset.append(
        [
            "Образец: 20.06.2026",
            "Демонстрационный экзамен",
            "Демоэкзамен по компетенции «Поварское дело»",
            "7707083893",
            "Эксперт",
            "43.02.15",
            "41 ПК",
            "Оценено 18 выпускников",
        ]
    )
    return dataset
