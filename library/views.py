from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager
from kitek_portal.pagination import paginate

from . import services
from .forms import CommentForm, DocumentFilter, DocumentForm, NewDocumentForm, VersionForm
from .models import Comment, Document, ReadReceipt

DOCUMENTS_PER_PAGE = 25
COMMENTS_SHOWN = 100


@login_required
def document_list(request):
    user = request.user
    documents = Document.objects.for_user(user).select_related(
        "specialty", "module", "current_version", "partner"
    )
    if user.is_employer:
        documents = documents.with_unread(user)
    documents = DocumentFilter(request.GET, queryset=documents)
    context = paginate(request, documents.qs, DOCUMENTS_PER_PAGE)
    context.update(filter=documents, documents=context["page_obj"].object_list)
    return render(request, "library/list.html", context)


def _document(request, pk):
    queryset = Document.objects.select_related(
        "specialty", "module", "partner", "current_version", "created_by"
    )
    return get_for_user_or_404(queryset, request.user, pk=pk)


def _comments_context(request, document, form=None):
    latest = (
        Comment.objects.for_user(request.user)
        .filter(document=document)
        .select_related("author__partner", "recommendation")
        .order_by("-created_at", "-pk")
    )
    return {
        "document": document,
        "comments": list(reversed(latest[:COMMENTS_SHOWN])),
        "comment_form": form or CommentForm(user=request.user),
    }


def _detail(request, document, comment_form=None):
    user = request.user
    context = _comments_context(request, document, comment_form)
    context["versions"] = document.versions.select_related("uploaded_by")
    if user.is_college_staff:
        read, read_total, unread, unread_total = services.readers(document)
        context.update(read=read, read_total=read_total, unread=unread, unread_total=unread_total)
    elif document.current_version_id:
        context["current_unread"] = not ReadReceipt.objects.filter(
            version_id=document.current_version_id, user=user
        ).exists()
    if user.can_manage:
        context["version_form"] = VersionForm()
    return render(request, "library/detail.html", context)


@login_required
def document_detail(request, pk):
    return _detail(request, _document(request, pk))


@login_required
def document_create(request):
    require_manager(request.user)
    form = NewDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save(commit=False)
            document.created_by = request.user
            document.save()
            data = form.cleaned_data
            services.publish_version(document, data["file"], data["note"], request.user)
        messages.success(request, "Документ опубликован, партнёрам отправлено уведомление.")
        return redirect(document)
    return render(request, "library/form.html", {"form": form})


@login_required
def document_edit(request, pk):
    document = _document(request, pk)  # another partner's employer: 404 before 403
    require_manager(request.user)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Документ сохранён.")
        return redirect(document)
    return render(request, "library/form.html", {"form": form, "document": document})


@login_required
def version_create(request, pk):
    document = _document(request, pk)  # another partner's employer: 404 before 403
    require_manager(request.user)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = services.publish_version(document, data["file"], data["note"], request.user)
        messages.success(request, f"Опубликована версия {version.number}.")
        return redirect(document)
    return render(request, "library/version_form.html", {"form": form, "document": document})


def _download(request, version):
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл версии не найден.") from error
    services.record_read(version, request.user)  # only a file actually handed out is read
    return FileResponse(handle, as_attachment=True, filename=version.filename)


@login_required
def version_download(request, pk, number):
    document = _document(request, pk)
    return _download(request, get_object_or_404(document.versions, number=number))


@login_required
def current_download(request, pk):
    """The current version of a document: the link a practice period gives."""
    document = _document(request, pk)
    if document.current_version is None:
        raise Http404("У документа ещё нет файла.")
    return _download(request, document.current_version)


@login_required
@require_POST
def comment_create(request, pk):
    document = _document(request, pk)
    data = request.POST.copy()
    if data.get("correction"):  # the «Предложить исправление» button
        data["is_correction"] = "on"
    form = CommentForm(data, user=request.user)
    if form.is_valid():
        comment = services.add_comment(
            document,
            request.user,
            form.cleaned_data["text"],
            is_correction=form.cleaned_data.get("is_correction", False),
        )
        if comment.recommendation_id and not request.htmx:
            messages.success(request, "Предложение исправления передано в колледж.")
        form = None
    if request.htmx:
        return render(request, "library/_comments.html", _comments_context(request, document, form))
    if form is not None:
        return _detail(request, document, comment_form=form)
    return redirect(f"{document.get_absolute_url()}#comments")
