"""«Мои файлы»: a job's progress page, the download, the list and the navbar notice."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
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
