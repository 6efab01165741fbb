from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("new/", views.announcement_create, name="create"),
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("<int:pk>/publish/", views.announcement_publish, name="publish"),
    path("chats/", views.chat_list, name="chats"),
    path("chats/<int:specialty_pk>/", views.chat_edit, name="chat_edit"),
]
