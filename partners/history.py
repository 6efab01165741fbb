"""The partner card's change history: who changed what and when.

Built from django-simple-history records of the partner, its contacts and its
vacancies: three queries (plus one for the users named in changed fields),
whatever the length of the history.
"""

from django.db import models

from accounts.models import User

from .models import Contact, Partner, Vacancy

ACTIONS = {"+": "создание", "~": "изменение", "-": "удаление"}
_WHOLE = set()  # models whose entries name only the label (the card's own object)


def history_entries_for(model, object_id, label, limit=30):
    """The same history for any one object with django-simple-history records."""
    _WHOLE.add(model)
    records = model.history.filter(id=object_id).select_related("history_user")
    entries = list(_entries(list(records.order_by("history_date")[:500]), model, label))
    entries.sort(key=lambda e: e["date"], reverse=True)
    entries = entries[:limit]
    _resolve_users(entries)
    return entries


def history_entries(partner, limit=30):
    entries = []
    sources = [
        (Partner.history.filter(id=partner.pk), Partner, "Карточка"),
        (Contact.history.filter(partner_id=partner.pk), Contact, "Контакт"),
        (Vacancy.history.filter(partner_id=partner.pk), Vacancy, "Вакансия"),
    ]
    for records, model, label in sources:
        records = list(records.select_related("history_user").order_by("history_date")[:500])
        entries.extend(_entries(records, model, label))
    entries.sort(key=lambda e: e["date"], reverse=True)
    entries = entries[:limit]
    _resolve_users(entries)
    return entries


_WHOLE.add(Partner)


def _entries(records, model, label):
    previous = {}
    for record in records:
        before = previous.get(record.id)
        changes = _diff(before, record, model) if before and record.history_type == "~" else []
        previous[record.id] = record
        if record.history_type == "~" and not changes:
            continue
        yield {
            "date": record.history_date,
            "user": record.history_user,
            "object": label if model in _WHOLE else f"{label}: {record.instance}",
            "action": ACTIONS[record.history_type],
            "changes": changes,
        }


def _diff(old, new, model):
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in {"id", "partner"} or not hasattr(new, field.attname):
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before != after:
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": _display(field, before),
                    "new": _display(field, after),
                }
            )
    return changes


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return "да" if value else "нет"
    if isinstance(field, models.ForeignKey):
        return ("user", value) if field.related_model is User else value
    if isinstance(field, models.DateField):
        return value.strftime("%d.%m.%Y")
    return value


def _resolve_users(entries):
    ids = {
        value[1]
        for entry in entries
        for change in entry["changes"]
        for value in (change["old"], change["new"])
        if isinstance(value, tuple)
    }
    names = {u.pk: u.short_name for u in User.objects.filter(pk__in=ids)} if ids else {}
    for entry in entries:
        for change in entry["changes"]:
            for key in ("old", "new"):
                if isinstance(change[key], tuple):
                    change[key] = names.get(change[key][1], "—")
