from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Фоновые задания"

    def ready(self):
        # Each app registers its job kinds in its own jobs.py, as admin.py registers models.
        autodiscover_modules("jobs")
