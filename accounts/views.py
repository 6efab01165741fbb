from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from agreements import selectors as agreement_selectors
from meetings.models import Decision, Meeting, Recommendation
from partners.models import Contact, Vacancy
from partners.selectors import next_steps_for
from practice.models import Placement

from . import selectors
from .forms import NotificationSettingsForm
from .models import OutgoingEmail
from .roles import Role


@login_required
def dashboard(request):
    user = request.user
    if user.is_employer:
        partner = user.partner
        context = {
            "partner": partner,
            "colleagues": selectors.colleagues(user),
            "contacts": Contact.objects.for_user(user),
            "vacancies": Vacancy.objects.for_user(user).open().select_related("specialty"),
            "can_edit_contacts": partner.contacts_editable_by(user),
            "placements": Placement.objects.for_user(user)
            .active()
            .filter(period__end__gte=timezone.localdate())
            .select_related("student__group", "period", "mentor")
            .order_by("period__start", "student__last_name"),
        }
        return render(request, "dashboard/employer.html", context)
    context = {
        "counts": selectors.college_counts(user),
        "next_steps": next_steps_for(user),
        "periods": selectors.current_periods(user),
        "unsecured": agreement_selectors.unsecured_placements(user),
        "expired_agreements": agreement_selectors.expired_without_renewal(user),
        "expiring_agreements": agreement_selectors.expiring_soon(user),
        "my_decisions": Decision.objects.for_user(user)
        .open()
        .filter(responsible=user)
        .select_related("meeting"),
        "my_recommendations": Recommendation.objects.for_user(user)
        .open()
        .filter(responsible=user)
        .select_related("partner", "meeting"),
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
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки напоминаний сохранены.")
        return redirect("notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})
