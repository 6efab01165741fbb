"""Build a "large college" in its own database, in bulk, in a minute or two.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitek_bench
    .venv/bin/python bench/large_college.py            # without it: SQLite in var/bench/
    .venv/bin/python bench/large_college.py --rebuild  # empty the database and build again

10,300 students in 400 groups of 8 specialties, 1,200 practice periods, 30,000 placements,
2,040 partners with 2 contacts each and an interaction log with next steps, 3,000 agreements
with quotas, 500 meetings with invitations and decisions, and a user for every role (logins
deputy, head, head2, teacher, employer, employer2, admin; password «kitek2026»).
The PostgreSQL database is created if missing.

The data is written with bulk inserts (it is a measuring set, not a history of real clicks);
every row still satisfies the models' rules: no student has two overlapping placements,
mentors work at their placement's partner, no two periods of a group share kind and dates.
Dates are relative to today, so dashboards have current practice, agreements expiring within
60 days and overdue next steps, as a real college has.
"""

import os
import random
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

GROUPS, STUDENTS, PARTNERS, PLACEMENTS = 400, 10_300, 2_040, 30_000
AGREEMENTS, MEETINGS, TEACHERS = 3_000, 500, 40
PASSWORD = "kitek2026"
SPECIALTIES = [
    ("43.02.14", "Гостиничное дело", "ГД"),
    ("43.02.15", "Поварское и кондитерское дело", "ПК"),
    ("38.02.04", "Коммерция (по отраслям)", "КМ"),
    ("38.02.05", "Товароведение и экспертиза качества потребительских товаров", "ТЭ"),
    ("26.02.03", "Судовождение", "СВ"),
    ("43.02.10", "Туризм", "Т"),
    ("38.02.01", "Экономика и бухгалтерский учёт (по отраслям)", "ЭБ"),
    ("09.02.07", "Информационные системы и программирование", "ИС"),
]
LOCALITIES = ["Омск", "Омск", "Омск", "с. Красноярка", "р.п. Большеречье", "г. Тара"]


def setup():
    import django
    from django.core.management import call_command

    _create_postgresql_database()
    django.setup()
    call_command("migrate", verbosity=0)


