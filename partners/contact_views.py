"""Contacts and the vacancy bank: managers for every partner, employers for their own.

Every object is fetched through ``get_for_user_or_404`` first, so another
organisation's partner, contact or vacancy is a 404 for an employer; then
``Partner.contacts_editable_by`` decides between 403 (read-only staff) and editing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404, require_staff

from . import portal_access
from .contacts import save_contact, save_vacancy
from .filters import VacancyFilter
from .forms import ContactForm, VacancyForm
from .models import Contact, Partner, Vacancy

CONTACT_SEARCH_LIMIT = 20

get_or_post = require_http_methods(["GET", "POST"])


def _require_contacts_editable(partner, user):
    if not partner.contacts_editable_by(user):
        raise PermissionDenied(
            "Контакты и вакансии изменяют заведующие практикой и представители самой организации."
        )


def _partner_for_editing(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    _require_contacts_editable(partner, request.user)
    return partner


def _object_for_editing(request, model, pk):
    obj = get_for_user_or_404(model.objects.select_related("partner"), request.user, pk=pk)
    _require_contacts_editable(obj.partner, request.user)
    return obj


def _form_page(request, form, save, template, message):
    """Save a valid POST and go back to the partner card; otherwise show the form again."""
    partner = form.instance.partner
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:  # the contact's portal account refused the change
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(partner)
    return render(request, template, {"form": form, "partner": partner})


@login_required
@get_or_post
def contact_create(request, pk):
    partner = _partner_for_editing(request, pk)
    form = ContactForm(request.POST or None, instance=Contact(partner=partner))
    return _form_page(
        request,
        form,
        lambda contact: save_contact(contact, request.user),
        "partners/contact_form.html",
        "Контакт добавлен.",
    )


@login_required
@get_or_post
def contact_edit(request, pk):
    contact = _object_for_editing(request, Contact, pk)
    form = ContactForm(request.POST or None, instance=contact)
    return _form_page(
        request,
        form,
        lambda contact: save_contact(contact, request.user),
        "partners/contact_form.html",
        "Контакт сохранён.",
    )


@login_required
@get_or_post
def contact_delete(request, pk):
    contact = _object_for_editing(request, Contact, pk)
    if request.method == "POST":
        had_access = contact.user is not None and contact.user.is_active
        try:
            portal_access.delete_contact(contact, request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(contact.partner)
        revoked = " Доступ к порталу отозван, история действий сохранена." if had_access else ""
        messages.success(request, f"Контакт «{contact.full_name}» удалён.{revoked}")
        return redirect(contact.partner)
    return render(request, "partners/contact_confirm_delete.html", {"contact": contact})


@login_required
@get_or_post
def vacancy_create(request, pk):
    partner = _partner_for_editing(request, pk)
    form = VacancyForm(request.POST or None, instance=Vacancy(partner=partner))
    return _form_page(
        request, form, save_vacancy, "partners/vacancy_form.html", "Вакансия добавлена."
    )


@login_required
@get_or_post
def vacancy_edit(request, pk):
    vacancy = _object_for_editing(request, Vacancy, pk)
    form = VacancyForm(request.POST or None, instance=vacancy)
    return _form_page(
        request, form, save_vacancy, "partners/vacancy_form.html", "Вакансия сохранена."
    )


class VacancyListView(LoginRequiredMixin, FilterView):
    """The vacancy bank across partners; an employer sees their own organisation's only."""

    filterset_class = VacancyFilter
    template_name = "partners/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 25

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Open vacancies unless the user chose a status; «Любой» sends status="".
        data = kwargs["data"]
        if data is None or "status" not in data:
            data = data.copy() if data is not None else {}
            data["status"] = Vacancy.Status.OPEN
            kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        return (
            Vacancy.objects.for_user(self.request.user)
            .select_related("partner", "specialty")
            .order_by("-opened_on", "position", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


@login_required
def contact_search(request):
    """Options of the contact search box (JSON): contacts with an e-mail, by surname or
    by their organisation's name."""
    require_staff(request.user)
    query = request.GET.get("q", "").strip()
    contacts = Contact.objects.for_user(request.user).exclude(email="").select_related("partner")
    if query:
        contacts = contacts.filter(
            Q(last_name__istartswith=query) | Q(partner__name__icontains=query)
        )
    found = contacts.order_by("-is_mentor", "last_name", "pk")[:CONTACT_SEARCH_LIMIT]
    options = [
        {
            "value": c.pk,
            "text": c.full_name,
            "note": f"{c.partner}{', наставник' if c.is_mentor else ''}",
        }
        for c in found
    ]
    return JsonResponse({"results": options})
