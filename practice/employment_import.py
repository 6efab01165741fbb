"""Graduate employment from a file (XLSX or CSV), as the college collects it each year.

The graduate is found by full name within the group (a row error when nobody or
two students match); a student not yet marked graduated becomes a graduate on the
file's graduation date. A graduate has one record per date, so the same file
imported again creates nothing new and a corrected row updates its record.
"""

import copy
import datetime

import tablib
from django.core.exceptions import ValidationError

from kitek_portal.bulk_import import BulkImporter
from partners.resources import ChoiceLabelWidget, PartnerLookup, RuDateWidget, _cell_text

from .models import Employment, Student

Status, Source = Employment.Status, Employment.Source
STATUS_ALIASES = {
    "Трудоустроена по специальности": Status.IN_SPECIALTY,
    "Трудоустроен(а) по специальности": Status.IN_SPECIALTY,
    "По специальности": Status.IN_SPECIALTY,
    "Трудоустроена не по специальности": Status.ELSEWHERE,
    "Трудоустроен(а) не по специальности": Status.ELSEWHERE,
    "Не по специальности": Status.ELSEWHERE,
    "Продолжила обучение": Status.STUDYING,
    "Продолжил обучение": Status.STUDYING,
    "Обучение": Status.STUDYING,
    "Учится": Status.STUDYING,
    "Армия": Status.ARMY,
    "Призван": Status.ARMY,
    "Служба в армии": Status.ARMY,
    "Отпуск по уходу за ребенком": Status.PARENTAL_LEAVE,
    "Декрет": Status.PARENTAL_LEAVE,
    "Декретный отпуск": Status.PARENTAL_LEAVE,
    "Не трудоустроена": Status.NOT_EMPLOYED,
    "Не трудоустроен(а)": Status.NOT_EMPLOYED,
    "Не работает": Status.NOT_EMPLOYED,
}
SOURCE_ALIASES = {
    "Выпускник": Source.GRADUATE,
    "Выпускница": Source.GRADUATE,
    "Работодатель": Source.EMPLOYER,
    "ЦЗН": Source.EMPLOYMENT_SERVICE,
    "Документ": Source.DOCUMENT,
    "Справка": Source.DOCUMENT,
    "Приказ": Source.DOCUMENT,
}
COLUMNS = {
    "student": "ФИО",
    "group": "Группа",
    "year": "Год выпуска",
    "graduated_on": "Дата выпуска",
    "status": "Статус",
    "organisation": "Организация",
    "position": "Должность",
    "date": "Дата",
    "source": "Источник",
}
COMPARED = ("status", "partner_id", "organisation", "position", "source")
# Without a date, a «Год выпуска» means the end of that academic year.
GRADUATION_DAY = (6, 30)


def name_key(value):
    return " ".join(_cell_text(value).lower().replace("ё", "е").split())


