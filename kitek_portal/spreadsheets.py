"""Spreadsheets the portal writes (XLSX, CSV) carry no live formula.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run by Excel as a formula (CSV) or is a formula (XLSX written by openpyxl).
The rule, the same for every file the portal writes:

- XLSX: such a cell is written as a text cell with Excel's own «quote prefix» flag, so
  Excel shows the text exactly as typed, never evaluates it, and keeps it text when
  edited. Nothing is added to the value: the file imports back unchanged.
- CSV has no cell types, so such a text gets a leading apostrophe (``'=1+1``), which
  Excel and LibreOffice show as text. Importing a CSV removes that apostrophe again
  (``unguard``), so a partner named «-Альфа» comes back as «-Альфа».

Numbers, dates and empty cells are written as they are. Every writer goes through
``render()`` (pages, documents, the worker) or, in the admin, through django-import-export
with ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` and the formats below.
"""

import tablib
from import_export.formats import base_formats
from tablib.formats._xlsx import XLSXFormat

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_dangerous(value):
    return isinstance(value, str) and value.startswith(TRIGGERS)


def _is_guarded(text):
    # An apostrophe followed by what guard() protects: a trigger, or another guarded text.
    return len(text) > 1 and text[0] == QUOTE and (text[1] in TRIGGERS or text[1] == QUOTE)


def guard(value):
    """The CSV form of one cell: texts that Excel would evaluate get an apostrophe.

    Texts that already look guarded get one too, so that ``unguard(guard(v)) == v``
    for every value.
    """
    if isinstance(value, str) and (is_dangerous(value) or _is_guarded(value)):
        return QUOTE + value
    return value


def unguard(value):
    """Undo ``guard`` on a cell read from a CSV file."""
    if isinstance(value, str) and _is_guarded(value):
        return value[1:]
    return value


def guarded_copy(dataset):
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([guard(value) for value in row])
    return safe


def unguard_dataset(dataset):
    clean = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        clean.append([unguard(value) for value in row])
    return clean


class SafeXLSXFormat(XLSXFormat):
    """tablib's XLSX writer, with every dangerous text written as a quoted text cell."""

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        if dataset._separators:  # rows are shifted by separators: look at every cell
            cells = (cell for row in ws.iter_rows() for cell in row if is_dangerous(cell.value))
        else:  # only the cells whose value is dangerous, found in the data, not the sheet
            cells = (
                ws.cell(row=r, column=c)
                for r, values in enumerate(dataset._package(dicts=False), start=1)
                for c, value in enumerate(values, start=1)
                if is_dangerous(value)
            )
        for cell in cells:
            # openpyxl took the text for a formula ("f"): store it as text.
            cell.data_type = "s"
            cell.quotePrefix = True


def render(dataset, file_format):
    """The file's content for a Dataset: bytes for ``xlsx``, text for ``csv``."""
    if file_format == "xlsx":
        return SafeXLSXFormat.export_set(dataset)
    if file_format == "csv":
        return guarded_copy(dataset).export("csv")
    raise ValueError(f"Unsupported spreadsheet format: {file_format}")


# --- django-import-export (the admin's import and export) ---------------------------


class SafeCSV(base_formats.CSV):
    def _escape_formulae(self, dataset):
        # Called by export_data when IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is on;
        # the library's own version drops the "=" and turns numbers into text.
        rows = [[guard(value) for value in row] for row in dataset]
        del dataset[:]
        for row in rows:
            dataset.append(row)

    def create_dataset(self, in_stream, **kwargs):
        return unguard_dataset(super().create_dataset(in_stream, **kwargs))


class SafeXLSX(base_formats.XLSX):
    def _escape_formulae(self, dataset):
        pass  # the writer below stores dangerous texts as text cells

    def export_data(self, dataset, **kwargs):
        return render(dataset, "xlsx")


FORMATS = [SafeXLSX, SafeCSV]
