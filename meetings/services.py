"""Meetings: series, invitations with calendar files, one-click replies, reminders, minutes."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.mail import Notice, queue_notifications, queue_templated_email
from accounts.notifications import NotificationKind
from kitek_portal.collation import sort_key

from .models import AgendaItem, Decision, Invitation, Meeting, MinutesVersion, Recommendation

REPLY_SALT = "meetings.reply"
REPLY_MAX_AGE = timedelta(days=90)
STEP_MONTHS = {"monthly": 1, "bimonthly": 2}


# --- series ------------------------------------------------------------------------


def create_series(template, frequency, until):
    """Copies of an unsaved meeting every one or two months up to ``until`` (a date)."""
    if frequency not in STEP_MONTHS:
        raise ValidationError("Выберите периодичность: ежемесячно или раз в два месяца.")
    series = uuid.uuid4()
    meetings, start = [], template.starts_at
    while timezone.localtime(start).date() <= until:
        meeting = Meeting(
            **{
                f.attname: getattr(template, f.attname)
                for f in Meeting._meta.concrete_fields
                if f.attname not in ("id", "uid", "series", "starts_at")
            },
        )
        meeting.series, meeting.starts_at = series, start
        meetings.append(meeting)
        start = _add_months(start, STEP_MONTHS[frequency])
    return Meeting.objects.bulk_create(meetings)


def _add_months(moment, months):
    local = timezone.localtime(moment)
    month = local.month - 1 + months
    year, month = local.year + month // 12, month % 12 + 1
    day = min(local.day, 28)
    return local.replace(year=year, month=month, day=day)


# --- invitations -----------------------------------------------------------------------


def invite(meeting, partners=(), users=(), contacts=()):
    """Invite partners (their primary contact, or the first with an e-mail), particular
    contacts of partners, and staff. Nobody is invited twice."""
    existing = set(meeting.invitations.values_list("email", flat=True))
    created = []
    for contact in contacts:
        if contact.email and contact.email not in existing:
            created.append(
                Invitation(
                    meeting=meeting,
                    partner_id=contact.partner_id,
                    contact=contact,
                    email=contact.email,
                    name=contact.full_name,
                )
            )
            existing.add(contact.email)
    for partner in partners:
        contacts = sorted(
            partner.contacts.all(), key=lambda c: (not c.is_primary, sort_key(c.last_name))
        )
        contact = next((c for c in contacts if c.email), None)
        email = contact.email if contact else ""
        if email and email in existing:
            continue
        created.append(
            Invitation(
                meeting=meeting,
                partner=partner,
                contact=contact,
                email=email,
                name=contact.full_name if contact else partner.name,
            )
        )
        existing.add(email)
    for user in users:
        if user.email and user.email not in existing:
            created.append(
                Invitation(meeting=meeting, user=user, email=user.email, name=user.full_name)
            )
            existing.add(user.email)
    return Invitation.objects.bulk_create(created)


def send_invitations(meeting):
    """Queue the announcement with its .ics to every invitee; once per meeting version."""
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    template = "meeting_cancelled" if method == "CANCEL" else "meeting_invitation"
    queued = 0
    for invitation in meeting.invitations.exclude(email=""):
        attachment = {
            "filename": "invite.ics",
            "content": calendar_file(meeting, method, [invitation]).decode(),
            "mimetype": "text/calendar",
        }
        context = {"meeting": meeting, "invitation": invitation, "links": reply_links(invitation)}
        key = f"meeting:{meeting.pk}:v{meeting.sequence}:{method}:{invitation.pk}"
        queued += bool(
            queue_templated_email(
                invitation.email, template, context, attachments=[attachment], dedup_key=key
            )
        )
    return queued


def reschedule(meeting, **changes):
    """Change date, place or link; invitees get an updated calendar entry."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Переносить можно только запланированную встречу.")
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.sequence += 1
    meeting.save()
    return send_invitations(meeting)


def cancel(meeting, reason):
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Отменить можно только запланированную встречу.")
    if not reason.strip():
        raise ValidationError("Укажите причину отмены: её увидят приглашённые.")
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence"])
    return send_invitations(meeting)


