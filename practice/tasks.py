from celery import shared_task

from . import privacy


@shared_task
def anonymise_graduates_task():
    """Daily: anonymise graduates whose personal data is past the retention period."""
    return {"anonymised": privacy.anonymise_graduates()}
