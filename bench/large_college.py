"""Build a "large college" in its own database: 3,000 students, 400 partners, 6,000 placements.

    .venv/bin/python bench/large_college.py          # builds var/bench/portal.sqlite3
    DATABASE_URL=postgres://… .venv/bin/python bench/large_college.py

The data is written with bulk inserts (it is a measuring set, not a history of
real clicks); every row still satisfies the models' rules: no student has two
overlapping placements, mentors work at their placement's partner.
"""

import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

GROUPS, STUDENTS_PER_GROUP, PARTNERS = 120, 25, 400


def setup():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build():
    from kitek_portal.names import random_person
    from partners.models import Contact, Partner
    from practice.models import Placement, PracticePeriod, Specialty, Student, StudentGroup

    if Placement.objects.count() >= 6000:
        print("Large college already built:", _counts())
        return
    rng = random.Random(7)
    started = time.perf_counter()
    specialties = [
        Specialty.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [
            ("43.02.14", "Гостиничное дело"),
            ("43.02.15", "Поварское и кондитерское дело"),
            ("38.02.05", "Товароведение и экспертиза качества потребительских товаров"),
        ]
    ]
    partners = Partner.objects.bulk_create(
        Partner(
            name=f"ООО «База практики № {n}»",
            city="Омск",
            address=f"ул. Ленина, {n}",
            status="active",
            places_per_year=0,
        )
        for n in range(1, PARTNERS + 1)
    )
    contacts = []
    for partner in partners:
        for _ in range(2):
            last, first, middle = random_person(rng)
            contacts.append(
                Contact(
                    partner=partner,
                    last_name=last,
                    first_name=first,
                    middle_name=middle,
                    position="Наставник",
                    phone="+7 (3812) 00-00-00",
                    is_mentor=True,
                )
            )
    contacts = Contact.objects.bulk_create(contacts)
    mentors = {}
    for contact in contacts:
        mentors.setdefault(contact.partner_id, []).append(contact)
    groups = StudentGroup.objects.bulk_create(
        StudentGroup(
            name=f"Б{n}", specialty=specialties[n % 3], course=n % 4 + 1, admission_year=2023
        )
        for n in range(GROUPS)
    )
    students = Student.objects.bulk_create(
        Student(group=group, last_name=p[0], first_name=p[1], middle_name=p[2])
        for group in groups
        for p in (random_person(rng) for _ in range(STUDENTS_PER_GROUP))
    )
    periods = []
    for group in groups:
        periods.append(
            PracticePeriod(
                group=group, kind="training", start=date(2026, 10, 5), end=date(2026, 10, 17)
            )
        )
        periods.append(
            PracticePeriod(
                group=group, kind="industrial", start=date(2026, 12, 7), end=date(2026, 12, 19)
            )
        )
    periods = PracticePeriod.objects.bulk_create(periods)
    by_group = {}
    for period in periods:
        by_group.setdefault(period.group_id, []).append(period)
    placements = []
    for student in students:
        for period in by_group[student.group_id]:
            partner = rng.choice(partners)
            placements.append(
                Placement(
                    student=student,
                    period=period,
                    partner=partner,
                    mentor=rng.choice(mentors[partner.pk]),
                    workplace="Служба приёма",
                    status="confirmed",
                )
            )
    Placement.objects.bulk_create(placements, batch_size=1000)
    print(f"Built in {time.perf_counter() - started:.1f} s:", _counts())


def _counts():
    from partners.models import Partner
    from practice.models import Placement, Student

    return (
        f"{Student.objects.count()} students, {Partner.objects.count()} partners, "
        f"{Placement.objects.count()} placements"
    )


if __name__ == "__main__":
    setup()
    build()
