"""Contacts and the vacancy bank: managers for every partner, employers for their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404

from .contacts import save_contact, save_vacancy
from .filters import VacancyFilter
from .forms import ContactForm, VacancyForm
from .models import Contact, Partner, Vacancy


def _check_can_edit(partner, user):
    if not partner.contacts_editable_by(user):
        raise PermissionDenied("Контакты и вакансии партнёра изменяют заведующие практикой.")


def _edit(request, form, partner, save, template, message):
    if request.method == "POST" and form.is_valid():
        save(form.instance)
        messages.success(request, message)
        return redirect(partner)
    return render(request, template, {"form": form, "partner": partner})


@login_required
def contact_create(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    _check_can_edit(partner, request.user)
    form = ContactForm(request.POST or None, instance=Contact(partner=partner))
    return _edit(
        request, form, partner, save_contact, "partners/contact_form.html", "Контакт добавлен."
    )


@login_required
def contact_edit(request, pk):
    contact = get_for_user_or_404(Contact.objects.select_related("partner"), request.user, pk=pk)
    _check_can_edit(contact.partner, request.user)
    form = ContactForm(request.POST or None, instance=contact)
    return _edit(
        request,
        form,
        contact.partner,
        save_contact,
        "partners/contact_form.html",
        "Контакт сохранён.",
    )


@login_required
def contact_delete(request, pk):
    contact = get_for_user_or_404(Contact.objects.select_related("partner"), request.user, pk=pk)
    _check_can_edit(contact.partner, request.user)
    if request.method == "POST":
        contact.delete()
        messages.success(request, f"Контакт «{contact.full_name}» удалён.")
        return redirect(contact.partner)
    return render(request, "partners/contact_confirm_delete.html", {"contact": contact})


@login_required
def vacancy_create(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    _check_can_edit(partner, request.user)
    form = VacancyForm(request.POST or None, instance=Vacancy(partner=partner))
    return _edit(
        request, form, partner, save_vacancy, "partners/vacancy_form.html", "Вакансия добавлена."
    )


@login_required
def vacancy_edit(request, pk):
    vacancy = get_for_user_or_404(Vacancy.objects.select_related("partner"), request.user, pk=pk)
    _check_can_edit(vacancy.partner, request.user)
    form = VacancyForm(request.POST or None, instance=vacancy)
    return _edit(
        request,
        form,
        vacancy.partner,
        save_vacancy,
        "partners/vacancy_form.html",
        "Вакансия сохранена.",
    )


class VacancyListView(LoginRequiredMixin, FilterView):
    """The vacancy bank across partners (an employer sees their own vacancies only)."""

    filterset_class = VacancyFilter
    template_name = "partners/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 25

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is None or "status" not in kwargs["data"]:
            data = kwargs["data"].copy() if kwargs["data"] is not None else {}
            data["status"] = Vacancy.Status.OPEN
            kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        return (
            Vacancy.objects.for_user(self.request.user)
            .select_related("partner", "specialty")
            .order_by("-opened_on", "position")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context
