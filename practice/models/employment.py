"""Where graduates work: the college reports it each year, per specialty."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accounts.access import PartnerScopedQuerySet

from .reference import Student


class Employment(models.Model):
    class Status(models.TextChoices):
        IN_SPECIALTY = "specialty", "Трудоустроен по специальности"
        ELSEWHERE = "elsewhere", "Трудоустроен не по специальности"
        STUDYING = "studying", "Продолжает обучение"
        ARMY = "army", "Призван в армию"
        PARENTAL_LEAVE = "parental", "Отпуск по уходу за ребёнком"
        NOT_EMPLOYED = "none", "Не трудоустроен"

    class Source(models.TextChoices):
        GRADUATE = "graduate", "Со слов выпускника"
        EMPLOYER = "employer", "От работодателя"
        EMPLOYMENT_SERVICE = "service", "Центр занятости"
        DOCUMENT = "document", "Документ (справка, приказ)"

    student = models.ForeignKey(
        Student, verbose_name="выпускник", on_delete=models.CASCADE, related_name="employment"
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name="организация-партнёр",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="graduates",
    )
    organisation = models.CharField("организация (если не партнёр)", max_length=300, blank=True)
    position = models.CharField("должность", max_length=200, blank=True)
    date = models.DateField("с какого числа")
    source = models.CharField(
        "источник сведений", max_length=20, choices=Source.choices, default=Source.GRADUATE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)

    # Staff see every record; an employer sees the graduates who work at their organisation.
    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "трудоустройство выпускника"
        verbose_name_plural = "трудоустройство выпускников"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.student}: {self.get_status_display()}"

    @property
    def employed(self):
        return self.status in (self.Status.IN_SPECIALTY, self.Status.ELSEWHERE)

    def clean(self):
        super().clean()
        if self.employed and not (self.partner_id or self.organisation):
            raise ValidationError({"organisation": "Укажите организацию или выберите партнёра."})
