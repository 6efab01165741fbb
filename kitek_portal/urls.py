from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from agreements.views import notification_settings
from monitoring.views import dashboard

admin.site.site_header = "КИТЭК: практика — администрирование"
admin.site.site_title = "КИТЭК: практика"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    # The reminder settings live with the reminders; the address stays under the account.
    path("accounts/notifications/", notification_settings, name="notification_settings"),
    path("accounts/", include("accounts.urls")),
    path("agreements/", include("agreements.urls")),
    path("meetings/", include("meetings.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("partners/", include("partners.urls")),
    path("practice/", include("practice.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
