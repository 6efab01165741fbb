"""Demo reference data: specialties, groups and students of a believable college."""

import random

from kitek_portal.names import random_person

from .models import Specialty, Student, StudentGroup

SPECIALTIES = [
    ("43.02.14", "Гостиничное дело", "ГД", [1, 2, 3, 4]),
    ("38.02.05", "Товароведение и экспертиза качества потребительских товаров", "ТЭ", [2, 3]),
    ("43.02.15", "Поварское и кондитерское дело", "ПК", [1, 2, 3, 4]),
    ("26.02.03", "Судовождение", "СВ", [2, 3, 4]),
    ("38.02.04", "Коммерция (по отраслям)", "КМ", [2, 3]),
]
SCHOOL_YEAR_START = 2026  # the 2026/2027 school year


def seed(stdout=None):
    rng = random.Random(20260901)
    for code, name, suffix, courses in SPECIALTIES:
        specialty, _ = Specialty.objects.update_or_create(code=code, defaults={"name": name})
        for course in courses:
            group, created = StudentGroup.objects.get_or_create(
                name=f"{course}1 {suffix}",
                defaults={
                    "specialty": specialty,
                    "course": course,
                    "admission_year": SCHOOL_YEAR_START - course + 1,
                },
            )
            if created:
                Student.objects.bulk_create(_students(group, rng, rng.randint(18, 25)))
    if stdout:
        stdout.write(
            f"Специальностей: {Specialty.objects.count()}, групп: {StudentGroup.objects.count()}, "
            f"обучающихся: {Student.objects.count()}"
        )


def _students(group, rng, count):
    for _ in range(count):
        last, first, middle = random_person(rng)
        yield Student(
            last_name=last,
            first_name=first,
            middle_name=middle,
            group=group,
            phone=_phone(rng),
        )


def _phone(rng):
    code, first, second, third = (
        rng.randint(10, 99),
        rng.randint(100, 999),
        *rng.sample(range(100), 2),
    )
    return f"+7 9{code} {first}-{second:02d}-{third:02d}"
