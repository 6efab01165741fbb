from django.urls import path

from . import (
    attendance_views,
    attestation_views,
    confirmation_views,
    document_views,
    employment_views,
    period_views,
    views,
    visit_views,
)
from .references import MODULES, PROFESSIONS, SPECIALTIES

app_name = "practice"

urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/import/", views.student_import, name="student_import"),
    path("students/search/", views.student_search, name="student_search"),
    path("groups/import/confirm/", views.student_import_confirm, name="student_import_confirm"),
    path("periods/", period_views.period_list, name="period_list"),
    path("periods/new/", period_views.period_create, name="period_create"),
    path("periods/<int:pk>/", period_views.period_detail, name="period_detail"),
    path("periods/<int:pk>/edit/", period_views.period_edit, name="period_edit"),
    path("periods/<int:pk>/assign/<int:student_pk>/", period_views.assign, name="assign"),
    path("periods/<int:pk>/quota/", period_views.set_quota, name="set_quota"),
    path("periods/<int:pk>/copy-previous/", period_views.copy_previous, name="copy_previous"),
    path("partners/search/", period_views.partner_search, name="partner_search"),
    path("mentor-options/", period_views.mentor_options, name="mentor_options"),
    path("placements/<int:pk>/", period_views.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/unassign/", period_views.unassign, name="unassign"),
    path("placements/<int:pk>/evaluate/", period_views.evaluate, name="evaluate"),
    path("my-students/", period_views.employer_placements, name="my_students"),
    path("my-students/confirm/", confirmation_views.confirm, name="confirm_many"),
    path("placements/<int:pk>/confirm/", confirmation_views.confirm, name="confirm"),
    path("placements/<int:pk>/decline/", confirmation_views.decline, name="decline"),
    path(
        "placements/<int:pk>/confirm-by-phone/",
        confirmation_views.confirm_by_phone,
        name="confirm_by_phone",
    ),
    path("schedule/", document_views.schedule, name="schedule"),
    path("order/", document_views.supervisors_order, name="order"),
    path("graduates/", employment_views.GraduateListView.as_view(), name="employment_list"),
    path("graduates/import/", employment_views.employment_import, name="employment_import"),
    path(
        "graduates/import/confirm/",
        employment_views.employment_import_confirm,
        name="employment_import_confirm",
    ),
    path(
        "graduates/<int:student_pk>/employment/new/",
        employment_views.employment_create,
        name="employment_create",
    ),
    path(
        "graduates/employment/<int:pk>/edit/",
        employment_views.employment_edit,
        name="employment_edit",
    ),
    path("visits/", visit_views.visit_list, name="visit_list"),
    path("visits/new/", visit_views.visit_create, name="visit_create"),
    # Reference lists (справочники): staff read them, managers edit them.
    *SPECIALTIES.urls(),
    *MODULES.urls(),
    *PROFESSIONS.urls(),
]

urlpatterns += [
    path("attendance/", attendance_views.day, name="attendance_day"),
    path("attendance/week/", attendance_views.week, name="attendance_week"),
    path("attendance/mark/<int:pk>/", attendance_views.mark, name="attendance_mark"),
    path("periods/<int:pk>/attendance/", attendance_views.period_grid, name="period_attendance"),
    path("attestation/", attestation_views.sheet_list, name="attestation_list"),
    path("placements/<int:pk>/attestation/", attestation_views.sheet, name="attestation"),
    path(
        "placements/<int:pk>/attestation/pdf/", attestation_views.sheet_pdf, name="attestation_pdf"
    ),
    path(
        "placements/<int:pk>/attestation/reopen/",
        attestation_views.reopen,
        name="attestation_reopen",
    ),
    path(
        "periods/<int:pk>/attestation/pdf/",
        attestation_views.period_pdf,
        name="period_attestation_pdf",
    ),
]
