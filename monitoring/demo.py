"""The demo's story of two school years, so that every indicator and plan item shows something
true: Table 4 as each year's plan, employers' participation, last year's graduates and where
they work, and a registry that grew over the years."""

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from accounts.models import User
from partners.models import Participation, Partner
from practice.models import Employment, Specialty, Student, StudentGroup

from .models import PlanEvidence, PlanItem, WorkPlan
from .plan import current_school_year

DEMO = Path(__file__).with_name("demo")

# Last year's graduates: specialty code, group, how many, and what became of them.
GRADUATES = [
    ("43.02.14", "41 ГД (выпуск 2026)", 14),
    ("43.02.15", "41 ПК (выпуск 2026)", 12),
    ("38.02.04", "41 К (выпуск 2026)", 10),
]
OUTCOMES = ["specialty"] * 7 + ["elsewhere"] * 2 + ["studying", "army", "parental", "none"]


def load_table4(plan):
    """Add the items of Table 4 to a plan, responsible users found by role."""
    rows = json.loads((DEMO / "table4.json").read_text(encoding="utf-8"))
    users_by_role = {}
    for user in User.objects.filter(is_active=True, role__in=["head", "deputy"]):
        users_by_role.setdefault(user.role, []).append(user)
    for position, row in enumerate(rows, start=1):
        roles = row.pop("roles")
        item = PlanItem.objects.create(plan=plan, position=position, **row)
        item.responsible.set([u for role in roles for u in users_by_role.get(role, [])])


def seed(stdout=None):
    year = current_school_year()
    if WorkPlan.objects.filter(year=year).exists():
        return
    _registry_history()
    deputy = User.objects.filter(username="deputy").first()
    for plan_year in (year - 1, year):
        plan = WorkPlan.objects.create(year=plan_year)
        load_table4(plan)
        if deputy and plan_year < year:
            plan.status, plan.approved_by = WorkPlan.Status.APPROVED, deputy
            plan.approved_at = timezone.make_aware(datetime(plan_year, 8, 28, 12))
            plan.save()
    _confirmations(year)
    _participation()
    _graduates(year)
    if stdout:
        stdout.write(
            f"Планы работы: {WorkPlan.objects.count()}, участие работодателей: "
            f"{Participation.objects.count()}, выпускников: "
            f"{Student.objects.filter(status='graduated').count()}"
        )


def _registry_history():
    """Partners joined the registry over the years; a few this school year."""
    rng = random.Random(2019)
    for index, partner in enumerate(Partner.objects.order_by("pk")):
        if index % 10 == 9:
            joined = date(2026, 9, 1) + timedelta(days=rng.randint(0, 70))
        else:
            joined = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
        Partner.objects.filter(pk=partner.pk).update(
            created_at=timezone.make_aware(datetime.combine(joined, time(9)))
        )


def _confirmations(year):
    """Items confirmed by their responsible people, with what was done."""
    done = {
        "Корректировка положения о практической подготовке": (
            date(year - 1, 9, 26),
            "Положение о практической подготовке утверждено приказом № 214 от 26.09",
        ),
        "Согласование и утверждение планов работы мастерских": (
            date(year - 1, 9, 15),
            "Планы мастерских гостиничного сервиса и кулинарии утверждены",
        ),
        "Стажировка мастеров производственного обучения колледжа на реальных рабочих местах у "
        "работодателей": (date(year - 1, 2, 13), "Стажировка в санатории «Колос», 36 часов"),
    }
    for item in PlanItem.objects.filter(content__in=done).select_related("plan"):
        when, note = done[item.content]
        if item.plan.year == year - 1 and item.responsible.exists():
            PlanEvidence.objects.create(
                item=item, done_on=when, note=note, added_by=item.responsible.first()
            )
    current = PlanItem.objects.filter(
        plan__year=year, content="Корректировка положения о практической подготовке"
    ).first()
    if current and current.responsible.exists():
        PlanEvidence.objects.create(
            item=current,
            done_on=date(year, 9, 24),
            note="Внесены изменения о наставничестве и онлайн-встречах с работодателями",
            added_by=current.responsible.first(),
        )


def _participation():
    rows = json.loads((DEMO / "participation.json").read_text(encoding="utf-8"))
    partners = {p.name: p for p in Partner.objects.filter(name__in={r["partner"] for r in rows})}
    hotel = Specialty.objects.filter(code="43.02.14").first()
    for row in rows:
        partner = partners.get(row.pop("partner"))
        if partner is None:
            continue
        record = Participation.objects.create(
            partner=partner, specialty=hotel, **{**row, "date": date.fromisoformat(row["date"])}
        )
        contact = partner.contacts.order_by("-is_primary", "pk").first()
        if contact:
            record.contacts.add(contact)


def _graduates(year):
    """Last June's graduates and where they work now."""
    rng = random.Random(20260630)
    head = User.objects.filter(username="head").first()
    graduated_on = date(year, 6, 30)
    for code, name, count in GRADUATES:
        specialty = Specialty.objects.filter(code=code).first()
        if specialty is None:
            continue
        group = StudentGroup.objects.create(
            name=name, specialty=specialty, course=4, admission_year=year - 4
        )
        partners = list(Partner.objects.filter(specialties=specialty, status="active")[:6])
        for index in range(count):
            student = Student.objects.create(
                group=group,
                last_name=rng.choice(LAST_NAMES),
                first_name=rng.choice(FIRST_NAMES),
                middle_name=rng.choice(MIDDLE_NAMES),
                status=Student.Status.GRADUATED,
                graduated_on=graduated_on,
            )
            outcome = OUTCOMES[index % len(OUTCOMES)]
            started = graduated_on + timedelta(days=rng.randint(10, 200))
            if outcome == "none" or started > timezone.localdate():
                continue
            partner = partners[index % len(partners)] if partners and index % 3 else None
            Employment.objects.create(
                student=student,
                status=outcome,
                partner=partner if outcome in ("specialty", "elsewhere") else None,
                organisation=""
                if partner or outcome not in ("specialty", "elsewhere")
                else "ИП Кузнецова (кафе «Уют»)",
                position="Администратор" if outcome == "specialty" else "",
                date=started,
                source=rng.choice(["graduate", "employer", "document"]),
                recorded_by=head,
            )


# Feminine forms: the demo's graduates of service specialties are mostly women.
LAST_NAMES = ["Жукова", "Жёлудева", "Ершова", "Лаптева", "Мельникова", "Орлова", "Соколова"]
FIRST_NAMES = ["Анастасия", "Дарья", "Екатерина", "Полина", "Софья", "Виктория"]
MIDDLE_NAMES = ["Андреевна", "Игоревна", "Сергеевна", "Олеговна", "Павловна"]
