from .attendance import (
    AttendanceMark,
    AttestationResult,
    AttestationSheet,
    AttestationWork,
    practice_days,
)
from .employment import Employment
from .placement import ControlPoint, PeriodQuota, Placement, PracticePeriod, SiteVisit
from .reference import Competency, Profession, ProfessionalModule, Specialty, Student, StudentGroup

__all__ = [
    "AttendanceMark",
    "AttestationResult",
    "AttestationSheet",
    "AttestationWork",
    "practice_days",
    "Competency",
    "ControlPoint",
    "Employment",
    "PeriodQuota",
    "Placement",
    "PracticePeriod",
    "Profession",
    "ProfessionalModule",
    "SiteVisit",
    "Specialty",
    "Student",
    "StudentGroup",
]
