from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from accounts.mixins import StaffRequiredMixin

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
        return context
