from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Пользователи и роли"
    name = "accounts"
