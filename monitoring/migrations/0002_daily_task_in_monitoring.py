"""The daily reminders moved to monitoring/ (the digest carries the annual plan's items).

Beat installs a periodic task only when its row is missing, so a portal that already has the
``agreements-daily`` row would keep calling the old task path: point it at the new one.
"""

from django.db import migrations

OLD = "agreements.tasks.refresh_agreements_and_remind_task"
NEW = "monitoring.tasks.daily_reminders_task"


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name="agreements-daily", task=OLD).update(task=NEW)


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name="agreements-daily", task=NEW).update(task=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_annual_work_plan"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
