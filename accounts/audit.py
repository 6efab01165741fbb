"""The personal-data log (152-ФЗ): one call in each view that shows or hands out
students' personal data, at the moment the user asks for it.

    log_personal_data(request, PersonalDataKind.SCHEDULE_PDF, "График: группа 41 ГД")

Whether the document is then rendered in the request or by the worker, the request
is what is logged, so both paths are covered.
"""

from .models import PersonalDataAccess, PersonalDataKind

__all__ = ["PersonalDataKind", "log_personal_data"]


def log_personal_data(request, kind, description, object=None):
    """Record that ``request.user`` viewed or downloaded personal data of ``kind``."""
    user = request.user if request.user.is_authenticated else None
    entry = PersonalDataAccess(
        user=user,
        username=user.get_username() if user else "",
        kind=kind,
        description=str(description)[:500],
        path=request.get_full_path()[:500],
        ip_address=request.META.get("REMOTE_ADDR") or None,
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", "")[:200],
    )
    if object is not None:
        entry.object_type = object._meta.label_lower
        entry.object_id = str(object.pk)
    entry.save()
    return entry
