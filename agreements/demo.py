"""Demo agreements: every kind and state, some expiring soon, so reminders show something."""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from partners.models import Partner
from practice.models import Specialty, Student

from .models import Agreement, AgreementQuota, AgreementStatusChange

REPORT_PARTNERS = [
    "ООО «Комплекс «Дворец Молодёжи»",
    "ООО «Сказка»",
    "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
    "ООО «Альва Донна»",
    "ООО «Глория»",
]
PATH = {
    "draft": ["draft"],
    "approval": ["draft", "approval"],
    "signed": ["draft", "approval", "signed"],
    "active": ["draft", "approval", "signed", "active"],
    "expiring": ["draft", "approval", "signed", "active", "expiring"],
    "expired": ["draft", "approval", "signed", "active", "expired"],
    "terminated": ["draft", "approval", "signed", "active", "terminated"],
}


def seed(stdout=None):
    if Agreement.objects.exists():
        return
    rng = random.Random(20260823)
    today = timezone.localdate()
    heads = {u.username: u for u in User.objects.filter(username__in=["head", "head2"])}
    number = 0

    def create(partner, kind, status, valid_from, valid_to, **extra):
        nonlocal number
        number += 1
        specialties = list(partner.specialties.all()) or list(Specialty.objects.all()[:1])
        agreement = Agreement.objects.create(
            number=f"{valid_from:%Y}/{number:03d}-П",
            date=valid_from - timedelta(days=rng.randint(5, 25)),
            partner=partner,
            kind=kind,
            valid_from=valid_from,
            valid_to=valid_to,
            status=status,
            responsible=partner.responsible or heads.get("head"),
            indicators="Не менее 4 мест для практики в год; участие наставника в демоэкзамене; "
            "отзыв о каждом практиканте.",
            **extra,
        )
        agreement.specialties.set(specialties)
        for specialty in specialties:
            AgreementQuota.objects.create(
                agreement=agreement, specialty=specialty, places=rng.choice([4, 6, 8, 10])
            )
        path = PATH[status]
        when = timezone.now() - timedelta(days=len(path) * 20)
        for old, new in zip(path, path[1:], strict=False):
            when += timedelta(days=rng.randint(3, 15))
            AgreementStatusChange.objects.create(
                agreement=agreement, old_status=old, new_status=new, changed_at=when
            )
        return agreement

    # The report partners: signed in August 2021 for the practice of December 2021,
    # renewed since; one of them is about to expire.
    for index, name in enumerate(REPORT_PARTNERS):
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            continue
        create(partner, "training", "expired", date(2021, 9, 1), date(2024, 8, 31))
        ends = today + timedelta(days=25) if index == 1 else date(2027, 8, 31)
        create(partner, "training", "expiring" if index == 1 else "active", date(2024, 9, 1), ends)
    others = list(Partner.objects.exclude(name__in=REPORT_PARTNERS).order_by("name"))
    plan = [
        ("training", "active", -300, 430),
        ("training", "expiring", -700, 50),
        ("training", "expiring", -700, 6),
        ("training", "expired", -760, -10),
        ("cooperation", "active", -200, 900),
        ("network", "signed", 10, 700),
        ("training", "approval", 30, 760),
        ("training", "draft", 60, 790),
        ("cooperation", "terminated", -500, 200),
    ]
    for partner in others:
        if partner.status not in (Partner.Status.ACTIVE, Partner.Status.NEGOTIATION):
            continue
        kind, status, start, end = plan[number % len(plan)]
        if partner.status == Partner.Status.NEGOTIATION:
            kind, status, start, end = "training", rng.choice(["draft", "approval"]), 30, 760
        create(partner, kind, status, today + timedelta(days=start), today + timedelta(days=end))
    student = Student.objects.filter(group__name="41 ГД").order_by("last_name").first()
    skazka = Partner.objects.filter(name="ООО «Сказка»").first()
    if student and skazka:
        create(skazka, "tripartite", "active", date(2026, 9, 1), date(2027, 6, 30), student=student)
    if stdout:
        stdout.write(f"Договоров: {Agreement.objects.count()}")