def event_fields(meeting):
    """What a calendar shows of a meeting: the invitation file and the calendar feed share it."""
    location = ", ".join(p for p in (meeting.place, meeting.online_link) if p)
    description = [meeting.topic]
    if meeting.online_link:
        description.append(f"Подключение: {meeting.online_link}")
    return {
        "summary": f"{meeting.get_kind_display()}: {meeting.topic}",
        "start": meeting.starts_at,
        "end": meeting.ends_at,
        "location": location,
        "description": "\n".join(description),
        "sequence": meeting.sequence,
        "status": "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED",
    }


def calendar_file(meeting, method="REQUEST", invitations=()):
    """An iCalendar file; the same UID with a higher SEQUENCE updates the invitee's entry."""
    cal = Calendar()
    cal.add("prodid", "-//KITEK Practice Portal//ru")
    cal.add("version", "2.0")
    cal.add("method", method)
    fields = event_fields(meeting)
    event = Event()
    event.add("uid", f"{meeting.uid}@kitek-practice")
    event.add("sequence", fields["sequence"])
    event.add("dtstamp", timezone.now())
    event.add("dtstart", fields["start"])
    event.add("dtend", fields["end"])
    event.add("summary", fields["summary"])
    event.add("location", fields["location"])
    event.add("description", fields["description"])
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText("БПОУ «КИТЭК»")
    event["organizer"] = organizer
    for invitation in invitations:
        attendee = vCalAddress(f"mailto:{invitation.email}")
        attendee.params["cn"] = vText(invitation.name)
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()


# --- one-click replies --------------------------------------------------------------------


def reply_token(invitation):
    return signing.dumps({"i": invitation.pk, "m": invitation.meeting_id}, salt=REPLY_SALT)


def reply_links(invitation):
    token = reply_token(invitation)
    base = settings.SITE_URL + reverse("meetings:reply", args=[token])
    return {choice: f"{base}?answer={choice}" for choice in ("in_person", "online", "declined")}


def invitation_from_token(token):
    """The invitation a link is for; ValidationError with a message if it cannot be used."""
    try:
        data = signing.loads(token, salt=REPLY_SALT, max_age=REPLY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(
            "Срок действия ссылки истёк. Ответьте на письмо организатору."
        ) from error
    except signing.BadSignature as error:
        raise ValidationError("Ссылка повреждена. Скопируйте её из письма целиком.") from error
    invitation = (
        Invitation.objects.select_related("meeting")
        .filter(pk=data["i"], meeting_id=data["m"])
        .first()
    )
    if invitation is None:
        raise ValidationError("Приглашение не найдено: возможно, его отозвали.")
    if invitation.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("Встреча отменена: ответ не нужен.")
    if not invitation.meeting.is_open_for_replies:
        raise ValidationError("Встреча уже прошла: ответ больше не принимается.")
    return invitation


def record_reply(invitation, answer, comment=""):
    if answer not in (
        Invitation.Reply.IN_PERSON,
        Invitation.Reply.ONLINE,
        Invitation.Reply.DECLINED,
    ):
        raise ValidationError("Выберите ответ: очно, онлайн или не смогу.")
    if answer == Invitation.Reply.ONLINE and invitation.meeting.format == Meeting.Format.IN_PERSON:
        raise ValidationError("Эта встреча проходит только очно.")
    if answer == Invitation.Reply.IN_PERSON and invitation.meeting.format == Meeting.Format.ONLINE:
        raise ValidationError("Эта встреча проходит только онлайн.")
    invitation.reply, invitation.comment = answer, comment.strip()[:500]
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "comment", "replied_at"])
    return invitation


# --- reminders ------------------------------------------------------------------------------


def send_meeting_reminders(now=None):
    """A day and an hour before: one e-mail each per invitee (unique keys make it once).

    Two queries for the invitations, one for the keys already queued and one INSERT,
    whatever the number of invitations.
    """
    now = now or timezone.now()
    windows = (
        ("day", timedelta(hours=1), timedelta(hours=24)),
        ("hour", timedelta(0), timedelta(hours=1)),
    )
    emails = []
    for label, after, ahead in windows:
        invitations = (
            Invitation.objects.filter(
                meeting__status=Meeting.Status.PLANNED,
                meeting__starts_at__gt=now + after,
                meeting__starts_at__lte=now + ahead,
            )
            .exclude(email="")
            .exclude(reply=Invitation.Reply.DECLINED)
            .select_related("meeting", "user")
        )
        for invitation in invitations:
            meeting = invitation.meeting
            key = f"meeting:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}:{label}:{invitation.pk}"
            context = {"meeting": meeting, "invitation": invitation, "when": label}
            # An invitee with an account gets it where they chose; a guest, by e-mail.
            emails.append(
                Notice(
                    invitation.user,
                    NotificationKind.MEETING_REMINDER,
                    "meeting_reminder",
                    context,
                    key,
                    to=invitation.email,
                )
            )
    return len(queue_notifications(emails))


