"""The dashboards of every role and the full lists behind their alerts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import require_staff
from accounts.models import OutgoingEmail
from accounts.roles import Role
from announcements.selectors import latest_announcements
from library.models import Document
from meetings.models import Meeting
from partners.models import Contact, Vacancy
from practice.models import Placement

from . import deputy, indicators, selectors
from .selectors import first_items

ALERT_PAGE_SIZE = 25


@login_required
def dashboard(request):
    user = request.user
    if user.is_employer:
        return _employer_dashboard(request)
    if user.role == Role.DEPUTY_DIRECTOR:
        return _deputy_dashboard(request)
    context = {
        "counts": selectors.college_counts(user),
        "alerts": selectors.alerts_for(user),
        "upcoming_meetings": Meeting.objects.for_user(user)
        .filter(status="planned", starts_at__gte=timezone.now())
        .order_by("starts_at")[:5],
    }
    if user.role == Role.ADMIN:
        context["outbox"] = OutgoingEmail.objects.state()
    if user.role == Role.PRACTICE_HEAD:
        context["my_specialties"] = selectors.specialties_with_counts(user, only_mine=True)
    else:
        context["specialties"] = selectors.specialties_with_counts(user)
        context["practice_heads"] = selectors.practice_heads()
    return render(request, "dashboard/staff.html", context)


@login_required
def deputy_dashboard(request):
    """The deputy director's dashboard; administrators may open it too."""
    require_staff(request.user)
    if request.user.role not in deputy.ROLES:
        raise PermissionDenied("Страница заместителя директора.")
    return _deputy_dashboard(request)


def _deputy_dashboard(request):
    scope = indicators.scope_for(request.user)
    context = {
        "scope": scope,
        "figures": deputy.key_figures(scope),
        "alerts": selectors.alerts_for(request.user, deputy.ALERTS),
    }
    return render(request, "dashboard/deputy.html", context)


def _employer_dashboard(request):
    user = request.user
    partner = user.partner
    awaiting = Q(status=Placement.Status.PLANNED)
    placements, placements_total = first_items(
        Placement.objects.for_user(user)
        .active()
        .filter(period__end__gte=timezone.localdate())
        .select_related("student__group", "period", "mentor", "confirmed_by")
        # How many await the employer's answer, counted with the rows: no extra query.
        .annotate(awaiting_total=Window(Count("pk", filter=awaiting)))
        .order_by("period__start", "student__last_name", "pk")
    )
    # The library's documents with a current version this user has not opened yet.
    unread_documents, unread_total = first_items(
        Document.objects.for_user(user)
        .with_unread(user)
        .filter(unread=True, current_version__isnull=False)
        .select_related("current_version")
        .order_by("-current_version__uploaded_at", "-pk")
    )
    context = {
        "partner": partner,
        "unread_documents": unread_documents,
        "unread_total": unread_total,
        "colleagues": selectors.colleagues(user),
        "contacts": Contact.objects.for_user(user),
        "vacancies": Vacancy.objects.for_user(user).open().select_related("specialty"),
        "can_edit_contacts": partner.contacts_editable_by(user),
        "placements": placements,
        "placements_total": placements_total,
        "awaiting": placements[0].awaiting_total if placements else 0,
        **latest_announcements(user),
    }
    return render(request, "dashboard/employer.html", context)


@login_required
def alert_list(request, key):
    """Everything one dashboard alert covers, a page at a time."""
    require_staff(request.user)
    alerts = selectors.ALERTS
    if request.user.role in deputy.ROLES:
        alerts = alerts | deputy.ALERTS
    if key not in alerts:
        raise Http404("Нет такого списка.")
    items = alerts[key][1](request.user)
    if isinstance(items, QuerySet):  # a stable order, so no row is skipped between pages
        items = items.order_by(*items.query.order_by, "pk")
    page = Paginator(items, ALERT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "key": key,
        "title": alerts[key][0],
        "items": page.object_list,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
    }
    return render(request, "dashboard/alert_list.html", context)
