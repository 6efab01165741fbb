from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from accounts.access import get_for_user_or_404, require_manager
from accounts.mixins import StaffRequiredMixin
from accounts.models import AccessEvent
from agreements import selectors as agreement_selectors
from kitek_portal.pagination import paginate
from meetings.models import Meeting, Recommendation
from practice.models import Employment

from . import services
from .filters import PartnerFilter
from .forms import InteractionForm, PartnerForm, StatusForm
from .history import history_entries
from .models import (
    Contact,
    Interaction,
    Participation,
    Partner,
    PartnerStatusChange,
    Sector,
    Vacancy,
)

INTERACTIONS_PER_PAGE = 20
ACCESS_EVENTS_SHOWN = 30


class PartnerListView(StaffRequiredMixin, FilterView):
    filterset_class = PartnerFilter
    template_name = "partners/list.html"
    context_object_name = "partners"
    paginate_by = 25
    # The table's columns: (ordering key, or None when it does not sort; title; classes)
    COLUMNS = [
        ("name", "Наименование", ""),
        ("city", "Населённый пункт", ""),
        ("status", "Статус", ""),
        ("stage", "Этап", ""),
        (None, "Отрасли", ""),
        (None, "Контакт", ""),
        ("places", "Мест", "text-end"),
        (None, "Вакансий", "text-end"),
        (None, "Ответственный", ""),
    ]

    def get_queryset(self):
        primary = Contact.objects.filter(is_primary=True).only(
            "partner_id", "last_name", "first_name", "middle_name", "phone"
        )
        # A correlated subquery, not a JOIN with GROUP BY: PostgreSQL counts the vacancies
        # of the page's 25 rows only, and the paginator's count stays a plain count.
        open_vacancies = (
            Vacancy.objects.filter(partner=OuterRef("pk"), status=Vacancy.Status.OPEN)
            .order_by()
            .values("partner")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Partner.objects.for_user(self.request.user)
            .select_related("responsible")
            .only(*LIST_FIELDS)
            .prefetch_related(
                Prefetch("sectors", queryset=Sector.objects.only("name")),
                Prefetch("contacts", queryset=primary, to_attr="primary_contacts"),
            )
            .annotate(open_vacancies=Coalesce(Subquery(open_vacancies), 0))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["can_create"] = self.request.user.can_manage
        context["columns"] = _columns(query, self.COLUMNS)
        return context


# The columns the registry's rows show (the rest of a partner stays in the database).
LIST_FIELDS = [
    "name",
    "inn",
    "city",
    "country",
    "status",
    "stage",
    "places_per_year",
    "responsible__first_name",
    "responsible__last_name",
    "responsible__middle_name",
    "responsible__username",
]


def _columns(query, columns):
    """The table's column heads; a sortable one with the link that sorts by it (again: the
    other way) and the icon of the current order."""
    current = query.get("ordering", "")
    heads = []
    for key, label, classes in columns:
        head = {"label": label, "classes": classes, "href": "", "icon": ""}
        if key:
            params = query.copy()
            params["ordering"] = f"-{key}" if current == key else key
            head["href"] = "?" + params.urlencode()
            head["icon"] = {key: "bi-sort-down-alt", f"-{key}": "bi-sort-up"}.get(current, "")
        heads.append(head)
    return heads


@login_required
def partner_detail(request, pk):
    user = request.user
    interactions = Interaction.objects.for_user(user)
    partner = get_for_user_or_404(
        # The lengths of two lists come with the partner: no COUNT query of their own.
        Partner.objects.select_related("responsible").annotate(
            participation_count=_count_of(Participation.objects.all()),
            interaction_count=_count_of(interactions),
        ),
        user,
        pk=pk,
    )
    sectors, specialties, cooperation_forms = _references(partner)
    context = {
        "partner": partner,
        "sectors": sectors,
        "specialties": specialties,
        "cooperation_forms": cooperation_forms,
        "contacts": list(partner.contacts.select_related("user")),
        "vacancies": list(partner.vacancies.select_related("specialty")),
        "can_edit": partner.editable_by(user),
        "can_edit_contacts": partner.contacts_editable_by(user),
        "can_manage_access": partner.access_manageable_by(user),
        "can_set_main": partner.editable_by(user),
        "stages": Partner.Stage.choices,
        "agreements": agreement_selectors.for_partner(user, partner),
        "meetings": Meeting.objects.for_user(user)
        .filter(invitations__partner=partner)
        .distinct()
        .order_by("-starts_at")[:20],
        "recommendations": Recommendation.objects.for_user(user).filter(partner=partner),
        # no records counted: no query for them
        "participations": partner.participations.order_by("-date")[:10]
        if partner.participation_count
        else [],
        "participation_count": partner.participation_count,
        "graduates": Employment.objects.for_user(user)
        .filter(partner=partner, status__in=["specialty", "elsewhere"])
        .select_related("student")
        .order_by("-date")[:20],
    }
    if partner.interactions_loggable_by(user):
        context.update(
            _interactions_page(request, partner, count=partner.interaction_count),
            interaction_form=InteractionForm(),
            status_changes=PartnerStatusChange.objects.filter(partner=partner).select_related(
                "changed_by"
            ),
            history=history_entries(partner),
            access_events=AccessEvent.objects.for_user(user)
            .filter(partner=partner)
            .select_related("user", "actor")[:ACCESS_EVENTS_SHOWN],
            status_form=StatusForm(initial={"status": partner.status}),
        )
    return render(request, "partners/detail.html", context)


def _count_of(queryset):
    """The number of ``queryset``'s rows of each partner, as a subquery of the partner."""
    counted = (
        queryset.filter(partner=OuterRef("pk"))
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _references(partner):
    """The partner's sectors, specialties and forms of cooperation, each in its own order,
    in one query instead of three: [{"code", "name"}] each."""

    def part(queryset, kind, order=None, code=None):
        return (
            queryset.order_by()
            .annotate(
                t_kind=Value(kind),
                t_order=order or Value(0),
                t_code=code or Value(""),
                t_name=F("name"),
            )
            .values_list("t_kind", "t_order", "t_code", "t_name")
        )

    rows = (
        part(partner.sectors.all(), 0)
        .union(
            part(partner.specialties.all(), 1, code=F("code")),
            part(partner.cooperation_forms.all(), 2, order=F("order")),
            all=True,
        )
        .order_by("t_kind", "t_order", "t_code", "t_name")
    )
    lists = ([], [], [])
    for kind, _order, code, name in rows:
        lists[kind].append({"code": code, "name": name})
    return lists


@login_required
def partner_create(request):
    require_manager(request.user)
    form = PartnerForm(request.POST or None, initial={"responsible": request.user})
    return _save_partner(request, form, "Партнёр добавлен в реестр.")


@login_required
def partner_edit(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    if not partner.editable_by(request.user):
        raise PermissionDenied("Изменять карточку партнёра могут заведующие практикой.")
    form = PartnerForm(request.POST or None, instance=partner)
    return _save_partner(request, form, "Изменения сохранены.")


def _save_partner(request, form, success_message):
    valid = request.method == "POST" and form.is_valid()
    name = form.data.get("name") or form.instance.name
    similar = services.similar_partners(name, exclude_pk=form.instance.pk) if name else []
    # A very similar name is a warning, not an error: saving needs one more click.
    needs_confirmation = (
        similar and "name" in form.changed_data and not request.POST.get("confirm_similar")
    )
    if valid and not needs_confirmation:
        partner = form.save()
        messages.success(request, success_message)
        return redirect(partner)
    context = {
        "form": form,
        "partner": form.instance if form.instance.pk else None,
        "duplicate": getattr(form, "duplicate", None),
        "similar": similar,
        "ask_confirmation": valid and needs_confirmation,
    }
    return render(request, "partners/form.html", context)


@login_required
@require_POST
def partner_status(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    if not partner.editable_by(request.user):
        raise PermissionDenied("Менять статус партнёра могут заведующие практикой.")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                partner, form.cleaned_data["status"], request.user, form.cleaned_data["comment"]
            )
            messages.success(request, f"Статус: {partner.get_status_display()}.")
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect(partner)


@login_required
def interaction_create(request, pk):
    partner = get_for_user_or_404(Partner, request.user, pk=pk)
    if not partner.interactions_loggable_by(request.user):
        raise PermissionDenied("Журнал взаимодействий ведут сотрудники колледжа.")
    form = InteractionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.partner = partner
        form.instance.author = request.user
        form.save()
        if not request.htmx:
            messages.success(request, "Запись добавлена в журнал.")
            return redirect(partner)
        form = InteractionForm()
    context = {"partner": partner, "interaction_form": form, **_interactions_page(request, partner)}
    template = "partners/_interactions.html" if request.htmx else "partners/interaction_form.html"
    return render(request, template, context)


def _interactions_page(request, partner, count=None):
    """The partner's interaction log, latest first, a page at a time (``count``: their
    number when the caller already knows it)."""
    interactions = (
        Interaction.objects.for_user(request.user)
        .filter(partner=partner)
        .select_related("author")
        .order_by("-date", "-created_at", "-pk")
    )
    context = paginate(request, interactions, INTERACTIONS_PER_PAGE, count=count)
    context["interactions"] = context["page_obj"].object_list if count != 0 else []
    return context


@login_required
@require_POST
def interaction_done(request, pk):
    interaction = get_for_user_or_404(Interaction, request.user, pk=pk)
    if not interaction.partner.interactions_loggable_by(request.user):
        raise PermissionDenied
    Interaction.objects.filter(pk=interaction.pk).update(next_step_done=True)
    messages.success(request, f"Шаг «{interaction.next_step}» отмечен выполненным.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = interaction.partner.get_absolute_url()
    return redirect(next_url)
