"""Demo reference data: specialties, groups and students of a believable college."""

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from kitek_portal.names import random_person

from .models import Competency, ProfessionalModule, Specialty, Student, StudentGroup

SPECIALTIES = [
    ("43.02.14", "Гостиничное дело", "ГД", [1, 2, 3, 4]),
    ("38.02.05", "Товароведение и экспертиза качества потребительских товаров", "ТЭ", [2, 3]),
    ("43.02.15", "Поварское и кондитерское дело", "ПК", [1, 2, 3, 4]),
    ("26.02.03", "Судовождение", "СВ", [2, 3, 4]),
    ("38.02.04", "Коммерция (по отраслям)", "КМ", [2, 3]),
]
SCHOOL_YEAR_START = 2026  # the 2026/2027 school year

# The competencies (ПК) of each demo module, «specialty module» → its source and rows. The
# college's documents name ПМ.05 and the profession 20015 but list no ПК, so the wording is
# the FGOS's (each entry names its standard). The FGOS leaves a worker-profession module
# (ПМ.05 of 43.02.14) to the college: those ПК are written from the profession's duties.
# Typed from the standards without a copy at hand to compare: check before quoting them.
COMPETENCIES = Path(__file__).resolve().parent / "demo" / "competencies.json"


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


MODULES = [
    (
        "43.02.14",
        "ПМ.05",
        "Выполнение работ по одной или нескольким профессиям рабочих, должностям служащих",
        [("20015", "Агент по закупкам")],
    ),
    (
        "43.02.14",
        "ПМ.01",
        "Организация и контроль текущей деятельности сотрудников службы "
        "приёма, размещения и выписки гостей",
        [],
    ),
    (
        "43.02.15",
        "ПМ.01",
        "Организация и ведение процессов приготовления, оформления и подготовки "
        "к реализации полуфабрикатов",
        [("16675", "Повар")],
    ),
    ("43.02.15", "ПМ.05", "Выполнение работ по профессии «Кондитер»", [("12901", "Кондитер")]),
    (
        "38.02.05",
        "ПМ.01",
        "Управление ассортиментом, оценка качества и обеспечение сохраняемости "
        "потребительских товаров",
        [("17353", "Продавец продовольственных товаров")],
    ),
    ("26.02.03", "ПМ.01", "Управление и эксплуатация судна", [("15760", "Матрос")]),
    (
        "38.02.04",
        "ПМ.01",
        "Организация и управление торгово-сбытовой деятельностью",
        [("17351", "Продавец непродовольственных товаров")],
    ),
]

# group, kind, specialty, module, start, end, hours, share placed, status of placements
PERIODS = [
    # The example of the college's report: section 8 of the main domain document.
    (
        "41 ГД",
        "industrial",
        "43.02.14",
        "ПМ.05",
        date(2021, 12, 6),
        date(2021, 12, 18),
        72,
        1.0,
        "completed",
    ),
    (
        "41 ГД",
        "industrial",
        "43.02.14",
        "ПМ.01",
        date(2025, 12, 8),
        date(2025, 12, 20),
        72,
        1.0,
        "completed",
    ),
    (
        "41 ПК",
        "industrial",
        "43.02.15",
        "ПМ.01",
        date(2026, 11, 9),
        date(2026, 11, 28),
        108,
        1.0,
        "in_progress",
    ),
    (
        "31 ГД",
        "industrial",
        "43.02.14",
        "ПМ.01",
        date(2026, 12, 7),
        date(2026, 12, 19),
        72,
        0.6,
        "planned",
    ),
    (
        "31 ТЭ",
        "training",
        "38.02.05",
        "ПМ.01",
        date(2027, 2, 8),
        date(2027, 2, 20),
        72,
        0.0,
        "planned",
    ),
    (
        "31 СВ",
        "industrial",
        "26.02.03",
        "ПМ.01",
        date(2027, 5, 10),
        date(2027, 6, 26),
        216,
        0.0,
        "planned",
    ),
    (
        "41 ГД",
        "prediploma",
        "43.02.14",
        None,
        date(2027, 4, 19),
        date(2027, 5, 16),
        144,
        0.0,
        "planned",
    ),
]
REPORT_PARTNERS = [
    "ООО «Комплекс «Дворец Молодёжи»",
    "ООО «Сказка»",
    "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
    "ООО «Альва Донна»",
    "ООО «Глория»",
]
CONTROL_CURRENT = "Дневник практики и посещаемость"
CONTROL_FINAL = "Дифференцированный зачёт: отчёт, аттестационный лист, характеристика"


