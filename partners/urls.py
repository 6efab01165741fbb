from django.urls import path

from . import access_views, contact_views, import_views, participation_views, views
from .references import COOPERATION_FORMS, SECTORS

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/status/", views.partner_status, name="status"),
    path("<int:pk>/interactions/new/", views.interaction_create, name="interaction_create"),
    path("interactions/<int:pk>/done/", views.interaction_done, name="interaction_done"),
    # Contacts and the vacancy bank: staff, and employers for their own organisation.
    path("<int:pk>/contacts/new/", contact_views.contact_create, name="contact_create"),
    path("contacts/search/", contact_views.contact_search, name="contact_search"),
    path("contacts/<int:pk>/edit/", contact_views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_views.contact_delete, name="contact_delete"),
    # Portal access of contacts, and the main representative's team page.
    path("contacts/<int:pk>/access/grant/", access_views.contact_grant, name="contact_grant"),
    path("contacts/<int:pk>/access/resend/", access_views.contact_resend, name="contact_resend"),
    path("contacts/<int:pk>/access/revoke/", access_views.contact_revoke, name="contact_revoke"),
    path("contacts/<int:pk>/access/restore/", access_views.contact_restore, name="contact_restore"),
    path(
        "contacts/<int:pk>/access/main/",
        access_views.contact_main_representative,
        name="contact_main_representative",
    ),
    path("team/", access_views.team, name="team"),
    path("team/new/", access_views.team_add, name="team_add"),
    path("<int:pk>/vacancies/new/", contact_views.vacancy_create, name="vacancy_create"),
    path("vacancies/", contact_views.VacancyListView.as_view(), name="vacancy_list"),
    path("vacancies/<int:pk>/edit/", contact_views.vacancy_edit, name="vacancy_edit"),
    # The employer participation register.
    path(
        "participation/",
        participation_views.ParticipationListView.as_view(),
        name="participation_list",
    ),
    path(
        "participation/import/",
        participation_views.participation_import,
        name="participation_import",
    ),
    path(
        "participation/import/confirm/",
        participation_views.participation_import_confirm,
        name="participation_import_confirm",
    ),
    path(
        "<int:partner_pk>/participation/new/",
        participation_views.participation_create,
        name="participation_create",
    ),
    path(
        "participation/<int:pk>/edit/",
        participation_views.participation_edit,
        name="participation_edit",
    ),
    path(
        "participation/<int:pk>/evidence/",
        participation_views.participation_evidence,
        name="participation_evidence",
    ),
    # Import and export of the registry (XLSX, CSV).
    path("import/", import_views.partner_import, name="import"),
    path("import/confirm/", import_views.partner_import_confirm, name="import_confirm"),
    path("export/", import_views.partner_export, name="export"),
    # Reference lists (справочники): staff read them, managers edit them.
    *SECTORS.urls(),
    *COOPERATION_FORMS.urls(),
]
