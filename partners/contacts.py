"""Rules for saving contacts and vacancies, in one place each.

Views and imports call these instead of ``instance.save()``, so a primary contact
or a closed vacancy behaves the same whichever screen it came from.
"""

from django.db import transaction
from django.utils import timezone

from . import portal_access
from .models import Contact, Partner, Vacancy


def save_contact(contact, by=None):
    """Save a contact; a contact saved as primary takes the flag from the partner's old one.

    A contact with a portal account carries its changes over to the account
    (``portal_access.sync_account``); a change the account cannot take raises a
    ValidationError for the form and saves nothing.
    """
    with transaction.atomic():
        if contact.is_primary:
            # Lock the partner row: two people making different contacts primary at the
            # same moment then queue up here instead of one of them failing on the
            # "contact_one_primary" constraint.
            Partner.objects.select_for_update().only("pk").get(pk=contact.partner_id)
            previous = Contact.objects.filter(partner_id=contact.partner_id, is_primary=True)
            if contact.pk:
                previous = previous.exclude(pk=contact.pk)
            for old in previous:
                # One by one rather than .update(), so the change history records it.
                old.is_primary = False
                old.save(update_fields=["is_primary"])
        contact.save()
        if contact.user_id:
            portal_access.sync_account(contact, by)
    return contact


def save_vacancy(vacancy):
    """Save a vacancy; closing it without a date closes it today, reopening clears the date."""
    if vacancy.status == Vacancy.Status.CLOSED and not vacancy.closed_on:
        # A vacancy opened in the future and closed now is closed on its opening day,
        # which keeps the "closed after opened" constraint true.
        vacancy.closed_on = max(timezone.localdate(), vacancy.opened_on)
    elif vacancy.status == Vacancy.Status.OPEN:
        vacancy.closed_on = None
    vacancy.save()
    return vacancy
