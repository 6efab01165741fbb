"""Imports run by the Celery worker: the preview and the confirm step are background jobs.

An app registers its import once, in its ``jobs.py``::

    register_import("partners", "партнёры", PartnerImport, require_manager)

and its two views call ``upload_step`` and ``confirm_step``. The upload is kept on the
server under MEDIA_ROOT/imports (never round-tripped through the browser); the page shows
the job's progress (htmx polling) and then the preview or the result. The job belongs to
the user who started it (anyone else gets 404), and the confirm step needs the token this
session received with its upload.
"""

from dataclasses import asdict
from functools import partial

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404, redirect

from jobs.models import BackgroundJob
from jobs.services import JobError, register, start_job

from . import imports

IMPORTERS = {}  # key → (title, importer class taking the user)


def register_import(key, title, importer, check):
    IMPORTERS[key] = (title, importer)
    register(f"{key}.import_preview", f"Проверка файла: {title}", check)(partial(_preview_job, key))
    register(f"{key}.import_confirm", f"Импорт: {title}", check)(partial(_confirm_job, key))


# --- the jobs ----------------------------------------------------------------------


def _preview_job(key, job, progress):
    token = job.params["token"]
    importer = IMPORTERS[key][1](job.owner)
    path = imports._stash_dir() / f"{token}.upload"
    if not path.exists():
        raise JobError("Файл не найден или устарел: загрузите его снова.")
    progress(2, "Читаем файл")
    upload = SimpleUploadedFile(job.params["name"], path.read_bytes())
    try:
        dataset = imports.read_dataset(upload, importer.required_columns, importer.known_columns)
    except imports.ImportFileError as error:
        raise JobError(str(error)) from error
    finally:
        path.unlink(missing_ok=True)
    imports.save_dataset(token, dataset)
    preview = importer.preview(dataset, progress=_rows_progress(progress, "Проверено"))
    job.result = {"preview": _preview_data(preview), "token": token if preview.is_valid else ""}


def _confirm_job(key, job, progress):
    token = job.params["token"]
    dataset = imports.load_dataset(token)
    if dataset is None:
        raise JobError("Файл для импорта не найден или устарел: загрузите его снова.")
    importer = IMPORTERS[key][1](job.owner)
    totals, failed = importer.apply(dataset, progress=_rows_progress(progress, "Обработано"))
    (imports._stash_dir() / f"{token}.json").unlink(missing_ok=True)
    job.result = {"totals": totals} if failed is None else {"preview": _preview_data(failed)}


def _rows_progress(progress, verb):
    def report(done, total):
        progress(5 + 90 * done // max(total, 1), f"{verb} строк: {done} из {total}")

    return report


def _preview_data(preview):
    data = asdict(preview)
    for row in data["rows"]:
        row["values"] = ["" if v is None else str(v) for v in row["values"]]
    return data


def _preview_from(data):
    rows = [imports.PreviewRow(**row) for row in data["rows"]]
    return imports.Preview(headers=data["headers"], rows=rows, counts=data["counts"])


# --- the two views' steps -----------------------------------------------------------


def upload_step(request, key, confirm_url):
    """``(redirect, None)`` after an upload, else ``(None, context)`` for the import page."""
    form = imports.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = imports.stash_upload(request, key, upload)
        job = start_job(
            request.user,
            f"{key}.import_preview",
            {"token": token, "name": upload.name[-100:]},
            title=f"Проверка файла «{upload.name[-100:]}»: {IMPORTERS[key][0]}",
        )
        return _to_job(request, request.path, job), None
    context = {"form": form, "confirm_url": confirm_url}
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        jobs = BackgroundJob.objects.for_user(request.user).filter(
            kind__in=[f"{key}.import_preview", f"{key}.import_confirm"]
        )
        context.update(_job_context(request, key, get_object_or_404(jobs, pk=job_id)))
    return None, context


def confirm_step(request, key, page_url):
    """Queue the confirm job for the file this session previewed."""
    token = request.POST.get("token", "")
    if not token or request.session.get(f"import:{key}") != token:
        messages.error(request, "Файл для импорта не найден или устарел. Загрузите его снова.")
        return redirect(page_url)
    request.session.pop(f"import:{key}", None)
    job = start_job(request.user, f"{key}.import_confirm", {"token": token})
    return _to_job(request, page_url, job)


def import_views(key, *, page, confirm, done, template_name, template=None):
    """The import page and its confirm view for the importer ``key``, managers only.

    ``page``, ``confirm`` and ``done`` are URL names (the import page, its confirm view, the list
    the result links to); ``template`` is ``(filename, build_dataset)`` of the file offered to
    fill in (``?template=1``)."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import reverse
    from django.views.decorators.http import require_POST

    from accounts.access import require_manager

    @login_required
    def upload_view(request):
        require_manager(request.user)
        if template and request.GET.get("template"):
            filename, build = template
            return imports.dataset_response(build(), "xlsx", filename)
        response, context = upload_step(request, key, reverse(confirm))
        context = context and {**context, "done_url": reverse(done)}
        return response or render(request, template_name, context)

    @login_required
    @require_POST
    def confirm_view(request):
        require_manager(request.user)
        return confirm_step(request, key, reverse(page))

    return upload_view, confirm_view


def _to_job(request, page_url, job):
    url = f"{page_url}?job={job.pk}"
    BackgroundJob.objects.filter(pk=job.pk).update(return_url=url)
    return redirect(url)


def _job_context(request, key, job):
    if not job.is_finished:
        return {"job": job}
    if job.status == BackgroundJob.Status.FAILED:
        return {"job": job, "job_error": job.message}
    result = job.result
    if "totals" in result:
        return {"job": job, "totals_message": imports.totals_message(result["totals"])}
    context = {"job": job, "preview": _preview_from(result["preview"])}
    if job.kind.endswith(".import_confirm"):
        context["failed"] = True
    elif result.get("token") and request.session.get(f"import:{key}") == result["token"]:
        context["token"] = result["token"]
    return context
