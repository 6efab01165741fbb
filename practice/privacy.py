"""Retention of students' personal data (152-ФЗ).

A graduate's name and contacts are kept ``PERSONAL_DATA_RETENTION_YEARS`` after
graduation, then anonymised: the name is replaced, contacts and free-text reviews
are cleared and the change history of the graduate's placements and tripartite
agreements is purged. The student and placement rows themselves stay, so the
counts the indicators are built from (placed, graded, by partner and specialty)
do not change.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement

from .models import Placement, Student


def retention_cutoff(today=None):
    """Graduates on or before this date are due: today minus the retention years."""
    today = today or timezone.localdate()
    year = today.year - settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 2, 28)


def graduates_due(today=None):
    return Student.objects.filter(
        status=Student.Status.GRADUATED,
        anonymised_at__isnull=True,
        graduated_on__lte=retention_cutoff(today),
    )


@transaction.atomic
def anonymise_graduates(today=None):
    """Anonymise every graduate past the retention period; returns how many."""
    today = today or timezone.localdate()
    # A graduate marked in bulk (bypassing Student.save) has no date yet: the
    # retention period starts now rather than never.
    Student.objects.filter(status=Student.Status.GRADUATED, graduated_on__isnull=True).update(
        graduated_on=today
    )
    students = list(graduates_due(today).select_for_update())
    if not students:
        return 0
    ids = [s.pk for s in students]
    Placement.history.filter(student_id__in=ids).delete()
    Agreement.history.filter(student_id__in=ids).delete()
    # A queryset update writes no new history rows.
    Placement.objects.filter(student_id__in=ids).update(employer_evaluation="", workplace="")
    now = timezone.now()
    for student in students:
        student.last_name = "Выпускник"
        student.first_name = f"№ {student.pk}"
        student.middle_name = student.phone = student.email = ""
        student.anonymised_at = now
    Student.objects.bulk_update(
        students, ["last_name", "first_name", "middle_name", "phone", "email", "anonymised_at"]
    )
    return len(students)
