from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/invite/", views.invite_more, name="invite"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/recommendations/", views.recommendation_create, name="recommendation_create"),
    path("<int:pk>/<slug:action>/", views.meeting_action, name="action"),
    path(
        "recommendations/<int:pk>/status/",
        views.recommendation_status,
        name="recommendation_status",
    ),
    path("decisions/<int:pk>/done/", views.decision_done, name="decision_done"),
    path("reply/<str:token>/", views.reply, name="reply"),
]
