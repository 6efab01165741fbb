from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("alerts/<slug:key>/", views.alert_list, name="alert_list"),
]
