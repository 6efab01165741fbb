"""Reference lists (справочники) edited in the portal: one pattern for every list.

A ``ReferenceList`` describes one list (model, form, columns, search) and gives its
four pages: the list (college staff), and create / edit / delete (managers only).
The app that owns the model declares the list and adds ``reference.urls()`` to its
``urlpatterns``. Rows are read through ``Model.objects.for_user(user)``: an employer
gets 403 on the lists and 404 on every row.

A row is deleted only when nothing refers to it (``usages``); otherwise the page says
what uses it, so the user knows what to change first.
"""

from collections import Counter

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.forms import modelform_factory
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_user_or_404, require_manager, require_staff

from .pagination import paginate

get_or_post = require_http_methods(["GET", "POST"])


class ReferenceFilterSet(django_filters.FilterSet):
    """A search box over ``search_fields``; subclasses add their own filters."""

    q = django_filters.CharFilter(label="Поиск", method="search")
    search_fields = ("name",)

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


def usages(obj, owned=()):
    """What refers to ``obj``: ``[(verbose name of the referring rows, how many)]``.

    Every reverse relation counts (foreign keys and many-to-many alike, so deleting a
    sector never silently strips it from partners), except the ``owned`` parts that
    belong to the row and go with it (a module's competencies).
    """
    found = []
    for relation in obj._meta.related_objects:
        if relation.get_accessor_name() in owned:
            continue
        model = relation.related_model
        count = model._base_manager.filter(**{relation.field.name: obj}).count()
        if count:
            found.append((str(model._meta.verbose_name_plural), count))
    return found


def blocking(exc):
    """``usages`` of a refused delete, from the rows the database named: those that refer
    to the row's own parts (a competency of the module marked in attestation sheets)."""
    rows = getattr(exc, "protected_objects", None) or exc.restricted_objects
    counts = Counter(str(row._meta.verbose_name_plural) for row in rows)
    return sorted(counts.items())


def usage_message(obj, found):
    uses = ", ".join(f"{name} ({count})" for name, count in found)
    return f"Нельзя удалить «{obj}»: эту запись используют {uses}. Сначала измените их."


class ReferenceList:
    """One editable reference list and its pages."""

    def __init__(
        self,
        model,
        *,
        slug,
        columns,
        search_fields=("name",),
        fields=None,
        form_class=None,
        filterset_class=ReferenceFilterSet,
        formset_class=None,
        owned=(),
        select_related=(),
        prefetch_related=(),
        per_page=50,
    ):
        self.model = model
        self.slug = slug  # the URL segment
        self.name = slug.replace("-", "_")  # the prefix of the URL names
        self.columns = columns  # [(label, attribute name or callable(obj))]
        self.form_class = form_class or modelform_factory(model, fields=fields)
        self.formset_class = formset_class
        self.filterset_class = type(
            f"{model.__name__}FilterSet",
            (filterset_class,),
            {
                "search_fields": search_fields,
                "Meta": type("Meta", (), {"model": model, "fields": []}),
            },
        )
        self.owned = owned
        self.select_related = select_related
        self.prefetch_related = prefetch_related
        self.per_page = per_page
        self.namespace = model._meta.app_label
        self.title = str(model._meta.verbose_name_plural).capitalize()

    def url_name(self, action):
        return f"{self.namespace}:{self.name}_{action}"

    def urls(self):
        pages = [
            ("", "list", require_GET(self.list_view)),
            ("new/", "create", get_or_post(self.create_view)),
            ("<int:pk>/edit/", "edit", get_or_post(self.edit_view)),
            ("<int:pk>/delete/", "delete", get_or_post(self.delete_view)),
        ]
        return [
            path(
                f"references/{self.slug}/{route}",
                login_required(view),
                name=f"{self.name}_{action}",
            )
            for route, action, view in pages
        ]

    # Pages

    def list_view(self, request):
        require_staff(request.user)
        queryset = (
            self.model.objects.for_user(request.user)
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )
        filterset = self.filterset_class(request.GET or None, queryset=queryset)
        context = paginate(request, filterset.qs, self.per_page)
        context["rows"] = [
            (obj, [self._cell(obj, value) for _, value in self.columns])
            for obj in context["page_obj"]
        ]
        context.update(filter=filterset, headers=[label for label, _ in self.columns])
        return render(request, "reference/list.html", self._context(request, context))

    def create_view(self, request):
        require_manager(request.user)
        return self._form_page(request, self.model(), "Запись добавлена.")

    def edit_view(self, request, pk):
        obj = get_for_user_or_404(self.model, request.user, pk=pk)
        require_manager(request.user)
        return self._form_page(request, obj, "Изменения сохранены.")

    def delete_view(self, request, pk):
        obj = get_for_user_or_404(self.model, request.user, pk=pk)
        require_manager(request.user)
        found = usages(obj, self.owned)
        if request.method == "POST":
            if not found:
                try:
                    obj.delete()
                except (ProtectedError, RestrictedError) as exc:
                    # Referred to since the check, or one of its own parts is referred to.
                    found = usages(obj, self.owned) or blocking(exc)
                else:
                    messages.success(request, f"«{obj}» удалено из справочника.")
                    return redirect(self.url_name("list"))
            messages.error(request, usage_message(obj, found))
            return redirect(self.url_name("list"))
        context = {"object": obj, "refused": usage_message(obj, found) if found else ""}
        return render(request, "reference/confirm_delete.html", self._context(request, context))

    # Helpers

    def _form_page(self, request, obj, message):
        data = request.POST if request.method == "POST" else None
        form = self.form_class(data, instance=obj)
        formset = None
        if self.formset_class:
            formset = self.formset_class(data, instance=obj, prefix="rows")
        # Both are checked, so the page shows every mistake at once.
        valid = [form.is_valid(), formset is None or formset.is_valid()]
        if data is not None and all(valid):
            with transaction.atomic():
                saved = form.save()
                if formset is not None:
                    formset.instance = saved
                    formset.save()
            messages.success(request, message)
            return redirect(self.url_name("list"))
        context = {"form": form, "formset": formset, "object": obj}
        return render(request, "reference/form.html", self._context(request, context))

    def _context(self, request, context):
        return {
            **context,
            "reference": self,
            "list_url": reverse(self.url_name("list")),
            "create_url": reverse(self.url_name("create")),
            "edit_name": self.url_name("edit"),
            "delete_name": self.url_name("delete"),
            "can_manage": request.user.can_manage,
        }

    @staticmethod
    def _cell(obj, value):
        """(value, whether it is a list of items) for the template."""
        value = value(obj) if callable(value) else getattr(obj, value)
        return value, isinstance(value, list)