def _create_postgresql_database():
    """CREATE DATABASE for a postgres:// DATABASE_URL that names a database not there yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        name = config["NAME"]
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def built():
    from practice.models import Placement

    return Placement.objects.count() >= PLACEMENTS


def build(rebuild=False):
    from django.core.management import call_command
    from django.db import transaction

    from practice.models import Student

    if built() and not rebuild:
        _plans()  # a data set built before the plans were part of it
        _analyze()
        print("Large college already built:", counts())
        return
    if rebuild or Student.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        _build(random.Random(7))
    _analyze()
    print(f"Built in {time.perf_counter() - started:.0f} s:", counts())


def _analyze():
    """Table statistics, as autovacuum keeps them on a production database: without them the
    planner takes every freshly bulk-loaded table for one row and picks plans accordingly."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _build(rng):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from kitek_portal.names import random_person
    from partners.models import Contact, Interaction, Partner
    from practice.models import (
        Placement,
        PracticePeriod,
        Profession,
        ProfessionalModule,
        Specialty,
        Student,
        StudentGroup,
    )

    today = timezone.localdate()
    password = make_password(PASSWORD)
    specialties = Specialty.objects.bulk_create(
        Specialty(code=code, name=name) for code, name, _ in SPECIALTIES
    )
    profession = Profession.objects.create(code="20015", name="Агент по закупкам")
    modules = ProfessionalModule.objects.bulk_create(
        ProfessionalModule(specialty=s, code=f"ПМ.0{n}", name=f"Профессиональный модуль {n}")
        for s in specialties
        for n in (1, 2, 3)
    )
    ProfessionalModule.professions.through.objects.bulk_create(
        ProfessionalModule.professions.through(
            professionalmodule_id=m.pk, profession_id=profession.pk
        )
        for m in modules
        if m.code == "ПМ.03"
    )
    modules_of = {}
    for module in modules:
        modules_of.setdefault(module.specialty_id, []).append(module)

    # Partners: most of them active, a few abroad; 1-2 specialties each.
    partners = Partner.objects.bulk_create(
        (
            Partner(
                name=f"ООО «База практики № {n}»",
                short_name=f"База практики № {n}",
                country="KZ" if n % 50 == 0 else "RU",
                city="г. Петропавловск" if n % 50 == 0 else rng.choice(LOCALITIES),
                address=f"ул. Ленина, {n % 200 + 1}",
                status=rng.choice(["active"] * 8 + ["negotiation", "potential"]),
                stage=rng.randint(1, 9),
                places_per_year=rng.choice([0, 5, 10, 20]),
            )
            for n in range(1, PARTNERS + 1)
        ),
        batch_size=1000,
    )
    Partner.specialties.through.objects.bulk_create(
        (
            Partner.specialties.through(partner_id=p.pk, specialty_id=s.pk)
            for p in partners
            for s in rng.sample(specialties, rng.choice([1, 2]))
        ),
        batch_size=2000,
    )
    contacts = []
    for partner in partners:
        for number in range(2):
            last, first, middle = random_person(rng)
            contacts.append(
                Contact(
                    partner=partner,
                    last_name=last,
                    first_name=first,
                    middle_name=middle,
                    position="Наставник" if number else "Директор",
                    phone="+7 (3812) 00-00-00",
                    email=f"contact{partner.pk}-{number}@partner.example",
                    is_mentor=bool(number),
                    is_primary=not number,
                )
            )
    contacts = Contact.objects.bulk_create(contacts, batch_size=2000)
    mentors = {c.partner_id: c for c in contacts if c.is_mentor}
    primary = {c.partner_id: c for c in contacts if c.is_primary}

    # Users of every role.
    def user(username, role, **extra):
        last, first, middle = random_person(rng)
        return User(
            username=username,
            email=f"{username}@kitek.local",
            password=password,
            role=role,
            last_name=last,
            first_name=first,
            middle_name=middle,
            **extra,
        )

    staff = User.objects.bulk_create(
        [
            user("deputy", Role.DEPUTY_DIRECTOR),
            user("head", Role.PRACTICE_HEAD),
            user("head2", Role.PRACTICE_HEAD),
            user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
            user("employer", Role.EMPLOYER, partner=partners[0]),
            user("employer2", Role.EMPLOYER, partner=partners[1]),
            *(user(f"teacher{n or ''}", Role.TEACHER) for n in range(TEACHERS)),
        ]
    )
    head, head2 = staff[1], staff[2]
    teachers = staff[6:]
    User.specialties.through.objects.bulk_create(
        [User.specialties.through(user_id=head.pk, specialty_id=s.pk) for s in specialties[:3]]
        + [User.specialties.through(user_id=head2.pk, specialty_id=s.pk) for s in specialties[3:]]
    )

    # Interaction log: two entries per partner, the later one with a next step due
    # between a month ago and a month ahead (about a quarter of them overdue).
    Interaction.objects.bulk_create(
        (
            Interaction(
                partner=p,
                date=today - timedelta(days=31 if step else rng.randint(40, 120)),
                channel=rng.choice(["phone", "email", "meeting"]),
                summary="Обсудили практику обучающихся",
                author=rng.choice([head, head2]),
                **(
                    {
                        "next_step": "Согласовать места на практику",
                        "next_step_due": today + timedelta(days=rng.randint(-30, 30)),
                    }
                    if step
                    else {}
                ),
            )
            for p in partners
            for step in (False, True)
        ),
        batch_size=2000,
    )

    # Groups and students: 300 groups of 26 and 100 of 25 make 10,300.
    groups = StudentGroup.objects.bulk_create(
        StudentGroup(
            name=f"{n % 4 + 1}{n // 8 + 1} {SPECIALTIES[n % 8][2]}",
            specialty=specialties[n % 8],
            course=n % 4 + 1,
            admission_year=today.year - n % 4,
        )
        for n in range(GROUPS)
    )
    students = Student.objects.bulk_create(
        (
            Student(group=group, last_name=p[0], first_name=p[1], middle_name=p[2])
            for index, group in enumerate(groups)
            for p in (random_person(rng) for _ in range(26 if index < 300 else 25))
        ),
        batch_size=2000,
    )
    # Three periods per group, one after the other: one finished, one running or starting
    # within a month, one in spring.
    periods = []
    for index, group in enumerate(groups):
        module = modules_of[group.specialty_id]
        first = today - timedelta(days=70 - index % 20)
        second = today - timedelta(days=10) + timedelta(days=index % 40)
        third = today + timedelta(days=120 + index % 30)
        for number, (kind, start) in enumerate(
            [("training", first), ("industrial", second), ("prediploma", third)]
        ):
            periods.append(
                PracticePeriod(
                    group=group,
                    kind=kind,
                    module=module[number],
                    start=start,
                    end=start + timedelta(days=13),
                    hours=72,
                )
            )
    periods = PracticePeriod.objects.bulk_create(periods, batch_size=1000)
    PracticePeriod.supervisors.through.objects.bulk_create(
        (
            PracticePeriod.supervisors.through(practiceperiod_id=p.pk, user_id=t.pk)
            for p in periods
            for t in [rng.choice(teachers)]
        ),
        batch_size=2000,
    )
    periods_of = {}
    for period in periods:
        periods_of.setdefault(period.group_id, []).append(period)
    by_specialty = {}
    for partner_id, specialty_id in Partner.specialties.through.objects.values_list(
        "partner_id", "specialty_id"
    ):
        by_specialty.setdefault(specialty_id, []).append(partner_id)
    specialty_of_group = {g.pk: g.specialty_id for g in groups}
    placements = []
    for slot in range(3):  # the spring period last, so it is the one left partly unplaced
        for student in students:
            if len(placements) == PLACEMENTS:
                break
            period = periods_of[student.group_id][slot]
            partner_id = rng.choice(by_specialty[specialty_of_group[student.group_id]])
            placements.append(
                Placement(
                    student=student,
                    period=period,
                    partner_id=partner_id,
                    mentor=mentors[partner_id],
                    supervisor=rng.choice(teachers),
                    workplace="Служба приёма и размещения",
                    status="confirmed" if slot < 2 else "planned",
                )
            )
    Placement.objects.bulk_create(placements, batch_size=2000)
    _agreements(rng, today, partners, specialties, head, head2)
    _meetings(rng, today, partners, primary, [head, head2], staff)
    _plans()


