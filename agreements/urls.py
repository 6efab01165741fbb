from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("ours/", views.partner_agreements, name="partner_list"),
    path("new/", views.agreement_create, name="create"),
    path("import/", views.agreement_import, name="import"),
    path("import/confirm/", views.agreement_import_confirm, name="import_confirm"),
    path("export/", views.agreement_export, name="export"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/status/", views.agreement_status, name="status"),
    path("<int:pk>/scan/", views.scan_upload, name="scan_upload"),
    path("<int:pk>/scan/download/", views.scan_download, name="scan_download"),
    path("<int:pk>/document.pdf", views.agreement_document, name="document"),
    path("<int:pk>/document.docx", views.agreement_docx, name="document_docx"),
]
