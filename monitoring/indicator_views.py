"""The indicators page and its PDF: the same figures and charts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from accounts.access import require_staff
from accounts.models import User
from accounts.roles import Role
from kitek_portal.pdf import pdf_response
from practice.models import Specialty

from . import indicators
from .plan import current_school_year


def _context(request):
    require_staff(request.user)
    try:
        year = int(request.GET.get("year") or current_school_year())
        specialty_id = int(request.GET.get("specialty") or 0) or None
        head_id = int(request.GET.get("head") or 0) or None
    except ValueError as error:
        raise PermissionDenied("Неверный учебный год или специальность.") from error
    heads = User.objects.filter(role=Role.PRACTICE_HEAD, is_active=True).order_by("last_name")
    head = heads.filter(pk=head_id).first() if head_id else None
    scope = indicators.scope_for(request.user, year, specialty_id, head=head)
    specialties = Specialty.objects.order_by("code")
    if scope.specialty_ids is not None:
        specialties = specialties.filter(pk__in=scope.specialty_ids)
    specialties = list(specialties)  # the select's options and the charts' names
    sections, charts = indicators.page(scope, specialties=specialties)
    return {
        "scope": scope,
        "sections": sections,
        "charts": charts,
        "specialties": specialties,
        "specialty_id": specialty_id,
        "heads": heads if request.user.role in (Role.DEPUTY_DIRECTOR, Role.ADMIN) else [],
        "head": head,
        "years": range(current_school_year(), current_school_year() - 5, -1),
        "generated_at": timezone.localtime(),
    }


@login_required
def indicator_page(request):
    return render(request, "monitoring/indicators.html", _context(request))


@login_required
def indicator_pdf(request):
    context = _context(request)
    filename = f"pokazateli-{context['scope'].year}.pdf"
    return pdf_response("monitoring/pdf/indicators.html", context, filename, request)
