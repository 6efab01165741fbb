from django.db import models
from django.utils import timezone

from accounts.access import StaffOnlyQuerySet
from kitek_portal.collation import RUSSIAN


class Specialty(models.Model):
    code = models.CharField("код", max_length=20, unique=True)
    name = models.CharField("наименование", max_length=300)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "специальность"
        verbose_name_plural = "специальности"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def official_name(self):
        """As the college writes it in documents: 43.02.14 «Гостиничное дело»."""
        return f"{self.code} «{self.name}»"


class StudentGroup(models.Model):
    name = models.CharField("группа", max_length=30, unique=True, db_collation=RUSSIAN)
    specialty = models.ForeignKey(
        Specialty, verbose_name="специальность", on_delete=models.PROTECT, related_name="groups"
    )
    course = models.PositiveSmallIntegerField("курс")
    admission_year = models.PositiveSmallIntegerField("год набора")

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "группа"
        verbose_name_plural = "группы"
        ordering = ["course", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__gte=1, course__lte=5), name="group_course_1_to_5"
            ),
        ]

    def __str__(self):
        return self.name


class Student(models.Model):
    class Status(models.TextChoices):
        STUDYING = "studying", "Обучается"
        ACADEMIC_LEAVE = "leave", "Академический отпуск"
        GRADUATED = "graduated", "Выпускник"
        EXPELLED = "expelled", "Отчислен"

    last_name = models.CharField("фамилия", max_length=100, db_collation=RUSSIAN)
    first_name = models.CharField("имя", max_length=100, db_collation=RUSSIAN)
    middle_name = models.CharField("отчество", max_length=100, blank=True, db_collation=RUSSIAN)
    group = models.ForeignKey(
        StudentGroup, verbose_name="группа", on_delete=models.PROTECT, related_name="students"
    )
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.STUDYING
    )
    # Personal contacts: college staff only.
    phone = models.CharField("телефон", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    graduated_on = models.DateField(
        "дата выпуска",
        null=True,
        blank=True,
        help_text="Ставится сама, когда статус становится «Выпускник».",
    )
    # Set once the graduate's personal data is anonymised (152-ФЗ retention).
    anonymised_at = models.DateTimeField("обезличен", null=True, blank=True, editable=False)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "обучающийся"
        verbose_name_plural = "обучающиеся"
        ordering = ["last_name", "first_name", "middle_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # The retention clock of personal data starts at graduation.
        if self.status == self.Status.GRADUATED and not self.graduated_on:
            self.graduated_on = timezone.localdate()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "graduated_on"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Profession(models.Model):
    """A worker profession a module qualifies for, e.g. 20015 «Агент по закупкам»."""

    code = models.CharField("код", max_length=10, unique=True)
    name = models.CharField("наименование", max_length=200)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "профессия рабочего / должность служащего"
        verbose_name_plural = "профессии рабочих / должности служащих"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} «{self.name}»"


class ProfessionalModule(models.Model):
    specialty = models.ForeignKey(
        Specialty, verbose_name="специальность", on_delete=models.PROTECT, related_name="modules"
    )
    code = models.CharField("код", max_length=20, help_text="Например, ПМ.05")
    name = models.CharField("наименование", max_length=300)
    professions = models.ManyToManyField(Profession, verbose_name="профессии", blank=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "профессиональный модуль"
        verbose_name_plural = "профессиональные модули"
        ordering = ["specialty__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["specialty", "code"], name="module_code_per_specialty")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Competency(models.Model):
    """A professional competency (ПК) of a module, e.g. «ПК 5.1 Планировать закупки»."""

    module = models.ForeignKey(
        ProfessionalModule,
        verbose_name="профессиональный модуль",
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    code = models.CharField("код", max_length=20, help_text="Например, ПК 5.1")
    name = models.CharField("содержание", max_length=500)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "профессиональная компетенция"
        verbose_name_plural = "профессиональные компетенции"
        ordering = ["module", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["module", "code"], name="competency_code_per_module")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
