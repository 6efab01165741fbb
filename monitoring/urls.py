from django.urls import path

from . import calendar_views, indicator_views, plan_views, report_views, views

app_name = "monitoring"

urlpatterns = [
    path("alerts/<slug:key>/", views.alert_list, name="alert_list"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/reset/", calendar_views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed_view, name="calendar_feed"),
    path("deputy/", views.deputy_dashboard, name="deputy_dashboard"),
    path("indicators/", indicator_views.indicator_page, name="indicators"),
    path("indicators.pdf", indicator_views.indicator_pdf, name="indicators_pdf"),
    path("reports/", report_views.report_page, name="reports"),
    path(
        "reports/<slug:key>.<str:file_format>",
        report_views.report_download,
        name="report_download",
    ),
    path("plan/", plan_views.plan_current, name="plan_current"),
    path("plan/<int:year>/", plan_views.plan_detail, name="plan"),
    path("plan/<int:year>/plan.pdf", plan_views.plan_pdf, name="plan_pdf"),
    path("plan/<int:year>/plan-fakt.xlsx", plan_views.plan_xlsx, name="plan_xlsx"),
    path("plan/<int:year>/copy/", plan_views.plan_copy, name="plan_copy"),
    path("plan/<int:year>/approve/", plan_views.plan_approve, name="plan_approve"),
    path("plan/items/<int:pk>/", plan_views.plan_item, name="plan_item"),
    path("plan/evidence/<int:pk>/file/", plan_views.evidence_file, name="plan_evidence_file"),
]
