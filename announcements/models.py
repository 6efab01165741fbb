"""Announcements the college publishes to its partners (planned events, news, requests)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from agreements.selectors import partners_of_specialty, specialties_of_partner
from partners.models import Partner, Sector
from practice.models import Specialty


class AnnouncementQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff see every announcement, drafts included; an employer sees the published
        ones whose audience includes their organisation; anybody else nothing."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_college_staff:
            return self.all()
        if user.is_employer and user.partner_id:
            return self.published().for_partner(user.partner_id)
        return self.none()

    def published(self):
        return self.filter(published_at__isnull=False)

    def for_partner(self, partner_id):
        # Subqueries, not joins: one row per announcement, however many partners match.
        sectors = Partner.sectors.through.objects.filter(partner_id=partner_id)
        return self.filter(
            Q(audience=Announcement.Audience.ALL)
            | Q(
                audience=Announcement.Audience.SPECIALTY,
                specialty__in=specialties_of_partner(partner_id),
            )
            | Q(audience=Announcement.Audience.SECTOR, sector__in=sectors.values("sector_id"))
        )

    def with_read(self, user):
        """``is_read``: the user opened the announcement (one subquery, no extra queries)."""
        reads = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user)
        return self.annotate(is_read=Exists(reads))


class Announcement(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "Планируемое мероприятие"
        NEWS = "news", "Новость"
        REQUEST = "request", "Просьба к партнёрам"

    class Audience(models.TextChoices):
        ALL = "all", "Все партнёры"
        SPECIALTY = "specialty", "Партнёры специальности"
        SECTOR = "sector", "Партнёры отрасли"

    title = models.CharField("заголовок", max_length=200)
    text = models.TextField("текст")
    kind = models.CharField("вид", max_length=10, choices=Kind.choices, default=Kind.NEWS)
    event_at = models.DateTimeField(
        "дата и время мероприятия", null=True, blank=True, help_text="Для мероприятия."
    )
    place = models.CharField("место", max_length=300, blank=True)
    audience = models.CharField(
        "кому", max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    specialty = models.ForeignKey(
        Specialty,
        verbose_name="специальность",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name="отрасль",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="автор",
        on_delete=models.SET_NULL,
        null=True,
        related_name="announcements",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    published_at = models.DateTimeField("опубликовано", null=True, blank=True, db_index=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = "объявление"
        verbose_name_plural = "объявления"
        ordering = [models.F("published_at").desc(nulls_first=True), "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience="specialty") & Q(specialty__isnull=False))
                | (~Q(audience="specialty") & Q(specialty__isnull=True)),
                name="announcement_specialty_iff_audience",
            ),
            models.CheckConstraint(
                condition=(Q(audience="sector") & Q(sector__isnull=False))
                | (~Q(audience="sector") & Q(sector__isnull=True)),
                name="announcement_sector_iff_audience",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("announcements:detail", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def audience_label(self):
        if self.audience == self.Audience.SPECIALTY:
            return f"Партнёры специальности {self.specialty}"
        if self.audience == self.Audience.SECTOR:
            return f"Партнёры отрасли «{self.sector}»"
        return self.get_audience_display()

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.audience == self.Audience.SPECIALTY and not self.specialty_id:
            errors["specialty"] = "Выберите специальность, партнёрам которой адресовано объявление."
        if self.audience == self.Audience.SECTOR and not self.sector_id:
            errors["sector"] = "Выберите отрасль, партнёрам которой адресовано объявление."
        if errors:
            raise ValidationError(errors)
        # A choice that does not apply to the audience is dropped, not refused.
        if self.audience != self.Audience.SPECIALTY:
            self.specialty = None
        if self.audience != self.Audience.SECTOR:
            self.sector = None

    def partners(self):
        """The partner organisations in the audience."""
        if self.audience == self.Audience.SPECIALTY:
            return partners_of_specialty(self.specialty_id)
        if self.audience == self.Audience.SECTOR:
            return Partner.objects.filter(sectors=self.sector_id)
        return Partner.objects.all()


class AnnouncementRead(models.Model):
    """An employer representative opened the announcement (unread ones are marked)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_reads"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.announcement_id}"


class SpecialtyChatQuerySet(models.QuerySet):
    def for_user(self, user):
        if user and user.is_authenticated and user.is_active and user.is_college_staff:
            return self.all()
        return self.none()


class SpecialtyChat(models.Model):
    """The Telegram group chat of a specialty's partners; announcements for the specialty
    (and for all partners) are posted there too."""

    specialty = models.OneToOneField(
        Specialty, verbose_name="специальность", on_delete=models.CASCADE, related_name="chat"
    )
    chat_id = models.CharField(
        "идентификатор чата",
        max_length=32,
        help_text="Добавьте бота портала в группу и отправьте в ней /id: бот ответит "
        "идентификатором (для групп он начинается с «-»).",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now=True)

    objects = SpecialtyChatQuerySet.as_manager()

    class Meta:
        verbose_name = "чат партнёров специальности"
        verbose_name_plural = "чаты партнёров специальностей"

    def __str__(self):
        return f"{self.specialty}: {self.chat_id}"
