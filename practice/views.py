import tablib
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import JsonResponse
from django.views.generic import DetailView
from django_filters.views import FilterView

from accounts.access import require_staff
from accounts.audit import PersonalDataKind, log_personal_data
from accounts.mixins import StaffRequiredMixin
from kitek_portal import import_jobs

from .filters import GroupFilter
from .models import Student, StudentGroup
from .partner_search import SEARCH_LIMIT

_studying = Q(students__status=Student.Status.STUDYING)


class GroupListView(StaffRequiredMixin, FilterView):
    filterset_class = GroupFilter
    template_name = "practice/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    def get_queryset(self):
        return (
            StudentGroup.objects.for_user(self.request.user)
            .select_related("specialty")
            .annotate(student_count=Count("students", filter=_studying))
            .order_by("specialty__code", "course", "name")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # bound even when empty: the current year applies
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class GroupDetailView(StaffRequiredMixin, DetailView):
    template_name = "practice/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return StudentGroup.objects.for_user(self.request.user).select_related("specialty")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["students"] = Student.objects.for_user(self.request.user).filter(group=self.object)
        description = f"Список группы {self.object.name} с контактами"
        log_personal_data(self.request, PersonalDataKind.STUDENT_LIST, description, self.object)
        return context


STUDENTS_STASH = "students"


student_import, student_import_confirm = import_jobs.import_views(
    STUDENTS_STASH,
    page="practice:student_import",
    confirm="practice:student_import_confirm",
    done="practice:group_list",
    template_name="practice/student_import.html",
    template=("students-template", lambda: _student_template()),
)


def _student_template():
    dataset = tablib.Dataset(
        headers=[
            "ФИО",
            "Группа",
            "Специальность",
            "Курс",
            "Год набора",
            "Статус",
            "Телефон",
            "E-mail",
        ]
    )
    dataset.append(
        [
            "Образец: Иванова Анна Петровна",
            "41 ГД",
            "43.02.14 Гостиничное дело",
            4,
            2023,
            "Обучается",
            "",
            "",
        ]
    )
    return dataset


@login_required
def student_search(request):
    """Options of the student search box (JSON): by surname (or its start) or group."""
    require_staff(request.user)
    query = request.GET.get("q", "").strip()
    students = Student.objects.for_user(request.user).select_related("group")
    if query:
        students = students.filter(Q(last_name__istartswith=query) | Q(group__name__iexact=query))
    options = [
        {
            "value": s.pk,
            "text": s.full_name,
            "note": s.group.name
            + (
                "" if s.status == Student.Status.STUDYING else f", {s.get_status_display().lower()}"
            ),
        }
        for s in students.order_by("last_name", "first_name", "pk")[:SEARCH_LIMIT]
    ]
    return JsonResponse({"results": options})
