from celery import shared_task

from . import reminders, services


@shared_task
def refresh_agreements_and_remind_task():
    """Daily: move agreements along the calendar, then queue what is due."""
    moves = services.refresh_statuses()
    return {"status_changes": moves, "emails_queued": reminders.send()}
