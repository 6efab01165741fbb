from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Мониторинг"
    name = "monitoring"
