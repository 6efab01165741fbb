"""File imports: read a file as Excel saves it, preview, confirm.

Every import page follows the same three steps: upload → preview with
row-by-row errors in Russian → confirm, both steps run by the worker
(``import_jobs``). Nothing is written unless every row is valid, and the
confirm step imports inside one transaction, so a file is either imported
whole or not at all. The uploaded file is kept on the server between the two
steps (never round-tripped through the browser). Rows are checked and written
by the bulk importers (``bulk_import``); django-import-export resources remain
for the exports and lend the imports their columns and cell widgets.
"""

import codecs
import csv
import io
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import openpyxl
import tablib
from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from . import spreadsheets

MAX_ROWS = 5000
SHOWN_PLAIN_ROWS = 100  # rows without errors or warnings shown in a preview


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class PreviewRow:
    number: int  # the row's line in the file, the header being line 1
    action: str
    values: list
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # imported all the same; worth a look


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

    @property
    def warning_count(self):
        return sum(1 for row in self.rows if row.warnings)

    @property
    def shown_rows(self):
        """Every row with a remark and the first rows without one: a bounded page."""
        shown, plain = [], 0
        for row in self.rows:
            remark = bool(row.errors or row.warnings)
            if remark or plain < SHOWN_PLAIN_ROWS:
                shown.append(row)
                plain += not remark
        return shown

    @property
    def hidden_count(self):
        return max(0, sum(1 for r in self.rows if not (r.errors or r.warnings)) - SHOWN_PLAIN_ROWS)


HEADER_SCAN_ROWS = 10  # the header is looked for among the file's first rows
EXAMPLE_MARK = "образец:"  # a row starting with this is the template's example, never imported
SEPARATORS = ";\t,"  # as Russian Excel saves CSV: «;» first; tab for «Текст Юникод»


def read_dataset(uploaded, required_columns=(), known_columns=()):
    """Load an uploaded .xlsx or .csv into a Dataset with the file's line numbers.

    The CSV encoding is detected (UTF-8 with or without BOM, UTF-16, cp1251 as Russian
    Excel saves it) and so is the separator; the header is found among the first rows
    (a title such as «Список группы 41 ГД» may stand above it, and it may be two rows
    deep with merged cells). ``dataset.lines`` holds each data row's line in the file;
    ``dataset.examples`` the lines of template example rows that were left out.
    """
    name = (uploaded.name or "").lower()
    content = uploaded.read()
    if not content:
        raise ImportFileError("Файл пустой.")
    known = {_normal(c): c for c in (*known_columns, *required_columns)}
    try:
        if name.endswith(".xlsx"):
            rows = _xlsx_rows(content)
        elif name.endswith(".csv"):
            # Our CSV exports put an apostrophe before texts like «=…» or «-Альфа».
            rows = [
                [spreadsheets.unguard(value) for value in row]
                for row in _csv_rows(decode_text(content), known)
            ]
        else:
            raise ImportFileError("Загрузите файл Excel (.xlsx) или CSV (.csv).")
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl/csv raise many kinds on a broken file
        raise ImportFileError(
            "Не удалось прочитать файл: он повреждён или другого формата."
        ) from error
    header_line, headers = _find_header(rows, required_columns, known)
    dataset = tablib.Dataset(headers=headers)
    dataset.lines, dataset.examples = [], []
    for line, row in enumerate(rows[header_line:], start=header_line + 1):
        values = ["" if v is None else v for v in (list(row) + [""] * len(headers))]
        values = values[: len(headers)]
        cells = [str(v).strip() for v in values if str(v).strip()]
        if not cells:
            continue
        if cells[0].lower().startswith(EXAMPLE_MARK):
            dataset.examples.append(line)
            continue
        dataset.append(values)
        dataset.lines.append(line)
    if not len(dataset):
        raise ImportFileError("В файле нет строк с данными.")
    if len(dataset) > MAX_ROWS:
        raise ImportFileError(f"Слишком много строк: не больше {MAX_ROWS} за один раз.")
    return dataset


