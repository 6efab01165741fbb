from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import staff_views
from .audit_views import PersonalDataLogView, PrivacyNoticeView
from .forms import LoginForm
from .invitation_views import invitation_accept
from .views import (
    ThrottledPasswordResetView,
    notification_settings,
    telegram_connect,
    telegram_disconnect,
    telegram_webhook,
)

urlpatterns = [
    path("invite/<uidb64>/<token>/", invitation_accept, name="invitation_accept"),
    # College staff, managed by the deputy director.
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/new/", staff_views.staff_create, name="staff_create"),
    path("staff/<int:pk>/edit/", staff_views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/deactivate/", staff_views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/activate/", staff_views.staff_activate, name="staff_activate"),
    path("staff/<int:pk>/resend/", staff_views.staff_resend, name="staff_resend"),
    path("notifications/", notification_settings, name="notification_settings"),
    path("notifications/telegram/connect/", telegram_connect, name="telegram_connect"),
    path("notifications/telegram/disconnect/", telegram_disconnect, name="telegram_disconnect"),
    path("telegram/webhook/", telegram_webhook, name="telegram_webhook"),
    path("privacy/", PrivacyNoticeView.as_view(), name="privacy"),
    path("personal-data-log/", PersonalDataLogView.as_view(), name="personal_data_log"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