class EmploymentImport(BulkImporter):
    """Employment records of graduates, checked in memory, written in bulk."""

    required_columns = ["ФИО", "Группа", "Статус"]
    labels = COLUMNS
    dates = RuDateWidget()
    status_widget = ChoiceLabelWidget(Status.choices, aliases=STATUS_ALIASES)
    source_widget = ChoiceLabelWidget(
        Source.choices, default=Source.GRADUATE, aliases=SOURCE_ALIASES
    )

    def prepare(self, rows):
        self.partners = PartnerLookup()
        groups = {" ".join(_cell_text(row.get("Группа")).split()) for row in rows}
        self.students = {}  # (group, name) → the students of that name
        for student in Student.objects.filter(group__name__in=groups).select_related("group"):
            key = (student.group.name, name_key(student.full_name))
            self.students.setdefault(key, []).append(student)
        self.records = {
            (e.student_id, e.date): e
            for e in Employment.objects.filter(student__group__name__in=groups)
        }
        self.graduating = {}  # student id → the student as marked graduated
        self.seen = {}

    def plan_row(self, row, plan):
        student = self._student(row)
        errors = {}
        try:
            graduated_on = self._graduation(row, student, plan)
        except ValueError as error:
            errors["graduated_on"] = [str(error)]
            graduated_on = None
        record = Employment(student_id=student.pk, recorded_by=self.user)
        for name, widget in (("status", self.status_widget), ("source", self.source_widget)):
            try:
                setattr(record, name, widget.clean(row.get(COLUMNS[name])))
            except ValueError as error:
                errors[name] = [str(error)]
        try:
            record.date = self.dates.clean(row.get("Дата")) or graduated_on
        except ValueError as error:
            errors["date"] = [str(error)]
        organisation = " ".join(_cell_text(row.get("Организация")).split())
        record.partner_id = self.partners.find(organisation) if organisation else None
        record.organisation = "" if record.partner_id else organisation
        record.position = " ".join(_cell_text(row.get("Должность")).split())
        try:
            # The student, the partner and the user are known: no query per row.
            exclude = ["student", "partner", "recorded_by", *errors]
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        self._match(record, plan)

    def _student(self, row):
        group = " ".join(_cell_text(row.get("Группа")).split())
        name = " ".join(_cell_text(row.get("ФИО")).split())
        if not (group and name):
            raise ValueError("Укажите ФИО выпускника и группу.")
        found = self.students.get((group, name_key(name)), [])
        if not found:
            raise ValueError(f"В группе «{group}» нет обучающегося «{name}».")
        if len(found) > 1:
            raise ValueError(
                f"В группе «{group}» несколько обучающихся «{name}»: "
                "внесите сведения на странице выпускников."
            )
        return found[0]

    def _graduation(self, row, student, plan):
        """The graduation date: the student's own, else the file's (and the student is
        marked graduated when the file is imported)."""
        date = self.dates.clean(row.get("Дата выпуска"))
        year = _cell_text(row.get("Год выпуска"))
        if not date and year:
            if not (year.isdigit() and 1990 <= int(year) <= 2100):
                raise ValueError(f"«{year}» — не год выпуска. Пишите год так: 2026.")
            date = datetime.date(int(year), *GRADUATION_DAY)
        if student.status == Student.Status.GRADUATED:
            if date and student.graduated_on and date.year != student.graduated_on.year:
                plan.warnings.append(
                    f"{student.full_name} выпущен(а) {student.graduated_on:%d.%m.%Y}; "
                    "дата выпуска из файла не меняет её."
                )
            return student.graduated_on or date
        if student.status == Student.Status.EXPELLED:
            raise ValueError(f"{student.full_name} отчислен(а), а не выпущен(а).")
        if not date:
            raise ValueError(
                f"{student.full_name} ещё не отмечен(а) выпускником: "
                "укажите «Год выпуска» или «Дату выпуска»."
            )
        if student.pk not in self.graduating:
            graduate = copy.copy(student)
            graduate.status, graduate.graduated_on = Student.Status.GRADUATED, date
            self.graduating[student.pk] = graduate
            plan.warnings.append(
                f"{student.full_name} будет отмечен(а) выпускником {date:%d.%m.%Y}."
            )
        return self.graduating[student.pk].graduated_on

    def _match(self, record, plan):
        key = (record.student_id, record.date)
        if key in self.seen:
            raise ValueError(
                f"Сведения об этом выпускнике на {record.date:%d.%m.%Y} уже есть "
                f"в строке {self.seen[key]} файла."
            )
        self.seen[key] = plan.number
        existing = self.records.get(key)
        if existing is None:
            plan.action, plan.instance = "new", record
            return
        plan.instance = copy.copy(existing)
        plan.changed = {n for n in COMPARED if getattr(record, n) != getattr(existing, n)}
        for name in plan.changed:
            setattr(plan.instance, name, getattr(record, name))
        plan.action = "update" if plan.changed else "skip"

    def write(self, plans):
        Student.objects.bulk_update(
            list(self.graduating.values()), ["status", "graduated_on"], batch_size=1000
        )
        Employment.objects.bulk_create(
            [p.instance for p in plans if p.action == "new"], batch_size=1000
        )
        updated = [p for p in plans if p.action == "update"]
        if updated:
            fields = sorted(set().union(*(p.changed for p in updated)))
            fields = [name.removesuffix("_id") for name in fields]
            Employment.objects.bulk_update([p.instance for p in updated], fields, batch_size=1000)


def template_dataset():
    """The columns and one example row («Образец: …» is never imported)."""
    dataset = tablib.Dataset(headers=list(COLUMNS.values()))
    dataset.append(
        [
            "Образец: Иванова Анна Петровна",
            "41 ГД",
            2026,
            "",
            "Трудоустроена по специальности",
            "7707083893",
            "Администратор гостиницы",
            "01.08.2026",
            "Со слов выпускника",
        ]
    )
    return dataset
