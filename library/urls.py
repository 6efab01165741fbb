from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/versions/<int:number>/", views.version_download, name="version_download"),
    path("<int:pk>/current/", views.current_download, name="current_download"),
    path("<int:pk>/comments/", views.comment_create, name="comment_create"),
]
