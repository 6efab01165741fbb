"""«Мои файлы»: a job's progress page, the download, the list and the navbar notice."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from . import services
from .models import BackgroundJob


@login_required
def job_list(request):
    jobs = BackgroundJob.objects.for_user(request.user).exclude(expires_at__lte=timezone.now())
    return render(request, "jobs/list.html", {"jobs": jobs[:50]})


@login_required
def job_detail(request, pk):
    job = get_object_or_404(BackgroundJob.objects.for_user(request.user), pk=pk)
    if job.is_finished and not job.notified:
        BackgroundJob.objects.filter(pk=job.pk).update(notified=True)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = get_object_or_404(BackgroundJob.objects.for_user(request.user), pk=pk)
    services.check_download(request.user, job)
    if job.status != BackgroundJob.Status.DONE:
        return redirect(job)
    if not job.file or not job.file.storage.exists(job.file.name):
        raise Http404("Файл уже удалён: подготовьте его заново.")
    inline = job.filename.endswith(".pdf")
    return FileResponse(job.file.open("rb"), as_attachment=not inline, filename=job.filename)


@login_required
def job_badge(request):
    """The navbar's «Мои файлы» link, loaded by htmx after the page.

    It polls while the user has unfinished jobs and shows a notice once for each
    job that finished since the last look.
    """
    jobs = BackgroundJob.objects.for_user(request.user)
    context = {
        "unfinished": jobs.unfinished().count(),
        "notices": services.take_notices(request.user),
    }
    return render(request, "jobs/_badge.html", context)


def offload_if_large(request, kind, params, *printed, title="", return_url=""):
    """For a document view: ``None`` when the document is small (render it in the request);
    otherwise a redirect to the stored file, if its data has not changed, or to the progress
    page of a job that renders it.

    ``printed`` are ``values_list`` querysets of what the document prints (see
    ``services.data_key``); the first one's rows are counted against
    ``DOCUMENTS_IN_WORKER_ABOVE_ROWS``. The key includes today's date, which documents print.
    """
    key_params = {**params, "_date": timezone.localdate().isoformat()}
    key, rows = services.data_key(kind, key_params, *printed)
    if rows <= settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS:
        return None
    title = title() if callable(title) else title  # a title may cost queries: only now
    job = services.start_job(
        request.user, kind, params, data_key=key, title=title, return_url=return_url
    )
    if job.status == BackgroundJob.Status.DONE:
        return redirect(job.get_download_url())
    return redirect(job)


def query_params(querydict, exclude=("format", "page")):
    """A request's GET parameters as JSON for a job (lists kept, for multi-value filters)."""
    return {key: querydict.getlist(key) for key in sorted(querydict) if key not in exclude}


def as_querydict(params):
    """The inverse of ``query_params``, for filters inside a job."""
    querydict = QueryDict(mutable=True)
    for key, values in params.items():
        querydict.setlist(key, values if isinstance(values, list) else [values])
    return querydict
