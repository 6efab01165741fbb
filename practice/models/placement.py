"""Practice periods and placements: who goes where, with which mentor, when."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.access import PartnerScopedQuerySet, StaffOnlyQuerySet

from .reference import ProfessionalModule, Student, StudentGroup


class PracticePeriodQuerySet(StaffOnlyQuerySet):
    def for_user(self, user):
        # An employer sees the periods in which their organisation has students.
        # Exists, not a join with .exclude(): an exclude on the relation would also hide a
        # period in which some other organisation's placement was cancelled.
        if getattr(user, "is_employer", False) and user.is_active:
            return self.filter(
                Exists(
                    Placement.objects.active().filter(
                        period=OuterRef("pk"), partner_id=user.partner_id
                    )
                )
            )
        return super().for_user(user)

    def with_counts(self):
        """``placed`` (placements not cancelled) and ``students`` (studying in the group).

        Correlated subqueries rather than joins: a page of periods costs only its own
        rows, and a count of the list leaves them out.
        """
        # order_by(): the models' default order (names) would join students into the count.
        placed = (
            Placement.objects.filter(period=OuterRef("pk"))
            .exclude(status=Placement.Status.CANCELLED)
            .order_by()
            .values("period")
            .annotate(n=Count("pk"))
            .values("n")
        )
        students = (
            Student.objects.filter(group=OuterRef("group_id"), status=Student.Status.STUDYING)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            placed=Coalesce(Subquery(placed), 0), students=Coalesce(Subquery(students), 0)
        )


class PracticePeriod(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", "Учебная"
        INDUSTRIAL = "industrial", "Производственная"
        PRE_DIPLOMA = "prediploma", "Преддипломная"

    kind = models.CharField("вид практики", max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        StudentGroup, verbose_name="группа", on_delete=models.PROTECT, related_name="periods"
    )
    module = models.ForeignKey(
        ProfessionalModule,
        verbose_name="профессиональный модуль",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
    )
    start = models.DateField("начало")
    end = models.DateField("окончание")
    hours = models.PositiveSmallIntegerField("часов", default=72)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="руководители практики от колледжа",
        blank=True,
        related_name="supervised_periods",
    )
    # The programme and the instructions are documents of the library (its versions, read
    # receipts and comments); a string reference keeps practice from importing it.
    programme_document = models.ForeignKey(
        "library.Document",
        verbose_name="программа практики",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_periods",
    )
    instructions_document = models.ForeignKey(
        "library.Document",
        verbose_name="методические указания",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions_periods",
    )
    report_deadline = models.DateField("срок сдачи отчётов", null=True, blank=True)

    history = HistoricalRecords()
    objects = PracticePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "период практики"
        verbose_name_plural = "периоды практики"
        ordering = ["-start", "group__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")), name="period_start_before_end"
            ),
        ]

    def __str__(self):
        module = f" {self.module.code}" if self.module_id else ""
        return (
            f"{self.get_kind_display()} практика{module}, {self.group}, "
            f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"
        )

    def get_absolute_url(self):
        return reverse("practice:period_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "Окончание практики раньше её начала."})
        if self.report_deadline and self.start and self.report_deadline < self.start:
            raise ValidationError({"report_deadline": "Срок сдачи отчётов раньше начала практики."})
        if self.module_id and self.group_id and self.module.specialty_id != self.group.specialty_id:
            raise ValidationError({"module": "Модуль относится к другой специальности."})
        if self.group_id and self.kind and self.start and self.end:
            twin = (
                PracticePeriod.objects.filter(
                    group_id=self.group_id,
                    kind=self.kind,
                    module_id=self.module_id,
                    start=self.start,
                    end=self.end,
                )
                .exclude(pk=self.pk)
                .first()
            )
            if twin:
                raise ValidationError(
                    f"Такой период уже есть: {twin}. Откройте его в списке периодов вместо "
                    "того, чтобы создавать второй с той же группой, видом, модулем и датами."
                )


class ControlPoint(models.Model):
    class Kind(models.TextChoices):
        CURRENT = "current", "Текущий контроль"
        INTERMEDIATE = "intermediate", "Промежуточный контроль"
        FINAL = "final", "Итоговый контроль"

    period = models.ForeignKey(
        PracticePeriod, on_delete=models.CASCADE, related_name="control_points"
    )
    kind = models.CharField("вид контроля", max_length=20, choices=Kind.choices)
    date = models.DateField("дата")
    description = models.CharField("что проверяется", max_length=300, blank=True)

    class Meta:
        verbose_name = "контрольная точка"
        verbose_name_plural = "контрольные точки"
        ordering = ["date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class PeriodQuota(models.Model):
    """How many students a partner takes in one practice period."""

    period = models.ForeignKey(PracticePeriod, on_delete=models.CASCADE, related_name="quotas")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="quotas")
    places = models.PositiveSmallIntegerField("мест")

    class Meta:
        verbose_name = "места партнёра на период"
        verbose_name_plural = "места партнёров на периоды"
        constraints = [
            models.UniqueConstraint(fields=["period", "partner"], name="quota_once_per_period"),
        ]

    def __str__(self):
        return f"{self.partner}: {self.places}"


class PlacementQuerySet(PartnerScopedQuerySet):
    def active(self):
        return self.exclude(status=Placement.Status.CANCELLED)

    def awaiting_confirmation(self, today, days):
        """Proposed by the college and not yet confirmed by the partner, the practice
        starting within ``days`` (or already under way)."""
        return self.filter(
            status=Placement.Status.PLANNED,
            period__start__lte=today + timedelta(days=days),
            period__end__gte=today,
        )


class Placement(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        CONFIRMED = "confirmed", "Подтверждено"
        IN_PROGRESS = "in_progress", "Проходит"
        COMPLETED = "completed", "Завершено"
        CANCELLED = "cancelled", "Отменено"

    TRANSITIONS = {
        Status.PLANNED: {Status.CONFIRMED, Status.CANCELLED},
        Status.CONFIRMED: {Status.IN_PROGRESS, Status.PLANNED, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: {Status.PLANNED},
    }

    class Report(models.TextChoices):
        NOT_SUBMITTED = "none", "Не сдан"
        SUBMITTED = "submitted", "Сдан"
        CHECKED = "checked", "Проверен"

    GRADES = [(5, "5 (отлично)"), (4, "4 (хорошо)"), (3, "3 (удовлетворительно)"), (2, "2 (неуд.)")]

    student = models.ForeignKey(
        Student, verbose_name="обучающийся", on_delete=models.PROTECT, related_name="placements"
    )
    period = models.ForeignKey(
        PracticePeriod, verbose_name="период", on_delete=models.CASCADE, related_name="placements"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="база практики",
        on_delete=models.PROTECT,
        related_name="placements",
    )
    mentor = models.ForeignKey(
        "partners.Contact",
        verbose_name="наставник",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_placements",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="руководитель от колледжа",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    workplace = models.CharField("рабочее место / подразделение", max_length=200, blank=True)
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    final_grade = models.PositiveSmallIntegerField(
        "итоговая оценка", choices=GRADES, null=True, blank=True
    )
    employer_evaluation = models.TextField("отзыв работодателя", blank=True)
    employer_grade = models.PositiveSmallIntegerField(
        "оценка работодателя", choices=GRADES, null=True, blank=True
    )
    report_status = models.CharField(
        "отчёт", max_length=20, choices=Report.choices, default=Report.NOT_SUBMITTED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The partner's answer to the college's proposal (practice/services.py: confirm, decline).
    confirmed_at = models.DateTimeField("подтверждено партнёром", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто подтвердил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declined_at = models.DateTimeField("отклонено партнёром", null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто отклонил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField("причина отказа", blank=True)

    history = HistoricalRecords()
    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "распределение на практику"
        verbose_name_plural = "распределение на практику"
        ordering = ["student__last_name", "student__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "period"],
                condition=~Q(status="cancelled"),
                name="placement_once_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.partner}"

    @property
    def awaits_confirmation(self):
        return self.status == self.Status.PLANNED

    @property
    def declined(self):
        return self.status == self.Status.CANCELLED and self.declined_at is not None


class SiteVisit(models.Model):
    """A supervisor's visit to a practice site."""

    date = models.DateField("дата посещения")
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="база практики",
        on_delete=models.CASCADE,
        related_name="site_visits",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто посетил",
        on_delete=models.PROTECT,
        related_name="site_visits",
    )
    placements = models.ManyToManyField(Placement, verbose_name="кого видели", blank=True)
    findings = models.TextField("результаты посещения")

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "посещение базы практики"
        verbose_name_plural = "посещения баз практики"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.partner}"
