"""Attendance during the practice and the attestation sheet the mentor signs at its end."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.access import PartnerScopedQuerySet

from .placement import Placement
from .reference import Competency


def practice_days(start, end):
    """The working days of a practice: every day but Sunday (a six-day week)."""
    day = start
    while day <= end:
        if day.isoweekday() != 7:
            yield day
        day += timedelta(days=1)


class AttendanceQuerySet(PartnerScopedQuerySet):
    partner_path = "placement__partner"


class AttendanceMark(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Присутствовал"
        ABSENT = "absent", "Отсутствовал"
        LATE = "late", "Опоздал"

    class Reason(models.TextChoices):
        ILLNESS = "illness", "Болезнь"
        EXCUSED = "excused", "Уважительная причина"
        UNEXCUSED = "unexcused", "Без уважительной причины"
        OTHER = "other", "Другое"

    placement = models.ForeignKey(
        Placement, verbose_name="практикант", on_delete=models.CASCADE, related_name="attendance"
    )
    date = models.DateField("дата")
    status = models.CharField("отметка", max_length=10, choices=Status.choices)
    reason = models.CharField(
        "причина отсутствия", max_length=10, choices=Reason.choices, blank=True
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто отметил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField("когда отмечено", auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "отметка посещаемости"
        verbose_name_plural = "посещаемость"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="attendance_once_per_day"),
            models.CheckConstraint(
                condition=Q(status="absent") | Q(reason=""), name="attendance_reason_if_absent"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_status_display()}"

    def clean(self):
        super().clean()
        period = self.placement.period
        if self.date > timezone.localdate():
            raise ValidationError({"date": "Нельзя отметить посещаемость на будущий день."})
        if not period.start <= self.date <= period.end:
            raise ValidationError(
                {
                    "date": f"{self.date:%d.%m.%Y} — вне сроков практики "
                    f"({period.start:%d.%m.%Y}–{period.end:%d.%m.%Y})."
                }
            )
        if self.placement.status == Placement.Status.CANCELLED:
            raise ValidationError("Распределение отменено: посещаемость не отмечается.")
        if self.status != self.Status.ABSENT:
            self.reason = ""


class AttestationQuerySet(PartnerScopedQuerySet):
    partner_path = "placement__partner"

    def for_pdf(self):
        return self.select_related(
            "placement__student__group__specialty",
            "placement__period__module",
            "placement__partner",
            "placement__mentor",
            "placement__supervisor",
            "signed_by",
        ).prefetch_related("results", "works")


class AttestationSheet(models.Model):
    """«Аттестационный лист по практике»: filled and signed by the mentor, per placement."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SIGNED = "signed", "Подписан"

    placement = models.OneToOneField(
        Placement, verbose_name="практикант", on_delete=models.CASCADE, related_name="attestation"
    )
    status = models.CharField("состояние", max_length=10, choices=Status.choices, default="draft")
    characterisation = models.TextField(
        "характеристика",
        blank=True,
        help_text="Отношение к работе, дисциплина, умения и навыки, проявленные на практике.",
    )
    grade = models.PositiveSmallIntegerField(
        "оценка", choices=Placement.GRADES, null=True, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подписал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField(
        "руководитель практики от организации", max_length=300, blank=True
    )
    signed_at = models.DateTimeField("подписан", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = "аттестационный лист"
        verbose_name_plural = "аттестационные листы"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(grade__isnull=False),
                name="attestation_signed_has_grade",
            ),
        ]

    def __str__(self):
        return f"Аттестационный лист: {self.placement.student}"

    @property
    def is_signed(self):
        return self.status == self.Status.SIGNED

    def competency_rows(self):
        """[(competency, mastered or None)] of the period's module, in order.

        Uses the prefetched results; the module's competencies are passed in the
        ``competencies`` attribute when the caller fetched them for many sheets.
        """
        answers = {r.competency_id: r.mastered for r in self.results.all()}
        competencies = getattr(self, "competencies", None)
        if competencies is None:
            module_id = self.placement.period.module_id
            competencies = list(Competency.objects.filter(module_id=module_id)) if module_id else []
        return [(c, answers.get(c.pk)) for c in competencies]


class AttestationResult(models.Model):
    sheet = models.ForeignKey(AttestationSheet, on_delete=models.CASCADE, related_name="results")
    competency = models.ForeignKey(
        Competency, verbose_name="компетенция", on_delete=models.PROTECT, related_name="+"
    )
    mastered = models.BooleanField("освоена")

    class Meta:
        verbose_name = "результат освоения компетенции"
        verbose_name_plural = "результаты освоения компетенций"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "competency"], name="attestation_result_once"),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.label}"

    @property
    def label(self):
        return "освоена" if self.mastered else "не освоена"


class AttestationWork(models.Model):
    """A row of «виды и объём работ, выполненных во время практики»."""

    sheet = models.ForeignKey(AttestationSheet, on_delete=models.CASCADE, related_name="works")
    kind = models.CharField("вид работ", max_length=300)
    hours = models.PositiveSmallIntegerField("объём, часов", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "вид работ"
        verbose_name_plural = "виды и объём работ"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.kind
