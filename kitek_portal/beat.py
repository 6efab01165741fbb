"""Beat's scheduler: django-celery-beat's database scheduler that installs the portal's
periodic tasks (``kitek_portal.periodic``) on start without overwriting administrators' edits.

``make run`` (``celery worker --beat``) and the ``kitek-beat`` systemd unit (``celery beat``)
both use it through ``CELERY_BEAT_SCHEDULER``.
"""

import logging

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry

from .periodic import PERIODIC_TASKS

logger = logging.getLogger(__name__)


def install_periodic_tasks(app=None):
    """Create the periodic tasks the database lacks; return their names.

    Existing rows are never touched: their schedule and switch belong to administrators.
    """
    existing = set(
        PeriodicTask.objects.filter(name__in=PERIODIC_TASKS).values_list("name", flat=True)
    )
    created = []
    for name, fields in PERIODIC_TASKS.items():
        if name not in existing:
            ModelEntry.from_entry(name, app=app, **fields)
            created.append(name)
    if created:
        logger.info("Periodic tasks installed: %s", ", ".join(created))
    return created


class Scheduler(DatabaseScheduler):
    def setup_schedule(self):
        install_periodic_tasks(self.app)
        super().setup_schedule()
