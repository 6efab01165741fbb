from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.access import PartnerScopedQuerySet


class AgreementQuerySet(PartnerScopedQuerySet):
    def valid_on(self, start, end=None):
        """Agreements in force for the whole of [start, end].

        An agreement that has since expired was in force within its dates, so a past practice
        under it stays covered; for today and later its end date already rules it out."""
        end = end or start
        return self.filter(
            status__in=(*Agreement.VALID_STATUSES, Agreement.Status.EXPIRED),
            valid_from__lte=start,
            valid_to__gte=end,
        )

    def for_placements(self):
        """Kinds under which students are placed for practice."""
        return self.filter(kind__in=Agreement.PLACEMENT_KINDS)


STATUS_BADGES = {
    "active": "text-bg-success",
    "signed": "text-bg-success",
    "expiring": "text-bg-warning",
    "expired": "text-bg-danger",
    "terminated": "text-bg-danger",
}


class Agreement(models.Model):
    class Kind(models.TextChoices):
        PRACTICAL_TRAINING = "training", "Договор о практической подготовке обучающихся"
        TRIPARTITE = "tripartite", "Трёхсторонний договор (колледж, партнёр, обучающийся)"
        COOPERATION = "cooperation", "Соглашение о сотрудничестве (социальном партнёрстве)"
        NETWORK = "network", "Договор о сетевой форме реализации программы"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        APPROVAL = "approval", "На согласовании"
        SIGNED = "signed", "Подписан"
        ACTIVE = "active", "Действует"
        EXPIRING = "expiring", "Истекает"
        EXPIRED = "expired", "Истёк"
        TERMINATED = "terminated", "Расторгнут"

    # Every allowed move; anything else is refused (agreements/services.py).
    TRANSITIONS = {
        Status.DRAFT: {Status.APPROVAL, Status.TERMINATED},
        Status.APPROVAL: {Status.DRAFT, Status.SIGNED, Status.TERMINATED},
        Status.SIGNED: {Status.ACTIVE, Status.TERMINATED},
        Status.ACTIVE: {Status.EXPIRING, Status.EXPIRED, Status.TERMINATED},
        Status.EXPIRING: {Status.ACTIVE, Status.EXPIRED, Status.TERMINATED},
        Status.EXPIRED: {Status.ACTIVE, Status.TERMINATED},
        Status.TERMINATED: set(),
    }
    VALID_STATUSES = (Status.SIGNED, Status.ACTIVE, Status.EXPIRING)
    PLACEMENT_KINDS = (Kind.PRACTICAL_TRAINING, Kind.TRIPARTITE, Kind.NETWORK)

    number = models.CharField("номер", max_length=50, unique=True)
    date = models.DateField("дата договора", default=timezone.localdate)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="партнёр",
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    student = models.ForeignKey(
        "practice.Student",
        verbose_name="обучающийся (для трёхстороннего договора)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    specialties = models.ManyToManyField(
        "practice.Specialty", verbose_name="специальности", blank=True, related_name="agreements"
    )
    modules = models.ManyToManyField(
        "practice.ProfessionalModule",
        verbose_name="профессиональные модули",
        blank=True,
        related_name="agreements",
    )
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по")
    auto_prolongation = models.BooleanField(
        "автоматическая пролонгация",
        default=False,
        help_text="Продлевается на год, если ни одна сторона не заявила о прекращении.",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_agreements",
    )
    indicators = models.TextField(
        "показатели совместной работы",
        blank=True,
        help_text="Критерии и показатели эффективности, зафиксированные в договоре.",
    )
    notes = models.TextField("заметки", blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default="draft")
    status_changed_at = models.DateTimeField("статус с", default=timezone.now)
    scan = models.FileField("скан подписанного договора", upload_to="agreements/scans/", blank=True)

    history = HistoricalRecords(excluded_fields=["status_changed_at"])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "договор"
        verbose_name_plural = "договоры"
        ordering = ["valid_to", "number"]
        # The list's default order; also the «valid on a date» reads (valid_to >= date).
        indexes = [models.Index(fields=["valid_to", "number"], name="agreement_valid_to_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_to")), name="agreement_dates_in_order"
            ),
        ]

    def __str__(self):
        return f"№ {self.number} от {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def status_badge(self):
        """The Bootstrap classes of the status badge."""
        return STATUS_BADGES.get(self.status, "text-bg-light border")

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError({"valid_to": "Дата окончания раньше даты начала действия."})
        if self.kind == self.Kind.TRIPARTITE and not self.student_id:
            raise ValidationError({"student": "Для трёхстороннего договора укажите обучающегося."})

    @property
    def days_left(self):
        return (self.valid_to - timezone.localdate()).days

    @property
    def is_valid_today(self):
        today = timezone.localdate()
        return self.status in self.VALID_STATUSES and self.valid_from <= today <= self.valid_to

    def editable_by(self, user):
        return user.is_authenticated and user.can_manage

    def scan_visible_to(self, user):
        """Staff, and representatives of the agreement's own partner."""
        if not user.is_authenticated:
            return False
        return user.is_college_staff or (user.is_employer and user.partner_id == self.partner_id)


class AgreementQuota(models.Model):
    """Places per specialty: the quota placements draw on, per practice period."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="quotas")
    specialty = models.ForeignKey(
        "practice.Specialty", verbose_name="специальность", on_delete=models.PROTECT
    )
    places = models.PositiveSmallIntegerField("мест")

    class Meta:
        verbose_name = "места по договору"
        verbose_name_plural = "места по договору"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "specialty"], name="quota_per_specialty"),
        ]

    def __str__(self):
        return f"{self.specialty.code}: {self.places}"


class AgreementStatusChange(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="status_log")
    old_status = models.CharField(max_length=20, choices=Agreement.Status.choices)
    new_status = models.CharField(max_length=20, choices=Agreement.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"
