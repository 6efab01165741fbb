"""Groups and students from the lists colleges keep (ФИО, группа, специальность, …).

A group that does not exist yet is created from the row (specialty, course,
year of admission); students are matched by full name within the group, so the
same list imported again changes nothing.
"""

import copy
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources

from kitek_portal.bulk_import import BulkImporter
from partners.resources import ChoiceLabelWidget, TextWidget, _cell_text

from .models import Specialty, Student, StudentGroup

REQUIRED_COLUMNS = ["ФИО", "Группа"]
_SPECIALTY_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")
# Lists name the student as they are: «Отчислена», «Выпускница», «в академе».
STATUS_ALIASES = {
    "Обучающаяся": Student.Status.STUDYING,
    "Учится": Student.Status.STUDYING,
    "Студентка": Student.Status.STUDYING,
    "Студент": Student.Status.STUDYING,
    "Академ": Student.Status.ACADEMIC_LEAVE,
    "В академическом отпуске": Student.Status.ACADEMIC_LEAVE,
    "Академический": Student.Status.ACADEMIC_LEAVE,
    "Выпускница": Student.Status.GRADUATED,
    "Выпустилась": Student.Status.GRADUATED,
    "Выпустился": Student.Status.GRADUATED,
    "Окончил": Student.Status.GRADUATED,
    "Окончила": Student.Status.GRADUATED,
    "Отчислена": Student.Status.EXPELLED,
    "Отчислен(а)": Student.Status.EXPELLED,
    "Отчисленная": Student.Status.EXPELLED,
    "Отчисленный": Student.Status.EXPELLED,
}


class StudentResource(resources.ModelResource):
    full_name = fields.Field(column_name="ФИО", widget=TextWidget())
    group = fields.Field(attribute="group", column_name="Группа", widget=TextWidget())
    specialty = fields.Field(column_name="Специальность", widget=TextWidget())
    course = fields.Field(column_name="Курс", widget=TextWidget())
    admission_year = fields.Field(column_name="Год набора", widget=TextWidget())
    status = fields.Field(
        attribute="status",
        column_name="Статус",
        widget=ChoiceLabelWidget(
            Student.Status.choices, default=Student.Status.STUDYING, aliases=STATUS_ALIASES
        ),
    )
    phone = fields.Field(attribute="phone", column_name="Телефон", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="E-mail", widget=TextWidget())

    class Meta:
        model = Student
        fields = [
            "full_name",
            "group",
            "specialty",
            "course",
            "admission_year",
            "status",
            "phone",
            "email",
        ]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def dehydrate_full_name(self, student):
        return student.full_name

    def dehydrate_group(self, student):
        return student.group.name

    def dehydrate_specialty(self, student):
        return str(student.group.specialty)

    def dehydrate_course(self, student):
        return student.group.course

    def dehydrate_admission_year(self, student):
        return student.group.admission_year


def _split_name(value):
    parts = _cell_text(value).split()
    if len(parts) < 2:
        return None
    return parts[0], parts[1], " ".join(parts[2:])


