"""The one access rule of the portal.

Every queryset a view shows starts from ``Model.objects.for_user(user)``:

* college staff (deputy director, practice heads, teachers, administrators) see
  the college's data;
* an employer representative sees only rows that belong to their own partner
  organisation, found through the model's ``partner_path``;
* anybody else (anonymous, inactive) sees nothing.

Models tied to a partner use ``PartnerScopedQuerySet`` and name the path to the
partner; models with no partner (groups, students) use ``StaffOnlyQuerySet``, so an
employer sees none of them unless a later rule opens a narrower path.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


def _is_active(user):
    return bool(user and user.is_authenticated and user.is_active)


class StaffOnlyQuerySet(models.QuerySet):
    def for_user(self, user):
        if _is_active(user) and user.is_college_staff:
            return self.all()
        return self.none()


class PartnerScopedQuerySet(models.QuerySet):
    #: Lookup from this model to ``partners.Partner`` (its primary key is compared).
    partner_path = "partner"

    def for_user(self, user):
        if not _is_active(user):
            return self.none()
        if user.is_college_staff:
            return self.all()
        if user.is_employer and user.partner_id:
            lookup = "pk" if self.partner_path == "pk" else f"{self.partner_path}_id"
            return self.filter(**{lookup: user.partner_id})
        return self.none()


def get_for_user_or_404(queryset_or_model, user, **lookup):
    """Fetch one object the user may see; another tenant's object is a 404."""
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    return get_object_or_404(queryset.for_user(user), **lookup)


def require_manager(user):
    if not (_is_active(user) and user.can_manage):
        raise PermissionDenied("Действие доступно заместителю директора и заведующим практикой.")


def require_staff(user):
    if not (_is_active(user) and user.is_college_staff):
        raise PermissionDenied("Страница доступна только сотрудникам колледжа.")
