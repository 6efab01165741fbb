from django.contrib.auth.mixins import LoginRequiredMixin

from .access import require_manager, require_staff


class StaffRequiredMixin(LoginRequiredMixin):
    """College staff only; an employer gets 403, an anonymous user the login page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_staff(request.user)
        return super().dispatch(request, *args, **kwargs)


class ManagerRequiredMixin(LoginRequiredMixin):
    """Deputy director, practice heads and administrators."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_manager(request.user)
        return super().dispatch(request, *args, **kwargs)
