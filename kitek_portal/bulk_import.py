"""Imports at speed: reference lists and existing rows loaded once, rows checked in memory.

An importer subclass loads what it needs in ``prepare()`` (a fixed number of
queries whatever the file's length), turns each row into a ``RowPlan`` in
``plan_row()`` using the same model rules as the forms (``full_clean()``;
uniqueness is checked against the loaded rows instead of one query per row),
and writes every plan in ``write()`` with bulk queries. ``apply()`` plans and
writes inside one transaction: a file is imported whole or not at all.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .imports import ImportFileError, Preview, PreviewRow

ACTIONS = {"new": "новая запись", "update": "обновление", "skip": "без изменений"}
PROGRESS_EVERY = 250  # rows between two progress reports


@dataclass
class RowPlan:
    number: int  # the row's line in the file
    values: list
    action: str = ""  # new | update | skip
    instance: object = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    m2m: dict = field(default_factory=dict)  # attribute → set of ids, for new or changed rows
    changed: set = field(default_factory=set)  # fields an update changes


class BulkImporter:
    required_columns = ()
    labels = {}  # attribute → column, for messages

    def __init__(self, user=None):
        self.user = user

    @property
    def known_columns(self):
        return list(self.labels.values())

    # --- to be written by subclasses -------------------------------------------------
    def prepare(self, rows):
        """Load reference lists and existing rows for these rows (dicts by column)."""

    def plan_row(self, row, plan):
        raise NotImplementedError

    def write(self, plans):
        raise NotImplementedError

    # --- the two steps ---------------------------------------------------------------
    def preview(self, dataset, progress=None):
        return self._describe(dataset, self._plan(dataset, progress))

    def apply(self, dataset, progress=None):
        """Import all or nothing: ``(totals, None)`` or ``(None, preview with the errors)``."""
        try:
            with transaction.atomic():
                plans = self._plan(dataset, progress)
                if any(plan.errors for plan in plans):
                    return None, self._describe(dataset, plans)
                self.write(plans)
        except IntegrityError:
            # Someone changed the same rows between the check and the write.
            preview = self._describe(dataset, plans)
            preview.rows.append(
                PreviewRow(
                    0, "ошибка", [], ["Данные изменились во время импорта: загрузите файл снова."]
                )
            )
            return None, preview
        counts = self._counts(plans)
        return {k: counts[k] for k in ACTIONS}, None

    def _plan(self, dataset, progress):
        headers = list(dataset.headers)
        rows = [dict(zip(headers, values, strict=False)) for values in dataset]
        lines = getattr(dataset, "lines", None) or range(2, len(rows) + 2)
        self.prepare(rows)
        plans = []
        for index, (row, line) in enumerate(zip(rows, lines, strict=False)):
            plan = RowPlan(line, list(dataset[index]))
            try:
                self.plan_row(row, plan)
            except ValidationError as error:
                plan.errors += self.messages(error)
            except (ValueError, ImportFileError) as error:
                plan.errors.append(str(error))
            plans.append(plan)
            if progress and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1, len(rows))
        return plans

    def messages(self, error):
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        messages = []
        for name, field_errors in error.message_dict.items():
            label = self.labels.get(name)
            messages += [f"«{label}»: {m}" if label else m for m in field_errors]
        return messages

    def _counts(self, plans):
        counts = dict.fromkeys(ACTIONS, 0)
        counts["error"] = 0
        for plan in plans:
            counts["error" if plan.errors else plan.action] += 1
        return counts

    def _describe(self, dataset, plans):
        rows = [
            PreviewRow(
                plan.number,
                "ошибка" if plan.errors else ACTIONS[plan.action],
                plan.values,
                plan.errors,
                plan.warnings,
            )
            for plan in plans
        ]
        rows += [
            PreviewRow(line, "образец из шаблона — не импортируется", [], [])
            for line in getattr(dataset, "examples", [])
        ]
        rows.sort(key=lambda row: row.number)
        return Preview(headers=list(dataset.headers), rows=rows, counts=self._counts(plans))


def through_rows(model, attribute, plans):
    """Rows of a many-to-many table for the plans that set ``attribute``."""
    relation = getattr(model, attribute)
    through = relation.through
    source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    return through, [
        through(**{f"{source}_id": plan.instance.pk, f"{target}_id": pk})
        for plan in plans
        if attribute in plan.m2m
        for pk in sorted(plan.m2m[attribute])
    ]


def write_many_to_many(model, attributes, plans, batch_size=1000):
    """Replace the many-to-many sets that the plans change: one delete and one insert each."""
    for attribute in attributes:
        through, rows = through_rows(model, attribute, plans)
        source = getattr(model, attribute).field.m2m_field_name()
        updated = [p.instance.pk for p in plans if p.action == "update" and attribute in p.m2m]
        if updated:
            through.objects.filter(**{f"{source}_id__in": updated}).delete()
        through.objects.bulk_create(rows, batch_size=batch_size)