class StudentImport(BulkImporter):
    """Students (and their new groups) from a list, checked in memory, written in bulk."""

    required_columns = REQUIRED_COLUMNS

    def __init__(self, user=None):
        super().__init__(user)
        self.fields = {f.column_name: f for f in StudentResource().fields.values()}
        self.labels = {name: f.column_name for name, f in StudentResource().fields.items()}

    def prepare(self, rows):
        today = timezone.localdate()
        self.school_year = today.year if today.month >= 9 else today.year - 1
        self.specialties = {s.code: s for s in Specialty.objects.all()}
        self.groups = {g.name: g for g in StudentGroup.objects.select_related("specialty")}
        names = {_group_name(row) for row in rows}
        self.students = {
            (s.group.name, s.last_name, s.first_name, s.middle_name): s
            for s in Student.objects.filter(group__name__in=names).select_related("group")
        }
        self.new_groups = {}  # name → (group, the first row's line)
        self.seen = {}

    def plan_row(self, row, plan):
        group = self._group(row, plan)
        errors = {}
        names = _split_name(row.get("ФИО"))
        if not names:
            raise ValidationError({"full_name": "Укажите фамилию и имя (отчество — если есть)."})
        key = (group.name, *names)
        existing = self.students.get(key)
        student = copy.copy(existing) if existing else Student(group=group)
        student.last_name, student.first_name, student.middle_name = names
        for name in ("status", "phone", "email"):
            resource_field = self.fields[self.labels[name]]
            if resource_field.column_name in row:
                try:
                    setattr(
                        student, name, resource_field.widget.clean(row[resource_field.column_name])
                    )
                except ValueError as error:
                    errors[name] = [str(error)]
        try:
            student.full_clean(exclude=["group", *errors], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        if key in self.seen:
            raise ValueError(f"Этот обучающийся уже есть в строке {self.seen[key]} файла.")
        self.seen[key] = plan.number
        plan.instance = student
        if existing is None:
            plan.action = "new"
            return
        plan.changed = {
            name
            for name in ("status", "phone", "email")
            if getattr(student, name) != getattr(existing, name)
        }
        plan.action = "update" if plan.changed else "skip"

    def _group(self, row, plan):
        """The row's group; a new one is made from the row's specialty, course and year."""
        name = _group_name(row)
        if not name:
            raise ValueError("Не указана группа.")
        code, course, year = self._group_columns(row, name)
        group = self.groups.get(name)
        if group is None and name in self.new_groups:
            group, first_line = self.new_groups[name]
        if group is not None:
            plan.warnings += _contradictions(group, code, course, year)
            return group
        if not code:
            raise ValueError(
                f"Группы «{name}» ещё нет: укажите в столбце «Специальность» код, "
                "например 43.02.14."
            )
        specialty = self.specialties.get(code)
        if specialty is None:
            raise ValueError(f"Специальность {code} не найдена в справочнике.")
        course = course or _course_from_name(name)
        if course is None:
            raise ValueError("Курс — число от 1 до 5 (или начните название группы с номера курса).")
        year = year or self.school_year - course + 1
        group = StudentGroup(name=name, specialty=specialty, course=course, admission_year=year)
        # The specialty comes from the loaded list: no query to check that it exists.
        group.full_clean(exclude=["specialty"], validate_unique=False, validate_constraints=False)
        self.new_groups[name] = (group, plan.number)
        return group

    def _group_columns(self, row, name):
        match = _SPECIALTY_CODE.search(_cell_text(row.get("Специальность")))
        course_text = _cell_text(row.get("Курс"))
        if course_text and not (course_text.isdigit() and 1 <= int(course_text) <= 5):
            raise ValueError("Курс — число от 1 до 5 (или начните название группы с номера курса).")
        year_text = _cell_text(row.get("Год набора"))
        if year_text and not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            raise ValueError(f"«{year_text}» — не год набора. Пишите год так: 2024.")
        return (
            match.group() if match else "",
            int(course_text) if course_text else None,
            int(year_text) if year_text else None,
        )

    def write(self, plans):
        groups = [group for group, _ in self.new_groups.values()]
        StudentGroup.objects.bulk_create(groups, batch_size=1000)
        created = []
        for plan in plans:
            if plan.action == "new":
                plan.instance.group = plan.instance.group  # the group's new id
                created.append(plan.instance)
        Student.objects.bulk_create(created, batch_size=1000)
        updated = [p for p in plans if p.action == "update"]
        if updated:
            fields = sorted(set().union(*(p.changed for p in updated)))
            Student.objects.bulk_update([p.instance for p in updated], fields, batch_size=1000)


def _group_name(row):
    return " ".join(_cell_text(row.get("Группа")).split())


def _course_from_name(name):
    return int(name[0]) if name[:1].isdigit() and 1 <= int(name[0]) <= 5 else None


def _contradictions(group, code, course, year):
    """Warnings for a row whose specialty, course or year differ from its group's."""
    found = []
    if code and code != group.specialty.code:
        found.append(f"специальность {code}, а у группы — {group.specialty.code}")
    if course and course != group.course:
        found.append(f"курс {course}, а у группы — {group.course}")
    if year and year != group.admission_year:
        found.append(f"год набора {year}, а у группы — {group.admission_year}")
    if not found:
        return []
    return [
        f"Группа «{group.name}»: в строке {'; '.join(found)}. "
        "Обучающийся попадёт в эту группу, группа не изменится."
    ]
