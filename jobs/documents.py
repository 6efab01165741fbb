"""Files for job kinds, made by the same helpers as the documents sent in a request."""

from django.core.files.base import ContentFile
from django.utils import timezone

from kitek_portal import imports
from kitek_portal.pdf import render_pdf


def file_name(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def pdf_file(template_name, context, stem):
    return ContentFile(render_pdf(template_name, context), name=file_name(stem, "pdf"))


def dataset_file(dataset, file_format, stem):
    """The file the request would have sent: built by ``imports.dataset_response`` itself,
    so whatever it does to the cells (no live formulas) holds for files from the worker."""
    response = imports.dataset_response(dataset, file_format, stem)
    return ContentFile(response.content, name=file_name(stem, file_format))
