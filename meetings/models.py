import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.access import PartnerScopedQuerySet, StaffOnlyQuerySet


class MeetingQuerySet(StaffOnlyQuerySet):
    def for_user(self, user):
        # An employer sees the meetings their organisation was invited to.
        if getattr(user, "is_employer", False) and user.is_active:
            return self.filter(invitations__partner_id=user.partner_id).distinct()
        return super().for_user(user)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", "Круглый стол"
        PRODUCTION = "production", "Производственное совещание"
        PED_COUNCIL = "ped_council", "Педагогический совет с работодателями"
        SEMINAR = "seminar", "Семинар / семинар-практикум"
        CONSULTATION = "consultation", "Консультация"
        MASTER_CLASS = "master_class", "Мастер-класс"
        MENTORING = "mentoring", "Встреча наставников"
        INTERNAL = "internal", "Совещание заведующих практикой"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очно"
        ONLINE = "online", "Онлайн"
        HYBRID = "hybrid", "Очно и онлайн"

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланирована"
        HELD = "held", "Проведена"
        CANCELLED = "cancelled", "Отменена"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    topic = models.CharField("тема", max_length=300)
    starts_at = models.DateTimeField("дата и время")
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, мин",
        default=90,
        validators=[
            MinValueValidator(15, "Встреча не может закончиться раньше, чем начнётся: от 15 минут.")
        ],
    )
    format = models.CharField("формат", max_length=20, choices=Format.choices, default="hybrid")
    place = models.CharField("место", max_length=200, blank=True, default="Актовый зал")
    online_link = models.URLField("ссылка для подключения", blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="организатор",
        on_delete=models.PROTECT,
        related_name="organized_meetings",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="председатель",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="секретарь",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minuted_meetings",
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default="planned")
    cancel_reason = models.CharField("причина отмены", max_length=300, blank=True)
    series = models.UUIDField("серия", null=True, blank=True, db_index=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Версия для календарей (iCalendar)."
    )
    # Minutes («протокол»)
    minutes_number = models.CharField("номер протокола", max_length=30, blank=True)
    attendees_note = models.TextField("присутствовали (дополнительно)", blank=True)
    minutes_version = models.PositiveSmallIntegerField("редакция протокола", default=1)
    minutes_approved_at = models.DateTimeField("протокол утверждён", null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["-starts_at"]

    def __str__(self):
        day = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()}: {self.topic} ({day:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_link:
            raise ValidationError({"online_link": "Для онлайн-участия укажите ссылку подключения."})
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.place:
            raise ValidationError({"place": "Укажите место проведения."})

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    @property
    def minutes_locked(self):
        return self.minutes_approved_at is not None

    @property
    def is_open_for_replies(self):
        return self.status == self.Status.PLANNED and self.starts_at > timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField("№", default=1)
    title = models.CharField("вопрос повестки", max_length=300)
    heard = models.TextField("СЛУШАЛИ", blank=True)
    spoke = models.TextField("ВЫСТУПИЛИ", blank=True)
    decided = models.TextField("РЕШИЛИ", blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "вопрос повестки"
        verbose_name_plural = "повестка"

    def __str__(self):
        return f"{self.order}. {self.title}"


class InvitationQuerySet(PartnerScopedQuerySet):
    pass


class Invitation(models.Model):
    class Reply(models.TextChoices):
        PENDING = "pending", "Нет ответа"
        IN_PERSON = "in_person", "Буду очно"
        ONLINE = "online", "Буду онлайн"
        DECLINED = "declined", "Не смогу"

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", "—"
        IN_PERSON = "in_person", "Присутствовал(а) очно"
        ONLINE = "online", "Присутствовал(а) онлайн"
        ABSENT = "absent", "Отсутствовал(а)"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    contact = models.ForeignKey(
        "partners.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    name = models.CharField("ФИО", max_length=300)
    email = models.EmailField("e-mail", blank=True)
    reply = models.CharField("ответ", max_length=20, choices=Reply.choices, default="pending")
    comment = models.CharField("комментарий", max_length=500, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        "присутствие", max_length=20, choices=Attendance.choices, default="unknown"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], condition=~Q(email=""), name="invite_email_once"
            ),
        ]

    def __str__(self):
        return self.name


class DecisionQuerySet(StaffOnlyQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class Decision(models.Model):
    """A decision of the minutes with a responsible person and a deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("решение")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный",
        on_delete=models.PROTECT,
        related_name="meeting_decisions",
    )
    deadline = models.DateField("срок")
    done_at = models.DateTimeField("выполнено", null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self):
        return self.done_at is None and self.deadline < timezone.localdate()


class RecommendationQuerySet(PartnerScopedQuerySet):
    def open(self):
        return self.filter(
            status__in=[Recommendation.Status.PROPOSED, Recommendation.Status.ACCEPTED]
        )


class Recommendation(models.Model):
    """An employer's recommendation, e.g. a change to a practice programme."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Предложена"
        ACCEPTED = "accepted", "Принята"
        DONE = "done", "Выполнена"
        DECLINED = "declined", "Отклонена"

    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.DONE, Status.DECLINED},
        Status.DONE: set(),
        Status.DECLINED: set(),
    }

    # Null when the recommendation came from elsewhere, e.g. a correction an employer
    # proposed on a document of the library; ``source_url`` then leads to it.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="работодатель",
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    created_at = models.DateTimeField("высказана", default=timezone.now)
    source_url = models.CharField("где высказана (ссылка)", max_length=300, blank=True)
    text = models.TextField("рекомендация")
    subject = models.CharField(
        "к чему относится",
        max_length=200,
        blank=True,
        help_text="Например: рабочая программа практики ПМ.05, КОС",
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default="proposed")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    deadline = models.DateField("срок", null=True, blank=True)
    decline_reason = models.CharField("причина отклонения", max_length=300, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["status", "deadline", "pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        """Where the recommendation was made: its meeting, its source, or the list."""
        if self.meeting_id:
            return self.meeting.get_absolute_url()
        return self.source_url or reverse("meetings:recommendation_list")

    def clean(self):
        super().clean()
        if self.status == self.Status.DECLINED and not self.decline_reason:
            raise ValidationError(
                {"decline_reason": "Укажите причину, по которой рекомендация отклонена."}
            )


class MinutesVersion(models.Model):
    """A frozen copy of approved minutes, kept when a new edition is opened."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    version = models.PositiveSmallIntegerField()
    approved_at = models.DateTimeField()
    content = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_once"),
        ]

    def __str__(self):
        return f"{self.meeting_id} v{self.version}"
