"""The document library shared with partners: programmes, instructions, КОС, memos.

A document has versions (the newest is current, old ones stay downloadable), read
receipts per version and user, and a thread of comments; an employer's comment may be
a proposed correction, which becomes an employers' recommendation.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import STAFF_ROLES, Role
from agreements.selectors import partners_of_specialty, specialties_of_partner
from partners.models import Partner
from practice.models import Placement, ProfessionalModule, Specialty


class DocumentQuerySet(models.QuerySet):
    def for_partner(self, partner_id):
        """Documents whose audience includes the partner (the one rule for employers).

        Besides the audience, a document that is the programme or the instructions of a
        practice period in which the partner has students is theirs to read.
        """
        placed = Placement.objects.filter(partner_id=partner_id).exclude(
            status=Placement.Status.CANCELLED
        )
        of_period = Q(programme_periods__placements__in=placed) | Q(
            instructions_periods__placements__in=placed
        )
        linked = Document.objects.filter(of_period).values("pk")
        return self.filter(
            Q(audience=Document.Audience.ALL)
            | Q(audience=Document.Audience.PARTNER, partner_id=partner_id)
            | Q(
                audience=Document.Audience.SPECIALTY,
                specialty__in=specialties_of_partner(partner_id),
            )
            | Q(pk__in=linked)
        )

    def for_user(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_college_staff:
            return self.all()
        if user.is_employer and user.partner_id:
            return self.for_partner(user.partner_id)
        return self.none()

    def with_unread(self, user):
        """``unread``: the user has not opened the current version yet."""
        read = ReadReceipt.objects.filter(version=OuterRef("current_version"), user=user)
        return self.annotate(unread=~Exists(read))


class Document(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", "Рабочая программа практики"
        INSTRUCTIONS = "instructions", "Методические указания"
        ASSESSMENT = "assessment", "Контрольно-оценочные средства (КОС)"
        COMPLEX = "complex", "Методический комплекс"
        TEMPLATES = "templates", "Шаблоны документов по практике"
        MEMO = "memo", "Буклеты и памятки для партнёров"

    class Audience(models.TextChoices):
        ALL = "all", "Все партнёры"
        SPECIALTY = "specialty", "Партнёры специальности"
        PARTNER = "partner", "Один партнёр"

    kind = models.CharField("вид документа", max_length=20, choices=Kind.choices)
    title = models.CharField("название", max_length=250)
    specialty = models.ForeignKey(
        Specialty,
        verbose_name="специальность",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    module = models.ForeignKey(
        ProfessionalModule,
        verbose_name="профессиональный модуль",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    audience = models.CharField(
        "кому доступен", max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name="партнёр",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_documents",
        help_text="Только для документа одному партнёру.",
    )
    # The newest version, kept here so that a list shows it without a query per row.
    current_version = models.ForeignKey(
        "Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "документ библиотеки"
        verbose_name_plural = "документы библиотеки"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="partner") | Q(partner__isnull=False),
                name="library_partner_audience_names_partner",
            ),
            models.CheckConstraint(
                condition=~Q(audience="specialty")
                | Q(specialty__isnull=False)
                | Q(module__isnull=False),
                name="library_specialty_audience_names_specialty",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:detail", args=[self.pk])

    @property
    def subject(self):
        """How a recommendation about this document names it."""
        kind = self.get_kind_display()
        if self.title.lower().startswith(kind.lower()[:5]):  # «Рабочая программа …» says it
            return self.title[:200]
        return f"{kind}: {self.title}"[:200]

    def clean(self):
        super().clean()
        if self.module_id and not self.specialty_id:
            self.specialty_id = self.module.specialty_id
        if self.module_id and self.specialty_id and self.module.specialty_id != self.specialty_id:
            raise ValidationError({"module": "Модуль относится к другой специальности."})
        if self.audience == self.Audience.PARTNER and not self.partner_id:
            raise ValidationError({"partner": "Выберите партнёра, которому адресован документ."})
        if self.audience == self.Audience.SPECIALTY and not self.specialty_id:
            raise ValidationError(
                {"specialty": "Для партнёров специальности укажите специальность или модуль."}
            )
        if self.audience != self.Audience.PARTNER:
            self.partner = None

    def audience_partners(self):
        """The partners this document is addressed to."""
        partners = Partner.objects.all()
        if self.audience == self.Audience.PARTNER:
            return partners.filter(pk=self.partner_id)
        if self.audience == self.Audience.SPECIALTY:
            return partners_of_specialty(self.specialty_id)
        return partners

    def audience_users(self):
        """The active employer users of the audience's partners."""
        return User.objects.filter(
            role=Role.EMPLOYER,
            is_active=True,
            partner__in=self.audience_partners().values("pk"),
        )


def version_upload_to(version, filename):
    return f"library/{version.document_id}/{filename}"


class Version(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("версия")
    file = models.FileField("файл", upload_to=version_upload_to, max_length=300)
    note = models.TextField("что изменилось", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="загрузил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("загружена", default=timezone.now)

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_version_once"),
        ]

    def __str__(self):
        return f"{self.document} — версия {self.number}"

    def get_absolute_url(self):
        return reverse("library:version_download", args=[self.document_id, self.number])

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]


class ReadReceipt(models.Model):
    """A user opened a version: recorded once, at the first time."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_receipts"
    )
    first_opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="library_read_once"),
        ]

    def __str__(self):
        return f"{self.user} — {self.version}"


class CommentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff read every comment; an employer reads the college's and their own
        organisation's, never another organisation's remarks on a shared document."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_college_staff:
            return self.all()
        if user.is_employer and user.partner_id:
            return self.filter(
                Q(author__partner_id=user.partner_id) | Q(author__role__in=STAFF_ROLES)
            )
        return self.none()


class Comment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("комментарий")
    created_at = models.DateTimeField(default=timezone.now)
    # A proposed correction is an employers' recommendation, moved on where all are.
    recommendation = models.OneToOneField(
        "meetings.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_comment",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]
