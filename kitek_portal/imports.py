"""File imports through django-import-export: read, preview, confirm.

Every import page follows the same three steps: upload → preview with
row-by-row errors in Russian → confirm. Nothing is written unless every row is
valid, and the confirm step imports inside one transaction, so a file is
either imported whole or not at all. The uploaded file is kept on the server
between the two steps (never round-tripped through the browser).
"""

import csv
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from import_export.results import RowResult

from . import spreadsheets

MAX_ROWS = 5000
ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "новая запись",
    RowResult.IMPORT_TYPE_UPDATE: "обновление",
    RowResult.IMPORT_TYPE_SKIP: "без изменений",
    RowResult.IMPORT_TYPE_INVALID: "ошибка",
    RowResult.IMPORT_TYPE_ERROR: "ошибка",
}


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class PreviewRow:
    number: int  # the row's line in the file, the header being line 1
    action: str
    values: list
    errors: list = field(default_factory=list)


@dataclass
class Preview:
    headers: list
    rows: list
    counts: dict

    @property
    def is_valid(self):
        return not any(row.errors for row in self.rows)

    @property
    def error_count(self):
        return sum(1 for row in self.rows if row.errors)


def read_dataset(uploaded, required_columns=()):
    """Load an uploaded .xlsx or .csv (UTF-8, ';' or ',') into a Dataset."""
    name = (uploaded.name or "").lower()
    content = uploaded.read()
    if not content:
        raise ImportFileError("Файл пустой.")
    try:
        if name.endswith(".xlsx"):
            dataset = tablib.Dataset().load(content, format="xlsx")
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
            dataset = tablib.Dataset().load(text, format="csv", delimiter=dialect.delimiter)
            # Our CSV exports put an apostrophe before texts like «=…» or «-Альфа».
            dataset = spreadsheets.unguard_dataset(dataset)
        else:
            raise ImportFileError("Загрузите файл Excel (.xlsx) или CSV (.csv).")
    except UnicodeDecodeError as error:
        raise ImportFileError("CSV-файл должен быть в кодировке UTF-8.") from error
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl/csv raise many kinds on a broken file
        raise ImportFileError(
            "Не удалось прочитать файл: он повреждён или другого формата."
        ) from error
    dataset = _without_blank_rows(dataset)
    headers = [str(h or "").strip() for h in dataset.headers or []]
    missing = [c for c in required_columns if c not in headers]
    if missing:
        raise ImportFileError(
            "В файле нет обязательных столбцов: "
            + ", ".join(f"«{c}»" for c in missing)
            + ". Скачайте шаблон и заполните его."
        )
    if not len(dataset):
        raise ImportFileError("В файле нет строк с данными.")
    if len(dataset) > MAX_ROWS:
        raise ImportFileError(f"Слишком много строк: не больше {MAX_ROWS} за один раз.")
    dataset.headers = headers
    return dataset


def _without_blank_rows(dataset):
    clean = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        if any(str(v).strip() for v in row if v is not None):
            clean.append(["" if v is None else v for v in row])
    return clean


def preview(resource, dataset):
    """Dry-run the import and describe every row; nothing is written."""
    result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
    return _describe(resource, dataset, result)


def apply(resource, dataset):
    """Import for real, all or nothing. Returns (result, preview-if-it-failed)."""
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    if result.has_errors() or result.has_validation_errors():
        return result, _describe(resource, dataset, result)
    return result, None


def _describe(resource, dataset, result):
    labels = _column_labels(resource)
    rows = []
    for index, (values, row_result) in enumerate(zip(dataset, result.rows, strict=False)):
        errors = []
        if row_result.validation_error is not None:
            errors = _validation_messages(row_result.validation_error, labels)
        errors += [_error_message(e.error) for e in row_result.errors]
        rows.append(
            PreviewRow(index + 2, ACTIONS.get(row_result.import_type, ""), list(values), errors)
        )
    for error in result.base_errors:
        rows.append(PreviewRow(0, "ошибка", [], [_error_message(error.error)]))
    return Preview(headers=list(dataset.headers), rows=rows, counts=dict(result.totals))


def _column_labels(resource):
    labels = {}
    for name, resource_field in resource.fields.items():
        labels[name] = resource_field.column_name
        if resource_field.attribute:
            labels[resource_field.attribute] = resource_field.column_name
    return labels


def _validation_messages(error, labels):
    messages = []
    for field_name, field_errors in error.message_dict.items():
        label = labels.get(field_name)
        for message in field_errors:
            messages.append(f"«{label}»: {message}" if label else message)
    return messages


def _error_message(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or type(error).__name__


# --- keeping the file between preview and confirm -----------------------------


def _stash_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stash(request, key, dataset):
    token = secrets.token_hex(16)
    (_stash_dir() / f"{token}.json").write_text(dataset.export("json"), encoding="utf-8")
    request.session[f"import:{key}"] = token
    return token


def unstash(request, key, token):
    """The stashed dataset, if the token is the one this session stashed."""
    if not token or request.session.get(f"import:{key}") != token:
        return None
    path = _stash_dir() / f"{token}.json"
    if not path.exists():
        return None
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="json")
    return dataset


def discard(request, key, token):
    request.session.pop(f"import:{key}", None)
    (_stash_dir() / f"{token}.json").unlink(missing_ok=True)


# --- the two steps, as views use them ------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл", help_text="Excel (.xlsx) или CSV в UTF-8 с разделителем «;» или «,»."
    )


def upload_step(request, resource, key, required_columns, confirm_url):
    """Context for the import page: the form and, after an upload, the preview."""
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "confirm_url": confirm_url}
    if request.method == "POST" and form.is_valid():
        try:
            dataset = read_dataset(form.cleaned_data["file"], required_columns)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["preview"] = preview(resource, dataset)
            if context["preview"].is_valid:
                context["token"] = stash(request, key, dataset)
    return context


def confirm_step(request, resource, key, confirm_url):
    """Import the stashed file. Returns (totals, None) or (None, context to re-render).

    ``(None, None)`` means there was nothing to import (no file or an old token).
    """
    token = request.POST.get("token", "")
    dataset = unstash(request, key, token)
    if dataset is None:
        return None, None
    result, failed = apply(resource, dataset)
    discard(request, key, token)
    if failed:
        context = {"form": UploadForm(), "preview": failed, "failed": True}
        return None, {**context, "confirm_url": confirm_url}
    return result.totals, None


def totals_message(totals):
    return (
        f"Импортировано: создано {totals['new']}, обновлено {totals['update']}, "
        f"без изменений {totals['skip']}."
    )


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def dataset_response(dataset, file_format, name):
    """A download of a Dataset, named ``<name>-<today>.<format>``, with no live formula."""
    content = spreadsheets.render(dataset, file_format)
    if file_format == "csv":
        content = "\ufeff" + content  # Excel opens a UTF-8 CSV with a BOM correctly
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
