from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Пользователи и роли"
    name = "accounts"

    def ready(self):
        from kitek_portal.collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="russian_collation")
