"""The annual plan of work with employers (Table 4 of the college's document)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from accounts.access import StaffOnlyQuerySet

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


class WorkPlan(models.Model):
    """The plan of one school year. ``year`` 2025 is the school year 2025/2026: it runs from the
    August preparations of 2025 to the end of August 2026."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Проект"
        APPROVED = "approved", "Утверждён"

    year = models.PositiveSmallIntegerField("учебный год (начало)", unique=True)
    title = models.CharField(
        "заголовок", max_length=300, default="План взаимодействия колледжа и работодателей"
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default="draft")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="утвердил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "план работы на год"
        verbose_name_plural = "планы работы"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.title} на {self.school_year_label} учебный год"

    def get_absolute_url(self):
        return reverse("monitoring:plan", args=[self.year])

    @property
    def school_year_label(self):
        return f"{self.year}/{self.year + 1}"


class PlanItem(models.Model):
    class Section(models.TextChoices):
        ORGANISATION = (
            "organisation",
            "Организационное и информационно-методическое обеспечение практической подготовки",
        )
        EMPLOYERS = "employers", "Взаимодействие с работодателями"
        MONITORING = "monitoring", "Мониторинг практической подготовки"

    class Timing(models.TextChoices):
        MONTHS = "months", "В указанные месяцы"
        MONTHLY = "monthly", "Ежемесячно"
        BIMONTHLY = "bimonthly", "1 раз в 2 месяца"
        YEAR_ROUND = "year_round", "В течение года"
        PRACTICE_SCHEDULE = "practice", "По графику прохождения практик"

    class Evidence(models.TextChoices):
        SCHEDULE = "schedule", "График дислокации (распределение по каждому периоду)"
        MENTORS = "mentors", "Наставники закреплены в каждом периоде"
        ORDER = "order", "Приказ о закреплении (руководители назначены)"
        AGREEMENTS = "agreements", "Договоры, заключённые в срок"
        MEETINGS = "meetings", "Проведённые совещания с утверждённым протоколом"
        SITE_VISITS = "visits", "Посещения баз практики"
        REPORT_CHECK = "reports", "Проверка отчётов по практике"
        MANUAL = "manual", "Подтверждение ответственного (файл и пояснение)"

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    section = models.CharField("раздел", max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField("№ п/п", default=0)
    content = models.TextField("содержание")
    timing = models.CharField("срок", max_length=20, choices=Timing.choices)
    months = models.CharField(
        "месяцы",
        max_length=40,
        blank=True,
        help_text="Для срока «в указанные месяцы»: номера месяцев через запятую, например 8,9 "
        "(август–сентябрь) или 1,6 (январь, июнь).",
    )
    timing_text = models.CharField("срок, как в плане", max_length=100, blank=True)
    responsible_text = models.CharField("ответственный, как в плане", max_length=300)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственные пользователи",
        blank=True,
        related_name="plan_items",
    )
    expected_result = models.CharField("ожидаемый результат", max_length=300, blank=True)
    evidence = models.CharField(
        "чем подтверждается", max_length=20, choices=Evidence.choices, default="manual"
    )
    meeting_kinds = models.CharField(
        "виды совещаний",
        max_length=100,
        blank=True,
        help_text="Для подтверждения протоколами: виды совещаний через запятую "
        "(round_table, production, internal, …).",
    )

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "пункт плана"
        verbose_name_plural = "пункты плана"
        ordering = ["plan", "section", "position", "pk"]

    def __str__(self):
        return self.content

    def get_absolute_url(self):
        return reverse("monitoring:plan_item", args=[self.pk])

    @property
    def month_numbers(self):
        return [int(m) for m in self.months.split(",") if m.strip()]

    @property
    def meeting_kind_list(self):
        return [k.strip() for k in self.meeting_kinds.split(",") if k.strip()]

    @property
    def deadline_display(self):
        if self.timing_text:
            return self.timing_text
        if self.timing == self.Timing.MONTHS and self.months:
            return ", ".join(MONTHS_NOMINATIVE[m - 1] for m in self.month_numbers).capitalize()
        return self.get_timing_display()

    def clean(self):
        super().clean()
        if self.timing == self.Timing.MONTHS:
            try:
                months = self.month_numbers
            except ValueError:
                months = None
            if not months or any(m < 1 or m > 12 for m in months):
                raise ValidationError(
                    {"months": "Укажите номера месяцев от 1 до 12 через запятую, например 8,9."}
                )
        if self.evidence == self.Evidence.MEETINGS and not self.meeting_kind_list:
            raise ValidationError({"meeting_kinds": "Укажите, какие совещания подтверждают пункт."})


class PlanEvidence(models.Model):
    """Evidence a responsible person uploads for an item the portal cannot check by itself."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="manual_evidence")
    done_on = models.DateField("дата выполнения")
    note = models.TextField("что сделано")
    file = models.FileField("файл", upload_to="monitoring/evidence/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="добавил", on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("добавлено", auto_now_add=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "подтверждение выполнения"
        verbose_name_plural = "подтверждения выполнения"
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return f"{self.item}: {self.done_on:%d.%m.%Y}"
