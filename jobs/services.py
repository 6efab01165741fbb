"""Background jobs: documents (and later imports) prepared by the Celery worker.

The whole API other apps need:

* ``register(name, title, check)`` — a decorator for the function that does the work::

      # practice/jobs.py (every app's ``jobs.py`` is imported at start, like admin.py)
      @register("practice.schedule_pdf", "График дислокации (PDF)", check=require_staff)
      def schedule_pdf(job, progress):
          progress(10, "Собираем строки графика")
          ...                                   # job.owner, job.params (JSON)
          return ContentFile(pdf_bytes, name="grafik.pdf")

  The function gets the job and ``progress(percent, message="")`` and returns a Django
  ``File`` (stored under ``MEDIA_ROOT/jobs/<id>/``) or ``None`` for a job without a file; it
  may put a small JSON summary in ``job.result``. Raise ``JobError("…")`` to fail with a
  message for the user (in Russian); any other exception fails with a generic one.
  ``check(user)`` is the permission of the page that asks for the job; it runs again on
  every download (raise ``PermissionDenied`` or ``Http404``, as the page does).

* ``start_job(user, kind, params, data_key="", title="", return_url="") -> BackgroundJob``
  queues the job on commit and returns it (redirect the user to ``job.get_absolute_url()``).
  With a ``data_key`` (see ``data_key()``) an unfinished or still stored job of the same
  user, kind and key is returned instead of a new one.

* ``ready_job(user, kind, data_key)`` — the stored job whose file can be served at once.

Jobs run through ``jobs.tasks.run_job_task(job_id)``; a job is claimed with an atomic
UPDATE, so a task delivered twice runs once. ``cleanup()`` (beat, hourly) deletes expired
files and rows, re-queues jobs the broker lost and fails jobs whose worker died.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import BackgroundJob

logger = logging.getLogger(__name__)

GENERIC_FAILURE = (
    "Не удалось подготовить файл из-за внутренней ошибки. Попробуйте ещё раз; если ошибка "
    "повторится, сообщите администратору."
)
# A queued job older than this was probably lost by the broker: queue it again.
REQUEUE_AFTER = timedelta(minutes=5)
# A running job older than this belongs to a worker that died.
STALE_RUNNING = timedelta(hours=1)


class JobError(Exception):
    """The job cannot be done; the message is shown to the user."""


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    render: object  # (job, progress) -> File | None
    check: object  # (user) -> None, raises like the page that asks for the job


KINDS: dict[str, JobKind] = {}


def register(name, title, check):
    def decorator(render):
        KINDS[name] = JobKind(name, title, render, check)
        return render

    return decorator


def keep_for():
    return timedelta(hours=settings.JOBS_KEEP_HOURS)


def data_key(kind, params, *querysets):
    """Key a document by its data: ``(key, rows)``.

    ``querysets`` are ``values_list`` querysets of exactly what the document prints; their
    rows are hashed with the kind and the parameters, so any change to a printed value (an
    address, a mentor's phone, a new placement) gives a new key. One query per queryset,
    no rendering. ``rows`` is the number of rows of the first queryset (for the threshold).
    """
    digest = hashlib.sha256(kind.encode())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    rows = None
    for queryset in querysets:
        count = 0
        for row in queryset:
            digest.update(repr(row).encode())
            count += 1
        digest.update(f"|{count}|".encode())
        rows = count if rows is None else rows
    return digest.hexdigest(), rows or 0


def ready_job(user, kind, key):
    """The user's stored, unexpired result for this data, if there is one."""
    if not key:
        return None
    job = (
        BackgroundJob.objects.for_user(user)
        .filter(kind=kind, data_key=key, status=BackgroundJob.Status.DONE)
        .filter(expires_at__gt=timezone.now())
        .first()
    )
    if job and job.file and job.file.storage.exists(job.file.name):
        return job
    return None


def start_job(user, kind, params, data_key="", title="", return_url=""):
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind: {kind}")
    if data_key:
        existing = (
            BackgroundJob.objects.for_user(user).unfinished().filter(kind=kind, data_key=data_key)
        ).first() or ready_job(user, kind, data_key)
        if existing:
            return existing
    job = BackgroundJob.objects.create(
        owner=user,
        kind=kind,
        title=(title or KINDS[kind].title)[:200],
        params=params,
        data_key=data_key,
        return_url=return_url[:500],
        message="Ожидает очереди",
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id):
    """Hand the job to the worker; if the broker is down, ``cleanup()`` queues it later."""
    from .tasks import run_job_task

    try:
        run_job_task.delay(job_id)
    except Exception:  # the broker is unreachable: the row waits in the database
        logger.warning("Broker unavailable, job %s left for the periodic re-queue", job_id)


def run_job(job_id):
    """Do one queued job. Returns True if it ran now (False: gone or already claimed)."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING, started_at=now, progress=0, message="Начали"
    )
    if not claimed:
        return False
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    try:
        kind = KINDS.get(job.kind)
        if kind is None:
            raise JobError("Этот вид заданий больше не поддерживается.")
        result = kind.render(job, _progress_callback(job.pk))
    except JobError as error:
        _finish(job, BackgroundJob.Status.FAILED, str(error))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, BackgroundJob.Status.FAILED, GENERIC_FAILURE)
    else:
        if result is not None:
            job.file.save(result.name.rsplit("/", 1)[-1], result, save=False)
        _finish(job, BackgroundJob.Status.DONE, "Файл готов" if result else "Готово")
    return True


def _progress_callback(job_id):
    def progress(percent, message=""):
        fields = {"progress": max(0, min(int(percent), 99))}
        if message:
            fields["message"] = message[:300]
        BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.RUNNING).update(
            **fields
        )

    return progress


def _finish(job, status, message):
    now = timezone.now()
    job.status = status
    job.message = message[:300]
    job.progress = 100 if status == BackgroundJob.Status.DONE else job.progress
    job.finished_at = now
    job.expires_at = now + keep_for()
    job.save(
        update_fields=[
            "status",
            "message",
            "progress",
            "finished_at",
            "expires_at",
            "file",
            "result",
        ]
    )


def check_download(user, job):
    """The page's own permission, asked again: the owner may have lost it since."""
    kind = KINDS.get(job.kind)
    if kind is not None:
        kind.check(user)


def take_notices(user):
    """Jobs finished since the user last looked; they are marked as seen."""
    jobs = list(
        BackgroundJob.objects.for_user(user).filter(
            status__in=[BackgroundJob.Status.DONE, BackgroundJob.Status.FAILED], notified=False
        )[:5]
    )
    if jobs:
        BackgroundJob.objects.filter(pk__in=[j.pk for j in jobs]).update(notified=True)
    return jobs


def cleanup(now=None):
    """Delete expired jobs with their files; re-queue lost jobs; fail abandoned ones.

    Returns the number of jobs deleted.
    """
    now = now or timezone.now()
    expired = list(BackgroundJob.objects.filter(expires_at__lte=now))
    for job in expired:
        if job.file:
            job.file.storage.delete(job.file.name)
    BackgroundJob.objects.filter(pk__in=[job.pk for job in expired]).delete()

    BackgroundJob.objects.filter(
        status=BackgroundJob.Status.RUNNING, started_at__lte=now - STALE_RUNNING
    ).update(
        status=BackgroundJob.Status.FAILED,
        message="Задание прервано: обработчик остановился. Запустите его заново.",
        finished_at=now,
        expires_at=now + keep_for(),
    )
    lost = BackgroundJob.objects.filter(
        status=BackgroundJob.Status.QUEUED, created_at__lte=now - REQUEUE_AFTER
    ).values_list("pk", flat=True)
    for job_id in lost:
        enqueue(job_id)
    return len(expired)
