"""The personal-data log page and the privacy notice."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from django_filters.views import FilterView

from .filters import PersonalDataAccessFilter
from .models import AUDITOR_ROLES, PersonalDataAccess


class PersonalDataLogView(LoginRequiredMixin, FilterView):
    """Who viewed or downloaded students' personal data: deputy director and admins."""

    filterset_class = PersonalDataAccessFilter
    template_name = "accounts/personal_data_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.role not in AUDITOR_ROLES:
            raise PermissionDenied("Журнал доступен заместителю директора и администраторам.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return PersonalDataAccess.objects.for_user(self.request.user).select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class PrivacyNoticeView(TemplateView):
    """«Политика обработки персональных данных»: public, linked from the footer and login."""

    template_name = "accounts/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            college_name=settings.COLLEGE_NAME,
            college_short_name=settings.COLLEGE_SHORT_NAME,
            retention_years=settings.PERSONAL_DATA_RETENTION_YEARS,
            **kwargs,
        )
