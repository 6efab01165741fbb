"""A school year of meetings: monthly meetings of practice heads, round tables and
production meetings with employers every two months; the past ones held, with minutes."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from partners.models import Partner

from . import services
from .models import Decision, Invitation, Meeting, Recommendation

TOPICS = [
    ("round_table", "Практическая подготовка: что ждут работодатели от выпускников"),
    ("production", "Итоги производственной практики и корректировка программ ПМ"),
    ("round_table", "Наставничество на предприятии: опыт и трудности"),
    ("production", "Демоэкзамен: площадки, эксперты, оборудование"),
    ("round_table", "Трудоустройство выпускников и банк вакансий"),
]


def seed(stdout=None):
    if Meeting.objects.exists():
        return
    rng = random.Random(20260915)
    tz = timezone.get_current_timezone()
    deputy = User.objects.filter(username="deputy").first()
    head = User.objects.filter(username="head").first()
    heads = list(User.objects.filter(username__in=["head", "head2", "teacher"]))
    if not (deputy and head):
        return
    partners = list(Partner.objects.filter(status="active").order_by("name")[:12])
    now = timezone.now()
    # Employers: a round table or production meeting every two months, Sept–May.
    for index, month in enumerate([9, 11, 1, 3, 5]):
        year = 2026 if month >= 9 else 2027
        kind, topic = TOPICS[index]
        meeting = Meeting.objects.create(
            kind=kind,
            topic=topic,
            organizer=head,
            chair=deputy,
            secretary=head,
            starts_at=datetime(year, month, 17, 15, 0, tzinfo=tz),
            duration_minutes=90,
            format="hybrid",
            place="Актовый зал",
            online_link="https://zoom.example/j/kitek",
        )
        services.invite(meeting, rng.sample(partners, k=min(6, len(partners))), heads)
        if meeting.starts_at < now:
            _hold(meeting, rng, head, deputy, number=index + 1)
        else:
            for invitation in meeting.invitations.all()[:3]:
                services.record_reply(invitation, rng.choice(["in_person", "online", "declined"]))
    # Practice heads: the director's meeting every month.
    for month in range(9, 13):
        meeting = _director_meeting(datetime(2026, month, 5, 10, 0, tzinfo=tz), deputy, head, heads)
        if meeting.starts_at < now:
            _hold(meeting, rng, head, deputy, number=f"З-{month}")
    if stdout:
        stdout.write(
            f"Встреч: {Meeting.objects.count()}, решений: {Decision.objects.count()}, "
            f"рекомендаций: {Recommendation.objects.count()}"
        )


def _director_meeting(starts_at, deputy, head, heads):
    """The director's monthly meeting with the practice heads."""
    meeting = Meeting.objects.create(
        kind="internal",
        topic="Совещание директора с заведующими практикой",
        organizer=deputy,
        chair=deputy,
        secretary=head,
        format="in_person",
        place="Кабинет директора",
        starts_at=starts_at,
        duration_minutes=60,
    )
    services.invite(meeting, [], heads)
    return meeting


def _hold(meeting, rng, head, deputy, number):
    answers = ["in_person", "in_person", "declined"]
    if meeting.format != "in_person":
        answers = ["in_person", "online", "online", "declined"]
    for invitation in meeting.invitations.all():
        services.record_reply(invitation, rng.choice(answers))
    Invitation.objects.filter(meeting=meeting).update(replied_at=meeting.starts_at)
    services.mark_held(meeting)
    meeting.minutes_number = str(number)
    meeting.save(update_fields=["minutes_number"])
    meeting.agenda.create(
        order=1,
        title=meeting.topic,
        heard=f"{head.short_name} — о ходе практики и предложениях партнёров.",
        spoke="Представители работодателей — о требованиях к практикантам.",
        decided="Принять информацию к сведению, учесть предложения в программах практики.",
    )
    day = timezone.localtime(meeting.starts_at).date()
    Decision.objects.create(
        meeting=meeting,
        text="Внести предложения работодателей в рабочие программы практики",
        responsible=head,
        deadline=day + timedelta(days=30),
        done_at=meeting.starts_at + timedelta(days=20) if rng.random() < 0.5 else None,
    )
    partner = meeting.invitations.filter(partner__isnull=False).first()
    if partner:
        Recommendation.objects.create(
            meeting=meeting,
            partner=partner.partner,
            responsible=head,
            text="Добавить в программу практики задание по работе с программой бронирования",
            subject="Рабочая программа практики ПМ.01",
            deadline=day + timedelta(days=45),
            status=rng.choice(["proposed", "accepted", "done"]),
            created_at=meeting.starts_at,
        )
    services.approve_minutes(meeting, deputy)
    # Minutes are approved a few days after the meeting, not on the day the demo is built.
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_approved_at=meeting.starts_at + timedelta(days=3)
    )


def seed_previous_year(stdout=None):
    """The school year 2025/2026, all held with minutes: what «year over year» compares."""
    tz = timezone.get_current_timezone()
    if Meeting.objects.filter(starts_at__lt=datetime(2026, 9, 1, tzinfo=tz)).exists():
        return
    rng = random.Random(20250915)
    deputy = User.objects.filter(username="deputy").first()
    head = User.objects.filter(username="head").first()
    if not (deputy and head):
        return
    heads = list(User.objects.filter(username__in=["head", "head2", "teacher"]))
    partners = list(Partner.objects.filter(status="active").order_by("name")[:10])
    number = 0
    # Round tables and production meetings every two months; one of them never happened.
    for index, month in enumerate([9, 11, 1, 3, 5]):
        kind, topic = TOPICS[index]
        meeting = Meeting.objects.create(
            kind=kind,
            topic=topic,
            organizer=head,
            chair=deputy,
            secretary=head,
            starts_at=datetime(2025 if month >= 9 else 2026, month, 18, 15, 0, tzinfo=tz),
            duration_minutes=90,
            format="hybrid",
            place="Актовый зал",
            online_link="https://zoom.example/j/kitek",
        )
        services.invite(meeting, rng.sample(partners, k=min(5, len(partners))), heads)
        if month == 3:
            Meeting.objects.filter(pk=meeting.pk).update(
                status="cancelled", cancel_reason="Перенесено: площадка занята демоэкзаменом"
            )
            continue
        number += 1
        _hold(meeting, rng, head, deputy, number=f"{number}/25")
    for month in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6):
        when = datetime(2025 if month >= 9 else 2026, month, 5, 10, 0, tzinfo=tz)
        meeting = _director_meeting(when, deputy, head, heads)
        _hold(meeting, rng, head, deputy, number=f"З-{month}/25")
    if stdout:
        stdout.write("Встречи 2025/2026 учебного года: проведены, протоколы утверждены")
