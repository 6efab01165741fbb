import tablib
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from accounts.access import require_manager
from accounts.audit import PersonalDataKind, log_personal_data
from accounts.mixins import StaffRequiredMixin
from kitek_portal import import_jobs, imports

from .models import Student, StudentGroup

_studying = Q(students__status=Student.Status.STUDYING)


class GroupListView(StaffRequiredMixin, ListView):
    template_name = "practice/group_list.html"
    context_object_name = "groups"

    def get_queryset(self):
        return (
            StudentGroup.objects.for_user(self.request.user)
            .select_related("specialty")
            .annotate(student_count=Count("students", filter=_studying))
            .order_by("specialty__code", "course", "name")
        )


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


@login_required
def student_import(request):
    require_manager(request.user)
    if request.GET.get("template"):
        return imports.dataset_response(_student_template(), "xlsx", "students-template")
    confirm_url = reverse("practice:student_import_confirm")
    response, context = import_jobs.upload_step(request, STUDENTS_STASH, confirm_url)
    context = context and {**context, "done_url": reverse("practice:group_list")}
    return response or render(request, "practice/student_import.html", context)


@login_required
@require_POST
def student_import_confirm(request):
    require_manager(request.user)
    return import_jobs.confirm_step(request, STUDENTS_STASH, reverse("practice:student_import"))


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
