"""Rules for saving contacts and vacancies, in one place each."""

from django.db import transaction
from django.utils import timezone

from .models import Contact, Vacancy


def save_contact(contact):
    """Save a contact; a new primary contact takes the flag from the previous one."""
    with transaction.atomic():
        if contact.is_primary:
            Contact.objects.filter(partner=contact.partner_id, is_primary=True).exclude(
                pk=contact.pk
            ).update(is_primary=False)
        contact.save()
    return contact


def save_vacancy(vacancy):
    """Save a vacancy; closing it without a date closes it today, reopening clears the date."""
    if vacancy.status == Vacancy.Status.CLOSED and not vacancy.closed_on:
        vacancy.closed_on = max(timezone.localdate(), vacancy.opened_on)
    elif vacancy.status == Vacancy.Status.OPEN:
        vacancy.closed_on = None
    vacancy.save()
    return vacancy
