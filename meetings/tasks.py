from celery import shared_task

from . import services


@shared_task
def meeting_reminders_task():
    """Every ten minutes: reminders a day and an hour before each meeting."""
    return services.send_meeting_reminders()


@shared_task
def decision_reminders_task():
    """Daily: decisions due within three days, and missed ones."""
    return services.send_decision_reminders()