def seed_practice(stdout=None):
    """Modules, periods and placements; runs after partners and users exist."""
    from accounts.models import User
    from partners.models import Partner

    from . import services
    from .models import ControlPoint, Placement, PracticePeriod, Profession, ProfessionalModule

    rng = random.Random(20261206)
    for code, module_code, name, professions in MODULES:
        module, _ = ProfessionalModule.objects.get_or_create(
            specialty=Specialty.objects.get(code=code), code=module_code, defaults={"name": name}
        )
        for prof_code, prof_name in professions:
            profession, _ = Profession.objects.get_or_create(
                code=prof_code, defaults={"name": prof_name}
            )
            module.professions.add(profession)
    _seed_competencies()
    teachers = list(User.objects.filter(username__in=["teacher", "head", "head2"]).order_by("pk"))
    phone_taker = next((t for t in teachers if t.username == "head"), None)
    for group_name, kind, code, module_code, start, end, hours, share, status in PERIODS:
        group = StudentGroup.objects.get(name=group_name)
        module = (
            ProfessionalModule.objects.get(specialty__code=code, code=module_code)
            if module_code
            else None
        )
        period, created = PracticePeriod.objects.get_or_create(
            group=group,
            kind=kind,
            start=start,
            defaults={
                "module": module,
                "end": end,
                "hours": hours,
                "report_deadline": end + timedelta(days=7),
            },
        )
        if not created:
            continue
        period.supervisors.set(rng.sample(teachers, k=min(2, len(teachers))))
        # Control points show in the periods' pages and in the calendar feeds.
        ControlPoint.objects.bulk_create(
            ControlPoint(period=period, kind=kind, date=day, description=what)
            for kind, day, what in (
                ("current", min(start + timedelta(days=7), end), CONTROL_CURRENT),
                ("final", end, CONTROL_FINAL),
            )
        )
        if start.year == 2021:
            partners = list(Partner.objects.filter(name__in=REPORT_PARTNERS))
        else:
            partners = list(
                Partner.objects.filter(specialties__code=code, status=Partner.Status.ACTIVE)
            )
        students = list(group.students.filter(status=Student.Status.STUDYING))
        for index, student in enumerate(students[: int(len(students) * share)]):
            partner = partners[index % len(partners)]
            services.set_quota(period, partner, max(6, partner.places_per_year))
            mentors = list(partner.contacts.filter(is_mentor=True)) or [None]
            placement = services.assign(
                period,
                student,
                partner,
                mentor=mentors[index % len(mentors)],
                workplace=rng.choice(["", "Служба приёма и размещения", "Кухня", "Зал", "Склад"]),
            )
            _advance(placement, status, rng, Placement, by_phone=phone_taker)
        if status == "planned" and share:
            _decline_one(period, Placement)
    _awaiting_confirmation(rng, teachers)
    if stdout:
        stdout.write(
            f"Периодов практики: {PracticePeriod.objects.count()}, "
            f"распределений: {Placement.objects.count()}"
        )


def _seed_competencies():
    for key, entry in json.loads(COMPETENCIES.read_text(encoding="utf-8")).items():
        specialty_code, module_code = key.split(" ", 1)
        module = ProfessionalModule.objects.get(specialty__code=specialty_code, code=module_code)
        for order, (code, name) in enumerate(entry["competencies"], start=1):
            Competency.objects.get_or_create(
                module=module, code=code, defaults={"name": name, "order": order}
            )


