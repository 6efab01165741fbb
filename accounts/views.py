from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone

from agreements import selectors as agreement_selectors
from meetings.models import Decision, Meeting, Recommendation
from partners.models import Contact, Vacancy
from partners.selectors import next_steps_for
from practice.models import Placement

from . import selectors
from .forms import NotificationSettingsForm, OutboxPasswordResetForm
from .lockout import client_ip
from .models import OutgoingEmail
from .roles import Role
from .throttle import over_limit


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


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset, rate-limited per client address and per e-mail address.

    Too many requests for one e-mail get the usual «check your mail» page and no e-mail,
    so the answer never tells whether the address belongs to anybody.
    """

    form_class = OutboxPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
        address = client_ip(self.request)
        if over_limit("reset-ip", address, settings.PASSWORD_RESETS_PER_ADDRESS, window):
            form.add_error(
                None,
                "Слишком много запросов на восстановление пароля с вашего адреса. "
                f"Попробуйте снова через {settings.PASSWORD_RESET_WINDOW_MINUTES} минут.",
            )
            return self.form_invalid(form)
        email = form.cleaned_data["email"]
        if over_limit("reset-email", email, settings.PASSWORD_RESETS_PER_EMAIL, window):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
