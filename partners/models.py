from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.access import PartnerScopedQuerySet, StaffOnlyQuerySet
from kitek_portal.collation import RUSSIAN

from .validators import validate_ogrn, validate_tax_number


class Sector(models.Model):
    """Editable reference list: торговля, общественное питание, …"""

    name = models.CharField("отрасль", max_length=150, unique=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "отрасль"
        verbose_name_plural = "отрасли"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CooperationForm(models.Model):
    """Forms of cooperation (practice base, mentoring, …), seeded by a migration."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("форма сотрудничества", max_length=150)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "форма сотрудничества"
        verbose_name_plural = "формы сотрудничества"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PartnerQuerySet(PartnerScopedQuerySet):
    partner_path = "pk"


STATUS_BADGES = {
    "active": "text-bg-success",
    "negotiation": "text-bg-info",
    "potential": "text-bg-light border",
    "suspended": "text-bg-warning",
}


class Partner(models.Model):
    """A social partner: an employer organisation and practice site."""

    class Country(models.TextChoices):
        RUSSIA = "RU", "Россия"
        KAZAKHSTAN = "KZ", "Казахстан"
        OTHER = "XX", "Другая страна"

    class Status(models.TextChoices):
        POTENTIAL = "potential", "Потенциальный"
        NEGOTIATION = "negotiation", "Переговоры"
        ACTIVE = "active", "Действующий"
        SUSPENDED = "suspended", "Приостановлен"
        FORMER = "former", "Бывший"

    # Which status may follow which: a partner is never "un-negotiated" back to
    # potential, and a former partner comes back through negotiation.
    STATUS_TRANSITIONS = {
        Status.POTENTIAL: {Status.NEGOTIATION, Status.FORMER},
        Status.NEGOTIATION: {Status.ACTIVE, Status.POTENTIAL, Status.FORMER},
        Status.ACTIVE: {Status.SUSPENDED, Status.FORMER},
        Status.SUSPENDED: {Status.ACTIVE, Status.FORMER},
        Status.FORMER: {Status.NEGOTIATION},
    }

    class Stage(models.IntegerChoices):
        """The nine stages of building a partnership (Table 3 of the college's technology)."""

        CONSULTATION = 1, "Консультации и переговорная площадка"
        INTERESTS = 2, "Взаимные интересы, ресурсы и риски"
        DIRECTIONS = 3, "Направления совместной деятельности"
        FORMS = 4, "Формы партнёрства"
        AGREEMENT = 5, "Договорная база"
        MANAGEMENT = 6, "Управляющая система"
        ASSESSMENT = 7, "Правила оценки эффективности"
        LAUNCH = 8, "Запуск совместных программ и планов"
        ANALYSIS = 9, "Анализ и коррекция"

    name = models.CharField("полное наименование", max_length=300, db_collation=RUSSIAN)
    short_name = models.CharField(
        "краткое наименование", max_length=150, blank=True, db_collation=RUSSIAN
    )
    legal_form = models.CharField(
        "организационно-правовая форма", max_length=100, blank=True, help_text="ООО, АО, ИП, …"
    )
    country = models.CharField("страна", max_length=2, choices=Country.choices, default="RU")
    region = models.CharField("регион", max_length=150, blank=True)
    city = models.CharField("населённый пункт", max_length=150, blank=True)
    address = models.CharField("адрес", max_length=300, blank=True)
    website = models.URLField("сайт", blank=True)
    inn = models.CharField(
        "ИНН / БИН",
        max_length=20,
        blank=True,
        help_text="Россия: ИНН (10 цифр у организации, 12 у ИП); Казахстан: БИН (12 цифр).",
    )
    ogrn = models.CharField("ОГРН / ОГРНИП", max_length=15, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name="отрасли", blank=True)
    specialties = models.ManyToManyField(
        "practice.Specialty",
        verbose_name="специальности",
        blank=True,
        related_name="partners",
        help_text="На какие специальности партнёр принимает обучающихся.",
    )
    cooperation_forms = models.ManyToManyField(
        CooperationForm, verbose_name="формы сотрудничества", blank=True
    )
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.POTENTIAL
    )
    status_changed_at = models.DateTimeField("статус с", default=timezone.now)
    stage = models.PositiveSmallIntegerField(
        "этап партнёрства", choices=Stage.choices, default=Stage.CONSULTATION
    )
    college_offers = models.TextField(
        "что колледж предлагает партнёру", blank=True, help_text="«Что можем дать»"
    )
    college_requests = models.TextField(
        "что колледж просит взамен", blank=True, help_text="«Что хотим получить»"
    )
    places_per_year = models.PositiveIntegerField("мест для практики в год", default=0)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный от колледжа",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_partners",
    )
    notes = models.TextField("заметки", blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["status_changed_at", "created_at"])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["name"]
        # The registry's default order: a page of it without sorting every partner.
        indexes = [models.Index(fields=["name", "id"], name="partner_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["inn"], condition=~Q(inn=""), name="partner_inn_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=9), name="partner_stage_1_to_9"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.inn:
            try:
                self.inn = validate_tax_number(self.inn, self.country)
            except ValidationError as error:
                raise ValidationError({"inn": error.messages}) from error
        if self.ogrn:
            if self.country != self.Country.RUSSIA:
                raise ValidationError(
                    {"ogrn": "ОГРН указывается только для российских организаций."}
                )
            try:
                self.ogrn = validate_ogrn(self.ogrn)
            except ValidationError as error:
                raise ValidationError({"ogrn": error.messages}) from error

    @property
    def status_badge(self):
        """The Bootstrap classes of the status badge."""
        return STATUS_BADGES.get(self.status, "text-bg-secondary")

    @property
    def stage_percent(self):
        return round(self.stage * 100 / len(self.Stage))

    @property
    def location(self):
        parts = [self.city]
        if self.country != self.Country.RUSSIA:
            parts.append(self.get_country_display())
        return ", ".join(p for p in parts if p)

    @property
    def full_address(self):
        """The address as documents print it: the country for partners abroad, the
        locality («с. Красноярка») unless the street address already names it."""
        parts = []
        if self.country != self.Country.RUSSIA:
            parts.append(self.get_country_display())
        if self.city and self.city.casefold() not in self.address.casefold():
            parts.append(self.city)
        parts.append(self.address)
        return ", ".join(p for p in parts if p)

    # Who may change what. Views ask these; they do not decide themselves.
    def editable_by(self, user):
        """Details, status and stage: deputy director, practice heads, administrators."""
        return user.is_authenticated and user.can_manage

    def contacts_editable_by(self, user):
        """Contacts and vacancies: managers, and the partner's own representatives."""
        return self.editable_by(user) or (user.is_employer and user.partner_id == self.pk)

    def access_manageable_by(self, user):
        """Portal access of contacts: managers, and the organisation's main representative."""
        return self.editable_by(user) or (
            user.is_authenticated and user.can_invite_colleagues and user.partner_id == self.pk
        )

    def interactions_loggable_by(self, user):
        """Every college staff member logs contacts with partners; employers never see the log."""
        return user.is_authenticated and user.is_college_staff

    def allowed_statuses(self):
        return [s for s in self.Status if s in self.STATUS_TRANSITIONS[self.status]]


class PartnerStatusChange(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField("был", max_length=20, choices=Partner.Status.choices)
    new_status = models.CharField("стал", max_length=20, choices=Partner.Status.choices)
    changed_at = models.DateTimeField("когда", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", on_delete=models.SET_NULL, null=True
    )
    comment = models.CharField("комментарий", max_length=300, blank=True)

    class Meta:
        verbose_name = "смена статуса партнёра"
        verbose_name_plural = "смены статуса партнёров"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"


class ContactQuerySet(PartnerScopedQuerySet):
    pass


class Contact(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", "Телефон"
        EMAIL = "email", "E-mail"
        MESSENGER = "messenger", "Мессенджер"

    partner = models.ForeignKey(
        Partner, verbose_name="партнёр", on_delete=models.CASCADE, related_name="contacts"
    )
    last_name = models.CharField("фамилия", max_length=100, db_collation=RUSSIAN)
    first_name = models.CharField("имя", max_length=100, db_collation=RUSSIAN)
    middle_name = models.CharField("отчество", max_length=100, blank=True, db_collation=RUSSIAN)
    position = models.CharField("должность", max_length=200, blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    messenger = models.CharField(
        "мессенджер", max_length=100, blank=True, help_text="Telegram, WhatsApp и т. п.: @ник"
    )
    preferred_channel = models.CharField(
        "предпочтительный канал", max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    is_primary = models.BooleanField("основное контактное лицо", default=False)
    is_mentor = models.BooleanField("наставник", default=False)
    # The contact's portal account, once the college has given them access.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись портала",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "контактное лицо"
        verbose_name_plural = "контактные лица"
        ordering = ["-is_primary", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(is_primary=True), name="contact_one_primary"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def clean(self):
        super().clean()
        if not (self.phone or self.email or self.messenger):
            raise ValidationError(
                "Укажите хотя бы один способ связи: телефон, e-mail или мессенджер."
            )
        if self.preferred_channel == self.Channel.EMAIL and not self.email:
            raise ValidationError({"email": "Предпочтительный канал — e-mail, укажите адрес."})
        if self.preferred_channel == self.Channel.MESSENGER and not self.messenger:
            raise ValidationError(
                {"messenger": "Предпочтительный канал — мессенджер, укажите его."}
            )
        if self.preferred_channel == self.Channel.PHONE and not self.phone:
            raise ValidationError({"phone": "Предпочтительный канал — телефон, укажите номер."})


class InteractionQuerySet(PartnerScopedQuerySet):
    def for_user(self, user):
        # The interaction log is the college's working notes: staff only.
        if getattr(user, "is_employer", False):
            return self.none()
        return super().for_user(user)

    def open_next_steps(self):
        return self.exclude(next_step="").filter(next_step_done=False, next_step_due__isnull=False)


class Interaction(models.Model):
    class Channel(models.TextChoices):
        MEETING = "meeting", "Встреча"
        PHONE = "phone", "Телефон"
        MESSENGER = "messenger", "Мессенджер"
        EMAIL = "email", "E-mail"
        SITE_VISIT = "visit", "Выезд на предприятие"
        ONLINE = "online", "Онлайн-конференция"

    partner = models.ForeignKey(
        Partner, verbose_name="партнёр", on_delete=models.CASCADE, related_name="interactions"
    )
    date = models.DateField("дата", default=timezone.localdate)
    channel = models.CharField("канал", max_length=20, choices=Channel.choices)
    summary = models.TextField("содержание")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="автор",
        on_delete=models.SET_NULL,
        null=True,
        related_name="interactions",
    )
    next_step = models.CharField("следующий шаг", max_length=300, blank=True)
    next_step_due = models.DateField("срок следующего шага", null=True, blank=True)
    next_step_done = models.BooleanField("шаг выполнен", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = "взаимодействие"
        verbose_name_plural = "журнал взаимодействий"
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_channel_display()}"

    def clean(self):
        super().clean()
        if self.next_step and not self.next_step_due:
            raise ValidationError({"next_step_due": "Укажите срок следующего шага."})
        if self.next_step_due and not self.next_step:
            raise ValidationError({"next_step": "Опишите следующий шаг или уберите срок."})
        if self.next_step_due and self.date and self.next_step_due < self.date:
            raise ValidationError(
                {"next_step_due": "Срок следующего шага не может быть раньше даты взаимодействия."}
            )

    @property
    def is_overdue(self):
        return bool(
            self.next_step_due
            and not self.next_step_done
            and self.next_step_due < timezone.localdate()
        )


class VacancyQuerySet(PartnerScopedQuerySet):
    def open(self):
        return self.filter(status=Vacancy.Status.OPEN)


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Открыта"
        CLOSED = "closed", "Закрыта"

    class Employment(models.TextChoices):
        FULL = "full", "Полная занятость"
        PART = "part", "Частичная занятость"
        SEASONAL = "seasonal", "Сезонная работа"
        INTERNSHIP = "internship", "Стажировка"
        SHIFT = "shift", "Вахта / рейсы"

    class Level(models.TextChoices):
        NONE = "none", "Без опыта, обучим на месте"
        PRACTICE = "practice", "Пройденная производственная практика"
        QUALIFICATION = "qualification", "Рабочая профессия (квалификационный экзамен)"
        DEMO_EXAM = "demo", "Демонстрационный экзамен"
        DIPLOMA = "diploma", "Диплом СПО по специальности"

    partner = models.ForeignKey(
        Partner, verbose_name="партнёр", on_delete=models.CASCADE, related_name="vacancies"
    )
    position = models.CharField("должность", max_length=200)
    specialty = models.ForeignKey(
        "practice.Specialty",
        verbose_name="специальность",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
    )
    places = models.PositiveSmallIntegerField("количество мест", default=1)
    required_level = models.CharField(
        "требуемый уровень практической подготовки",
        max_length=20,
        choices=Level.choices,
        default=Level.PRACTICE,
    )
    employment_type = models.CharField(
        "тип занятости", max_length=20, choices=Employment.choices, default=Employment.FULL
    )
    opened_on = models.DateField("открыта с", default=timezone.localdate)
    closed_on = models.DateField("закрыта", null=True, blank=True)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.OPEN)
    description = models.TextField("условия и требования", blank=True)

    history = HistoricalRecords()
    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = "вакансия"
        verbose_name_plural = "банк вакансий"
        ordering = ["status", "-opened_on", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="vacancy_places_positive"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="vacancy_closed_after_opened",
            ),
        ]

    def __str__(self):
        return self.position

    def clean(self):
        super().clean()
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "Дата закрытия раньше даты открытия."})
        if self.places is not None and self.places < 1:
            raise ValidationError({"places": "Количество мест должно быть не меньше одного."})


class Participation(models.Model):
    """An employer's part in the college's life beyond placements: experts at exams, members of
    commissions, championships, master classes, teachers' internships, «Работодатель —
    выпускнику» events. The register the indicators and the annual plan count."""

    class Kind(models.TextChoices):
        QUALIFICATION_EXAM = "qualification_exam", "Квалификационный экзамен (эксперт)"
        DEMO_EXAM = "demo_exam", "Демонстрационный экзамен (эксперт)"
        GIA = "gia", "Комиссия ГИА (ГЭК)"
        NOU = "nou", "Комиссия НОУ"
        CHAMPIONSHIP = "championship", "Чемпионат «Профессионалы» / WorldSkills"
        MASTER_CLASS = "master_class", "Мастер-класс"
        INTERNSHIP = "internship", "Стажировка преподавателей у работодателя"
        EMPLOYER_TO_GRADUATE = "to_graduate", "«Работодатель — выпускнику»"
        OTHER = "other", "Другое"

    class Role(models.TextChoices):
        EXPERT = "expert", "Эксперт"
        CHAIR = "chair", "Председатель комиссии"
        MEMBER = "member", "Член комиссии"
        SPONSOR = "sponsor", "Спонсор / партнёр"
        LECTURER = "lecturer", "Ведущий, лектор"
        HOST = "host", "Принимающая сторона"

    partner = models.ForeignKey(
        Partner, verbose_name="партнёр", on_delete=models.CASCADE, related_name="participations"
    )
    kind = models.CharField("вид участия", max_length=20, choices=Kind.choices)
    date = models.DateField("дата")
    title = models.CharField("мероприятие", max_length=300)
    role = models.CharField("роль", max_length=10, choices=Role.choices, default=Role.EXPERT)
    contacts = models.ManyToManyField(
        Contact, verbose_name="представители", blank=True, related_name="participations"
    )
    specialty = models.ForeignKey(
        "practice.Specialty",
        verbose_name="специальность",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    group = models.ForeignKey(
        "practice.StudentGroup",
        verbose_name="группа",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    result = models.TextField("результат", blank=True)
    evidence = models.FileField("подтверждающий документ", upload_to="participation/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "участие работодателя"
        verbose_name_plural = "участие работодателей"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("partners:participation_edit", args=[self.pk])

    def clean(self):
        super().clean()
        if self.group_id and self.specialty_id and self.group.specialty_id != self.specialty_id:
            raise ValidationError({"group": "Группа относится к другой специальности."})
