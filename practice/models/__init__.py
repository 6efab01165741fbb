from .employment import Employment
from .placement import ControlPoint, PeriodQuota, Placement, PracticePeriod, SiteVisit
from .reference import Competency, Profession, ProfessionalModule, Specialty, Student, StudentGroup

__all__ = [
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
