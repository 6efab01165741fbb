from django.apps import AppConfig


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Практика"
    name = "practice"

    def ready(self):
        # Kept apart from practice/jobs.py (documents): the students import's job kinds.
        from . import import_jobs  # noqa: F401