def _advance(placement, status, rng, placement_model, by_phone=None):
    path = {
        "planned": [],
        "in_progress": ["confirmed", "in_progress"],
        "completed": ["confirmed", "in_progress", "completed"],
    }[status]
    if status == "planned" and rng.random() < 0.5:
        path = ["confirmed"]
    fields = {"status": path[-1]} if path else {}
    if path:
        # Confirmed by the partner's representative, where the partner has one on the portal;
        # otherwise the practice head recorded the answer given by phone.
        fields["confirmed_by"] = placement.partner.users.order_by("pk").first() or by_phone
        fields["confirmed_at"] = timezone.make_aware(
            datetime.combine(placement.period.start - timedelta(days=rng.randint(8, 20)), time(10))
        )
    if status == "completed":
        grade = rng.choice([5, 5, 4, 4, 4, 3])
        fields.update(
            report_status="checked",
            final_grade=grade,
            employer_grade=grade,
            employer_evaluation=rng.choice(
                [
                    "Ответственно выполнял(а) задания, быстро освоил(а) программу учёта.",
                    "Вежлива с гостями, пунктуальна. Рекомендуем к трудоустройству.",
                    "Хорошо работает в команде, нужно больше практики с кассовой программой.",
                ]
            ),
        )
    elif status == "in_progress" and rng.random() < 0.3:
        fields["report_status"] = "submitted"
    if fields:
        placement_model.objects.filter(pk=placement.pk).update(**fields)


# The training practice of 31 ГД on ПМ.05, in progress; its first week is marked.
PURCHASING_PERIOD = ("31 ГД", date(2026, 11, 16), date(2026, 11, 28), 72)
PURCHASING_WORKS = [
    ("Изучение ассортимента и поставщиков предприятия", 12),
    ("Составление заявок на закупку", 18),
    ("Приёмка товаров и оформление документов", 24),
    ("Учёт поступлений в программе учёта", 18),
]


def seed_attendance(stdout=None):
    """ПМ.05 «Агент по закупкам» in progress: a week of attendance, one signed sheet."""
    from django.utils import timezone

    from accounts.models import User
    from partners.models import Contact, Partner

    from . import attendance, services
    from .models import AttendanceMark, Placement, PracticePeriod, ProfessionalModule

    # Its competencies (ПК 5.1–5.4) come with the reference data (demo/competencies.json).
    module = ProfessionalModule.objects.get(specialty__code="43.02.14", code="ПМ.05")
    group_name, start, end, hours = PURCHASING_PERIOD
    group = StudentGroup.objects.get(name=group_name)
    period, created = PracticePeriod.objects.get_or_create(
        group=group,
        kind=PracticePeriod.Kind.TRAINING,
        module=module,
        start=start,
        defaults={"end": end, "hours": hours, "report_deadline": end + timedelta(days=7)},
    )
    if not created:
        return
    rng = random.Random(20261116)
    teachers = list(User.objects.filter(username__in=["teacher", "head"]).order_by("pk"))
    period.supervisors.set(teachers)
    employer = User.objects.filter(username="employer").first()
    skazka = Partner.objects.get(name="ООО «Сказка»")
    mentor = Contact.objects.filter(partner=skazka, last_name="Руденко").first()
    if mentor and employer and mentor.user_id is None:
        mentor.user = employer
        mentor.save(update_fields=["user"])
    others = list(
        Partner.objects.filter(specialties__code="43.02.14", status=Partner.Status.ACTIVE)
        .exclude(pk=skazka.pk)
        .order_by("name")[:3]
    )
    students = list(group.students.filter(status=Student.Status.STUDYING).order_by("last_name"))
    placements = []
    for index, student in enumerate(students):
        partner = skazka if index % 2 == 0 or not others else others[index % len(others)]
        services.set_quota(period, partner, 15)
        contacts = list(partner.contacts.filter(is_mentor=True)) or [None]
        placement = services.assign(
            period,
            student,
            partner,
            mentor=mentor if partner == skazka else contacts[0],
            workplace="Служба снабжения",
        )
        Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.IN_PROGRESS)
        placements.append(placement)
    # The first week: Сказка's mentor marked every day; the others left a few gaps.
    today = timezone.localdate()
    marks = []
    for placement in placements:
        for offset in range(6):
            day = start + timedelta(days=offset)
            if day > today or (placement.partner_id != skazka.pk and rng.random() < 0.3):
                continue
            status = rng.choices(["present", "late", "absent"], weights=[85, 8, 7])[0]
            marks.append(
                AttendanceMark(
                    placement=placement,
                    date=day,
                    status=status,
                    reason=rng.choice(["illness", "excused"]) if status == "absent" else "",
                    marked_by=employer if placement.partner_id == skazka.pk else None,
                )
            )
    AttendanceMark.objects.bulk_create(marks)
    signed = next((p for p in placements if p.partner_id == skazka.pk), None)
    if signed and employer:
        competencies = list(module.competencies.all())
        attendance.save_sheet(
            signed,
            employer,
            answers={c.pk: c.code != "ПК 5.4" for c in competencies},
            works=PURCHASING_WORKS,
            characterisation=(
                "За время практики проявила ответственность и интерес к работе службы "
                "снабжения: самостоятельно составляла заявки, аккуратно оформляла приходные "
                "документы. Расчёты с поставщиками освоила не полностью."
            ),
            grade=4,
            sign=True,
        )
    if stdout:
        stdout.write(
            f"Практика ПМ.05 «Агент по закупкам» ({group_name}): распределений "
            f"{len(placements)}, отметок посещаемости {len(marks)}"
        )


