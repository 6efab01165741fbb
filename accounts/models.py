import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower
from django.utils import timezone

from kitek_portal.collation import RUSSIAN

from .notifications import Channel
from .roles import MANAGER_ROLES, STAFF_MANAGER_ROLES, STAFF_ROLES, Role


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Log in by username or by e-mail (case-insensitive; e-mails are unique).
        try:
            return self.get(username=username)
        except self.model.DoesNotExist:
            return self.get(email__iexact=username)


class User(AbstractUser):
    """A portal user: college staff member or employer representative.

    The full name is kept in Russian order: фамилия, имя, отчество.
    """

    # Names sort in Russian order (kitek_portal/collation.py).
    first_name = models.CharField("имя", max_length=150, blank=True, db_collation=RUSSIAN)
    last_name = models.CharField("фамилия", max_length=150, blank=True, db_collation=RUSSIAN)
    middle_name = models.CharField("отчество", max_length=150, blank=True, db_collation=RUSSIAN)
    role = models.CharField("роль", max_length=20, choices=Role.choices, default=Role.TEACHER)
    position = models.CharField("должность", max_length=200, blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="организация-партнёр",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Только для представителей работодателя.",
    )
    specialties = models.ManyToManyField(
        "practice.Specialty",
        verbose_name="курируемые специальности",
        blank=True,
        related_name="responsible_users",
    )

    # Portal access given by the college: when the last invitation went out.
    invited_at = models.DateTimeField("приглашение отправлено", null=True, blank=True)
    is_main_representative = models.BooleanField(
        "главный представитель организации",
        default=False,
        help_text="Приглашает на портал сотрудников своей организации.",
    )

    notification_channels = models.JSONField(
        "каналы уведомлений",
        default=dict,
        blank=True,
        help_text="По каждому виду уведомлений: список каналов («email», «telegram»); "
        "пустой список — не присылать. Вид, которого нет в списке, приходит на почту.",
    )
    telegram_chat_id = models.CharField("чат Telegram", max_length=32, blank=True)
    # SHA-256 of the one-time «Подключить Telegram» token, and when it stops working.
    telegram_link_hash = models.CharField(max_length=64, blank=True, db_index=True)
    telegram_link_expires = models.DateTimeField(null=True, blank=True)

    # The secret in the user's calendar feed URL (no login: the token is the key).
    # Empty until the user first opens the subscription page; a reset replaces it.
    calendar_token = models.CharField(
        "ключ подписки на календарь", max_length=64, unique=True, null=True, blank=True
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
            # An employer representative belongs to exactly one organisation;
            # college staff belong to none.
            models.CheckConstraint(
                condition=(Q(role=Role.EMPLOYER) & Q(partner__isnull=False))
                | (~Q(role=Role.EMPLOYER) & Q(partner__isnull=True)),
                name="user_partner_iff_employer",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.role == Role.EMPLOYER and not self.partner_id:
            raise ValidationError({"partner": "Укажите организацию представителя работодателя."})
        if self.role != Role.EMPLOYER and self.partner_id:
            raise ValidationError({"partner": "Организация указывается только для работодателя."})

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self):
        """«Иванова А. П.»"""
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip() or self.username

    @property
    def is_employer(self):
        return self.role == Role.EMPLOYER

    @property
    def is_college_staff(self):
        return self.role in STAFF_ROLES

    def chosen_channels(self, kind):
        """The channels the user picked for ``kind`` (e-mail unless they changed it)."""
        from .notifications import DEFAULT_CHANNELS

        return list(self.notification_channels.get(kind, DEFAULT_CHANNELS))

    def channels_for(self, kind):
        """Where a notification of ``kind`` goes now: the chosen channels that can deliver.

        Telegram chosen but unavailable (switched off, or the chat not linked) falls back to
        e-mail, so a reminder is never lost because the bot went away.
        """
        from .notifications import Channel, telegram_enabled

        if not self.is_active:
            return []
        chosen = self.chosen_channels(kind)
        channels = []
        telegram_ok = telegram_enabled() and bool(self.telegram_chat_id)
        if Channel.TELEGRAM in chosen and telegram_ok:
            channels.append(Channel.TELEGRAM)
        if self.email and (
            Channel.EMAIL in chosen or (Channel.TELEGRAM in chosen and not telegram_ok)
        ):
            channels.insert(0, Channel.EMAIL)
        return channels

    def wants(self, reminder_kind):
        return bool(self.channels_for(reminder_kind))

    def ensure_calendar_token(self):
        if not self.calendar_token:
            self.reset_calendar_token()
        return self.calendar_token

    def reset_calendar_token(self):
        """A new secret for the calendar feed: the old URL stops working at once."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token

    class AccessState(models.TextChoices):
        INVITED = "invited", "Приглашён"
        ACTIVE = "active", "Активен"
        REVOKED = "revoked", "Доступ отозван"

    @property
    def access_state(self):
        """Revoked (inactive), invited (no password of their own yet) or active."""
        if not self.is_active:
            return self.AccessState.REVOKED
        if self.last_login is None and not self.has_usable_password():
            return self.AccessState.INVITED
        return self.AccessState.ACTIVE

    @property
    def can_manage_staff(self):
        """The deputy director and administrators manage college staff accounts."""
        return self.is_active and self.role in STAFF_MANAGER_ROLES

    @property
    def can_invite_colleagues(self):
        """An organisation's main representative gives portal access to colleagues."""
        return self.is_active and self.is_employer and self.is_main_representative

    @property
    def can_manage(self):
        """Deputy director, practice heads and administrators create and edit."""
        return self.role in MANAGER_ROLES


class OutgoingEmailQuerySet(models.QuerySet):
    # Mail normally leaves within a minute; an hour unsent means something is wrong.
    OVERDUE_AFTER = timedelta(hours=1)

    def failed(self):
        return self.filter(status=OutgoingEmail.Status.FAILED)

    def overdue(self, now=None):
        """Still waiting an hour after it was queued (the mail server or the worker is down)."""
        now = now or timezone.now()
        return self.filter(
            status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENDING],
            created_at__lt=now - self.OVERDUE_AFTER,
        )

    def needing_attention(self, now=None):
        return self.failed() | self.overdue(now)

    def state(self, now=None):
        """Waiting, overdue and failed counts with the oldest of each, in one query."""
        now = now or timezone.now()
        unsent = [OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENDING]
        waiting = Q(status__in=unsent)
        overdue = waiting & Q(created_at__lt=now - self.OVERDUE_AFTER)
        failed = Q(status=OutgoingEmail.Status.FAILED)
        # Only the rows still waiting or failed: the sent ones (nearly all of a table that
        # grows for years) are skipped through the index on status, not scanned.
        return self.filter(status__in=[*unsent, OutgoingEmail.Status.FAILED]).aggregate(
            waiting=Count("pk", filter=waiting),
            overdue=Count("pk", filter=overdue),
            failed=Count("pk", filter=failed),
            oldest_waiting=Min("created_at", filter=waiting),
            oldest_failed=Min("created_at", filter=failed),
        )


