from celery import shared_task

from . import mail


@shared_task
def deliver_email_task(email_id):
    return mail.deliver(email_id)


@shared_task
def deliver_pending_email_task():
    return mail.deliver_pending()