def decode_text(content):
    """A CSV file's text, whatever encoding Excel saved it in."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(encoding)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(
        content, cp_isolation=["cp1251", "utf_16_le", "utf_16_be", "koi8_r", "cp866"]
    ).best()
    if best is None:
        raise ImportFileError(
            "Не удалось определить кодировку CSV-файла. Сохраните его в Excel "
            "как «Книга Excel (.xlsx)» или «CSV UTF-8»."
        )
    return str(best)


def _xlsx_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(text, known):
    """Rows of a CSV text, split by whichever separator gives the most known headers."""
    sample = text.splitlines()[: HEADER_SCAN_ROWS + 2]

    def score(separator):
        rows = list(csv.reader(sample, delimiter=separator))
        headers = sum(1 for row in rows for cell in row if _normal(cell) in known)
        return headers, sum(1 for row in rows if len(row) > 1)

    separator = max(SEPARATORS, key=score)  # on a tie the first: «;»
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def _normal(text):
    return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").split()).lower()


def _find_header(rows, required_columns, known):
    """(the first data line's index, headers): the best header among the first rows.

    A header may be two rows deep (merged «Контакты» over «Телефон» and «E-mail»):
    a known name in the lower row wins over the merged cell above it.
    """
    required = {_normal(c) for c in required_columns}
    best = None
    for index in range(min(HEADER_SCAN_ROWS, len(rows))):
        upper = [_header_cell(v, known) for v in rows[index]]
        candidates = [(index + 1, upper)]
        if index + 1 < len(rows):
            lower = [_header_cell(v, known) for v in rows[index + 1]]
            width = max(len(upper), len(lower))
            upper_wide, lower_wide = upper + [""] * width, lower + [""] * width
            merged = [
                lower_wide[i] if _normal(lower_wide[i]) in known else upper_wide[i]
                for i in range(width)
            ]
            candidates.append((index + 2, merged))
        for data_start, headers in candidates:
            found = {_normal(h) for h in headers} & set(known)
            score = (required <= found, len(found))
            if best is None or score > best[0]:
                best = (score, data_start, headers)
    if best is None:
        raise ImportFileError("В файле нет строк с данными.")
    (complete, _), data_start, headers = best
    if not complete:
        present = {_normal(h) for h in headers}
        missing = [c for c in required_columns if _normal(c) not in present]
        raise ImportFileError(
            "В файле нет обязательных столбцов: "
            + ", ".join(f"«{c}»" for c in missing)
            + ". Скачайте шаблон и заполните его."
        )
    while headers and not headers[-1]:
        headers.pop()
    return data_start, headers


def _header_cell(value, known):
    text = " ".join(str(value if value is not None else "").split())
    return known.get(_normal(text), text)


# --- keeping the file between preview and confirm -----------------------------


def _stash_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_dataset(token, dataset):
    data = {
        "dataset": dataset.export("json"),
        "headers": list(dataset.headers),
        "lines": getattr(dataset, "lines", None),
        "examples": getattr(dataset, "examples", []),
    }
    (_stash_dir() / f"{token}.json").write_text(json.dumps(data), encoding="utf-8")


def load_dataset(token):
    path = _stash_dir() / f"{token}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    dataset = tablib.Dataset().load(data["dataset"], format="json")
    dataset.headers = data["headers"]
    dataset.lines, dataset.examples = data["lines"], data["examples"]
    return dataset


def stash_upload(request, key, uploaded):
    """Keep an uploaded file for the worker; the session remembers it as this user's."""
    token = secrets.token_hex(16)
    with (_stash_dir() / f"{token}.upload").open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    request.session[f"import:{key}"] = token
    return token


# --- the two steps, as views use them ------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="Excel (.xlsx) или CSV, как его сохраняет Excel: «;», «,» или табуляция, "
        "кодировка UTF-8 или Windows-1251.",
    )


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