class OutgoingEmail(models.Model):
    """The outbox: every e-mail the portal sends is a row first.

    A page only writes the row; a Celery task delivers it. If the broker or the
    mail server is down, the row stays pending and beat delivers it later, so a
    failure never breaks a page and never loses a message. ``dedup_key`` makes
    one reminder for one event impossible to queue twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает отправки"
        SENDING = "sending", "Отправляется"
        SENT = "sent", "Отправлено"
        FAILED = "failed", "Не отправлено"

    Channel = Channel

    channel = models.CharField(
        "канал", max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    to = models.EmailField("получатель", blank=True)
    chat_id = models.CharField("чат Telegram", max_length=32, blank=True)
    subject = models.CharField("тема", max_length=300)
    body = models.TextField("текст")
    html_body = models.TextField("HTML", blank=True)
    attachments = models.JSONField("вложения", default=list, blank=True)
    dedup_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField("последняя ошибка", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "исходящее сообщение"
        verbose_name_plural = "исходящие сообщения (почта и Telegram)"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            # An e-mail has an address, a Telegram message a chat.
            models.CheckConstraint(
                condition=(Q(channel=Channel.EMAIL) & ~Q(to=""))
                | (Q(channel=Channel.TELEGRAM) & ~Q(chat_id="")),
                name="outbox_recipient_for_channel",
            ),
        ]

    def __str__(self):
        return f"{self.to or 'Telegram ' + self.chat_id}: {self.subject}"


class PersonalDataKind(models.TextChoices):
    """What was viewed or downloaded: each document or list with students' personal data."""

    SCHEDULE_PAGE = "schedule_page", "График дислокации (страница)"
    SCHEDULE_PDF = "schedule_pdf", "График дислокации (PDF)"
    SCHEDULE_XLSX = "schedule_xlsx", "График дислокации (XLSX)"
    ORDER_PDF = "order_pdf", "Приказ о закреплении (PDF)"
    AGREEMENT_PDF = "agreement_pdf", "Договор с приложением (PDF)"
    AGREEMENT_DOCX = "agreement_docx", "Договор с приложением (DOCX)"
    AGREEMENT_SCAN = "agreement_scan", "Скан договора"
    STUDENT_LIST = "student_list", "Список обучающихся"
    STUDENT_EXPORT = "student_export", "Выгрузка обучающихся"
    REPORT = "report", "Отчёт"
    ATTESTATION = "attestation", "Аттестационный лист"