DECLINE_REASON = "В эти даты ремонт номерного фонда, свободного наставника нет."


def _decline_one(period, placement_model):
    """One proposal the partner declined with a reason: the student waits for another place."""
    planned = placement_model.objects.filter(period=period, status="planned").order_by("pk")
    # At a partner with a portal account, if any: its representative declined it.
    placement = planned.filter(partner__users__isnull=False).first() or planned.first()
    if placement is None:
        return
    placement_model.objects.filter(pk=placement.pk).update(
        status="cancelled",
        declined_at=timezone.make_aware(
            datetime.combine(period.start - timedelta(days=14), time(11))
        ),
        declined_by=placement.partner.users.order_by("pk").first(),
        decline_reason=DECLINE_REASON,
    )


def _awaiting_confirmation(rng, teachers):
    """A training practice starting in five days, proposed to the partners and not confirmed
    yet: the staff dashboard's alert «не подтверждено партнёром» and the employers'
    «ожидает подтверждения» have something to show whatever the day of the demo."""
    from partners.models import Partner

    from . import services
    from .models import PracticePeriod, ProfessionalModule

    group = StudentGroup.objects.get(name="21 ГД")
    module = ProfessionalModule.objects.get(specialty__code="43.02.14", code="ПМ.01")
    if PracticePeriod.objects.filter(group=group, kind="training", module=module).exists():
        return
    start = timezone.localdate() + timedelta(days=5)
    period = PracticePeriod.objects.create(
        group=group,
        kind="training",
        module=module,
        start=start,
        end=start + timedelta(days=11),
        hours=72,
        report_deadline=start + timedelta(days=18),
    )
    period.supervisors.set(rng.sample(teachers, k=min(2, len(teachers))))
    # The demo employer's organisation first, so its representative has students to confirm.
    partners = sorted(
        Partner.objects.filter(specialties__code="43.02.14", status=Partner.Status.ACTIVE),
        key=lambda p: (p.name != "ООО «Сказка»", p.name),
    )[:3]
    students = list(group.students.filter(status=Student.Status.STUDYING))
    for index, student in enumerate(students[: len(students) // 2]):
        partner = partners[index % len(partners)]
        services.set_quota(period, partner, max(6, partner.places_per_year))
        services.assign(period, student, partner)
