"""Groups and students from the lists colleges keep (ФИО, группа, специальность, …).

A group that does not exist yet is created from the row (specialty, course,
year of admission); students are matched by full name within the group, so the
same list imported again changes nothing.
"""

import re

from django.core.exceptions import ValidationError
from import_export import fields, resources

from partners.resources import ChoiceLabelWidget, TextWidget, _cell_text

from .models import Specialty, Student, StudentGroup

REQUIRED_COLUMNS = ["ФИО", "Группа"]
_SPECIALTY_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")


class StudentResource(resources.ModelResource):
    full_name = fields.Field(column_name="ФИО", widget=TextWidget())
    group = fields.Field(attribute="group", column_name="Группа", widget=TextWidget())
    specialty = fields.Field(column_name="Специальность", widget=TextWidget())
    course = fields.Field(column_name="Курс", widget=TextWidget())
    admission_year = fields.Field(column_name="Год набора", widget=TextWidget())
    status = fields.Field(
        attribute="status",
        column_name="Статус",
        widget=ChoiceLabelWidget(Student.Status.choices, default=Student.Status.STUDYING),
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

    def before_import_row(self, row, **kwargs):
        row["__group"] = _group_for(row)

    def get_instance(self, instance_loader, row):
        group, names = row.get("__group"), _split_name(row.get("ФИО"))
        if not group or not names:
            return None
        last, first, middle = names
        return Student.objects.filter(
            group=group, last_name=last, first_name=first, middle_name=middle
        ).first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        names = _split_name(row.get("ФИО"))
        if not names:
            errors["full_name"] = ["Укажите фамилию и имя (отчество — если есть)."]
        else:
            instance.last_name, instance.first_name, instance.middle_name = names
        instance.group = row["__group"]
        for name in ("status", "phone", "email"):
            resource_field = self.fields[name]
            if resource_field.column_name in row:
                try:
                    resource_field.save(instance, row)
                except ValueError as error:
                    errors[name] = [str(error)]
        if errors:
            raise ValidationError(errors)

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


def _group_for(row):
    """The row's group; created from the row's specialty and course if it is new."""
    name = " ".join(_cell_text(row.get("Группа")).split())
    if not name:
        raise ValueError("Не указана группа.")
    group = StudentGroup.objects.filter(name=name).select_related("specialty").first()
    if group:
        return group
    match = _SPECIALTY_CODE.search(_cell_text(row.get("Специальность")))
    if not match:
        raise ValueError(
            f"Группы «{name}» ещё нет: укажите в столбце «Специальность» код, например 43.02.14."
        )
    specialty = Specialty.objects.filter(code=match.group()).first()
    if specialty is None:
        raise ValueError(f"Специальность {match.group()} не найдена в справочнике.")
    course_text = _cell_text(row.get("Курс")) or name[:1]
    if not course_text.isdigit() or not 1 <= int(course_text) <= 5:
        raise ValueError("Курс — число от 1 до 5 (или начните название группы с номера курса).")
    course = int(course_text)
    year_text = _cell_text(row.get("Год набора"))
    from django.utils import timezone

    today = timezone.localdate()
    school_year = today.year if today.month >= 9 else today.year - 1
    year = int(year_text) if year_text.isdigit() else school_year - course + 1
    return StudentGroup.objects.create(
        name=name, specialty=specialty, course=course, admission_year=year
    )