def _plans():
    """Table 4 as the plan of this school year and of the last one, as the college keeps it:
    the annual plan page then shows a real plan matched against the records, not «no plan»."""
    from monitoring.demo import load_table4
    from monitoring.models import WorkPlan
    from monitoring.plan import current_school_year

    year = current_school_year()
    for plan_year in (year - 1, year):
        if not WorkPlan.objects.filter(year=plan_year).exists():
            load_table4(WorkPlan.objects.create(year=plan_year))


def _agreements(rng, today, partners, specialties, head, head2):
    """3,000 agreements over the 2,040 partners; about a fifth of the partners have none."""
    from agreements.models import Agreement, AgreementQuota

    with_agreement = rng.sample(partners, int(len(partners) * 0.8))
    owners = with_agreement + [rng.choice(with_agreement) for _ in range(AGREEMENTS)]
    agreements = []
    for n, partner in enumerate(owners[:AGREEMENTS], start=1):
        valid_to = today + timedelta(days=rng.randint(-60, 900))
        days_left = (valid_to - today).days
        status = "expired" if days_left < 0 else "expiring" if days_left <= 60 else "active"
        agreements.append(
            Agreement(
                number=f"ДП-{n:05d}",
                date=valid_to - timedelta(days=3 * 365),
                partner=partner,
                kind=rng.choice(["training"] * 4 + ["cooperation"]),
                valid_from=valid_to - timedelta(days=3 * 365),
                valid_to=valid_to,
                auto_prolongation=n % 3 == 0,
                responsible=rng.choice([head, head2]),
                status=status,
            )
        )
    agreements = Agreement.objects.bulk_create(agreements, batch_size=1000)
    from partners.models import Partner

    # Every agreement covers its partner's specialties.
    specialties_of = {}
    for partner_id, specialty_id in Partner.specialties.through.objects.values_list(
        "partner_id", "specialty_id"
    ):
        specialties_of.setdefault(partner_id, []).append(specialty_id)
    Agreement.specialties.through.objects.bulk_create(
        (
            Agreement.specialties.through(agreement_id=a.pk, specialty_id=s)
            for a in agreements
            for s in specialties_of[a.partner_id]
        ),
        batch_size=2000,
    )
    AgreementQuota.objects.bulk_create(
        (
            AgreementQuota(agreement=a, specialty_id=s, places=rng.choice([5, 10, 20]))
            for a in agreements
            if a.kind == "training"
            for s in specialties_of[a.partner_id]
        ),
        batch_size=2000,
    )


def _meetings(rng, today, partners, primary, heads, staff):
    """500 meetings over the school year, each inviting 5 partners; decisions of the held ones."""
    from django.utils import timezone

    from meetings.models import Decision, Invitation, Meeting

    start = today - timedelta(days=150)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind=rng.choice(["round_table", "production", "seminar", "consultation", "internal"]),
            topic=f"Организация практики: встреча № {n}",
            starts_at=timezone.make_aware(
                datetime.combine(start + timedelta(days=n * 300 // MEETINGS), clock(15))
            ),
            organizer=rng.choice(heads),
            status="held" if start + timedelta(days=n * 300 // MEETINGS) < today else "planned",
        )
        for n in range(MEETINGS)
    )
    invitations = []
    for meeting in meetings:
        for partner in rng.sample(partners, 5):
            contact = primary[partner.pk]
            invitations.append(
                Invitation(
                    meeting=meeting,
                    partner=partner,
                    contact=contact,
                    name=contact.full_name,
                    email=contact.email,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    Decision.objects.bulk_create(
        Decision(
            meeting=m,
            text="Согласовать с партнёрами места на производственную практику",
            responsible=rng.choice(heads),
            deadline=m.starts_at.date() + timedelta(days=30),
            done_at=m.starts_at + timedelta(days=20) if rng.random() < 0.7 else None,
        )
        for m in meetings
        if m.status == "held"
    )


def counts():
    from agreements.models import Agreement
    from meetings.models import Meeting
    from monitoring.models import PlanItem
    from partners.models import Partner
    from practice.models import Placement, PracticePeriod, Student, StudentGroup

    return (
        f"{Student.objects.count()} students in {StudentGroup.objects.count()} groups, "
        f"{Partner.objects.count()} partners, {PracticePeriod.objects.count()} periods, "
        f"{Placement.objects.count()} placements, {Agreement.objects.count()} agreements, "
        f"{Meeting.objects.count()} meetings, {PlanItem.objects.count()} items of annual plans"
    )


if __name__ == "__main__":
    setup()
    build(rebuild="--rebuild" in sys.argv)
