from django.conf import settings
from django.db import models
from django.urls import reverse


def job_file_path(job, filename):
    return f"jobs/{job.pk}/{filename}"


class BackgroundJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A job is its owner's alone: anybody else's job is a 404."""
        if user and user.is_authenticated and user.is_active:
            return self.filter(owner=user)
        return self.none()

    def unfinished(self):
        return self.filter(status__in=[BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING])


class BackgroundJob(models.Model):
    """A document or import prepared by the Celery worker for one user."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "готовится"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name="кто"
    )
    kind = models.CharField("вид", max_length=60)
    title = models.CharField("название", max_length=200)
    params = models.JSONField("параметры", default=dict, blank=True)
    data_key = models.CharField("ключ данных", max_length=64, blank=True, db_index=True)
    status = models.CharField(
        "состояние", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    message = models.CharField("сообщение", max_length=300, blank=True)
    file = models.FileField("файл", upload_to=job_file_path, max_length=300, blank=True)
    result = models.JSONField("итог", default=dict, blank=True)
    return_url = models.CharField("откуда", max_length=500, blank=True)
    notified = models.BooleanField("пользователь уведомлён", default=False)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("закончено", null=True, blank=True)
    expires_at = models.DateTimeField("хранится до", null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "фоновое задание"
        verbose_name_plural = "фоновые задания"
        indexes = [models.Index(fields=["owner", "kind", "data_key"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    def get_download_url(self):
        return reverse("jobs:download", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