def send_decision_reminders(today=None):
    """Before the deadline of a decision or an accepted recommendation (3 days), and once
    it is missed. Four queries whatever the number of decisions."""
    today = today or timezone.localdate()
    decisions = (
        Decision.objects.open()
        .filter(deadline__lte=today + timedelta(days=3))
        .select_related("responsible", "meeting")
    )
    recommendations = (
        Recommendation.objects.open()
        .filter(deadline__isnull=False, deadline__lte=today + timedelta(days=3))
        .exclude(responsible__isnull=True)
        .select_related("responsible", "meeting", "partner")
    )
    emails = []
    for prefix, items in (("decision", decisions), ("recommendation", recommendations)):
        for item in items:
            user = item.responsible
            stage = "missed" if item.deadline < today else "soon"
            key = f"{prefix}:{item.pk}:{item.deadline}:{stage}"
            context = {"user": user, "decision": item, "missed": stage == "missed"}
            emails.append(
                Notice(user, NotificationKind.DECISION_REMINDER, "decision_reminder", context, key)
            )
    return len(queue_notifications(emails))


# --- holding the meeting and its minutes ----------------------------------------------------------


def mark_held(meeting):
    """The meeting took place: attendance starts from the replies."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Отметить проведённой можно только запланированную встречу.")
    with transaction.atomic():
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
        mapping = {
            Invitation.Reply.IN_PERSON: Invitation.Attendance.IN_PERSON,
            Invitation.Reply.ONLINE: Invitation.Attendance.ONLINE,
            Invitation.Reply.DECLINED: Invitation.Attendance.ABSENT,
        }
        for reply, attendance in mapping.items():
            meeting.invitations.filter(reply=reply, attendance="unknown").update(
                attendance=attendance
            )
    return meeting


def ensure_editable(meeting):
    if meeting.minutes_locked:
        raise ValidationError(
            "Протокол утверждён и не редактируется. Откройте новую редакцию, чтобы внести правки."
        )


def approve_minutes(meeting, user):
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError("Протокол утверждается после того, как встреча проведена.")
    ensure_editable(meeting)
    if not meeting.minutes_number:
        raise ValidationError("Укажите номер протокола перед утверждением.")
    meeting.minutes_approved_at, meeting.minutes_approved_by = timezone.now(), user
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by"])


def new_minutes_version(meeting):
    """Freeze the approved text and open the next edition for changes."""
    if not meeting.minutes_locked:
        raise ValidationError("Протокол ещё не утверждён: его можно править и так.")
    with transaction.atomic():
        MinutesVersion.objects.create(
            meeting=meeting,
            version=meeting.minutes_version,
            approved_at=meeting.minutes_approved_at,
            content={
                "number": meeting.minutes_number,
                "agenda": list(
                    AgendaItem.objects.filter(meeting=meeting).values(
                        "order", "title", "heard", "spoke", "decided"
                    )
                ),
            },
        )
        meeting.minutes_version += 1
        meeting.minutes_approved_at = meeting.minutes_approved_by = None
        meeting.save(
            update_fields=["minutes_version", "minutes_approved_at", "minutes_approved_by"]
        )


def change_recommendation(recommendation, new_status, reason=""):
    if new_status not in Recommendation.Status.values:  # a forged form: no such status
        raise ValidationError("Выберите, что сделать с рекомендацией.")
    if new_status not in Recommendation.TRANSITIONS[recommendation.status]:
        raise ValidationError(
            f"Нельзя перевести рекомендацию из «{recommendation.get_status_display()}» "
            f"в «{Recommendation.Status(new_status).label}»."
        )
    if new_status == Recommendation.Status.DECLINED and not reason.strip():
        raise ValidationError("Укажите причину, по которой рекомендация отклонена.")
    recommendation.status = new_status
    recommendation.decline_reason = reason.strip()
    recommendation.save(update_fields=["status", "decline_reason"])
    return recommendation