#: Who may read the personal-data log.
AUDITOR_ROLES = frozenset({Role.DEPUTY_DIRECTOR, Role.ADMIN})


class PersonalDataAccessQuerySet(models.QuerySet):
    def for_user(self, user):
        if user and user.is_authenticated and user.is_active and user.role in AUDITOR_ROLES:
            return self.all()
        return self.none()


class PersonalDataAccess(models.Model):
    """One view or download of students' personal data (152-ФЗ): who, what, when.

    Rows are only ever added (``accounts.audit.log_personal_data``); the admin shows
    them read-only. ``username`` is kept so a row still names its user after the
    account is deleted.
    """

    created_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="пользователь",
        on_delete=models.SET_NULL,
        null=True,
        related_name="personal_data_accesses",
    )
    username = models.CharField("логин", max_length=150)
    kind = models.CharField("документ", max_length=30, choices=PersonalDataKind.choices)
    description = models.CharField("что именно", max_length=500)
    object_type = models.CharField("тип объекта", max_length=100, blank=True)
    object_id = models.CharField("номер объекта", max_length=50, blank=True)
    path = models.CharField("адрес запроса", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    # Behind nginx REMOTE_ADDR is the proxy; the header as received names the client.
    forwarded_for = models.CharField("X-Forwarded-For", max_length=200, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "доступ к персональным данным"
        verbose_name_plural = "журнал доступа к персональным данным"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self):
        return f"{self.username}: {self.get_kind_display()}"


class AccessEventQuerySet(models.QuerySet):
    def for_user(self, user):
        """The record of portal access is the college's: staff only."""
        if user and user.is_authenticated and user.is_active and user.is_college_staff:
            return self.all()
        return self.none()


class AccessEvent(models.Model):
    """One change of somebody's portal access: who did it, when, to whom.

    Rows are only ever added (``AccessEvent.record``); the partner card shows those of
    the partner's representatives. ``partner`` is the organisation of the account at
    the time (none for college staff), so the card needs no join through the user.
    """

    class Action(models.TextChoices):
        GRANTED = "granted", "выдан доступ, отправлено приглашение"
        RESENT = "resent", "приглашение отправлено ещё раз"
        REVOKED = "revoked", "доступ отозван"
        RESTORED = "restored", "доступ возвращён"
        MAIN_SET = "main_set", "отмечен главным представителем"
        MAIN_UNSET = "main_unset", "снята отметка главного представителя"
        EMAIL_CHANGED = "email_changed", "изменён e-mail для входа"

    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    action = models.CharField("что", max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="чей доступ",
        on_delete=models.CASCADE,
        related_name="access_events",
    )
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name="кто изменил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_events",
    )
    note = models.CharField("подробности", max_length=300, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = "изменение доступа к порталу"
        verbose_name_plural = "журнал доступа к порталу"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.user}: {self.get_action_display()}"

    @classmethod
    def record(cls, user, action, actor=None, note=""):
        actor = actor if actor is not None and actor.is_authenticated else None
        return cls.objects.create(
            user=user, action=action, actor=actor, partner_id=user.partner_id, note=note[:300]
        )
