from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kitek_portal.csp import csp_report
from monitoring.views import dashboard

from .views import health_json, health_page

admin.site.site_header = "КИТЭК: практика — администрирование"
admin.site.site_title = "КИТЭК: практика"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("agreements/", include("agreements.urls")),
    path("announcements/", include("announcements.urls")),
    path("jobs/", include("jobs.urls")),
    path("library/", include("library.urls")),
    path("meetings/", include("meetings.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("partners/", include("partners.urls")),
    path("practice/", include("practice.urls")),
    path("admin/", admin.site.urls),
    path("csp-report/", csp_report, name="csp_report"),
    path("health/", health_page, name="health"),
    path("health/json/", health_json, name="health_json"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
