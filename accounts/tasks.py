from celery import shared_task

from . import mail


@shared_task
def deliver_email_task(email_id):
    return mail.deliver(email_id)


@shared_task
def deliver_emails_task(email_ids):
    """Deliver a batch queued together (``mail.queue_many``)."""
    return sum(mail.deliver(email_id) for email_id in email_ids)


@shared_task
def deliver_pending_email_task():
    return mail.deliver_pending()
