from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Партнёры"
    name = "partners"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import portal_access
        from .models import Contact

        def revoke_orphaned_account(sender, instance, **kwargs):
            portal_access.revoke_with_contact(instance)

        post_delete.connect(revoke_orphaned_account, sender=Contact, weak=False)
