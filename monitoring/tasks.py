from celery import shared_task

from agreements import services as agreement_services

from . import reminders


@shared_task
def daily_reminders_task():
    """Daily: move agreements along the calendar, then queue every reminder due today, the
    digest carrying the annual plan's items too. Idempotent: each e-mail has a unique key."""
    moves = agreement_services.refresh_statuses()
    return {"status_changes": moves, "emails_queued": reminders.send()}
