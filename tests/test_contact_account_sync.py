"""A contact and its portal account stay in step, and every change of portal access is
on record (who, when, whom) on the partner card."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AccessEvent, OutgoingEmail, User
from partners import portal_access
from partners.contacts import save_contact
from partners.models import Contact
from tests import factories

pytestmark = pytest.mark.django_db

Action = AccessEvent.Action


@pytest.fixture
def contact(employer_a):
    return factories.ContactFactory(
        partner=employer_a.partner,
        last_name="Ким",
        first_name="Виталий",
        middle_name="Олегович",
        position="Шеф-повар",
        email="kim@skazka.test",
    )


@pytest.fixture
def invited(contact, head):
    """Ким has been given access and has not accepted the invitation yet."""
    portal_access.grant_access(contact, head)
    contact.refresh_from_db()
    return contact


@pytest.fixture
def active(invited):
    """Ким has accepted the invitation: the password is set."""
    invited.user.set_password("Novyi-parol-2026")
    invited.user.save()
    return invited


def _form(contact, **changes):
    data = {
        "last_name": contact.last_name,
        "first_name": contact.first_name,
        "middle_name": contact.middle_name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
        "messenger": "",
        "preferred_channel": "phone",
    }
    data.update(changes)
    return data


def _edit(client, contact, **changes):
    return client.post(
        reverse("partners:contact_edit", args=[contact.pk]), _form(contact, **changes)
    )


# Editing a contact edits its account


def test_editing_a_contact_updates_the_names_phone_and_position_of_its_account(
    client_for, head, active
):
    response = _edit(
        client_for(head),
        active,
        last_name="Кимова",
        first_name="Виталия",
        position="Су-шеф",
        phone="+7 913 000-00-01",
    )

    assert response.status_code == 302
    user = User.objects.get(pk=active.user_id)
    assert (user.last_name, user.first_name, user.middle_name) == ("Кимова", "Виталия", "Олегович")
    assert (user.position, user.phone) == ("Су-шеф", "+7 913 000-00-01")


def test_a_new_email_before_the_invitation_is_accepted_moves_the_login_and_the_invitation(
    client_for, head, invited
):
    _edit(client_for(head), invited, email="vitaly.kim@skazka.test")

    user = User.objects.get(pk=invited.user_id)
    assert user.email == "vitaly.kim@skazka.test"
    assert user.username == "vitaly.kim@skazka.test"
    # A fresh invitation goes to the new address (the old link died with the old address).
    assert OutgoingEmail.objects.filter(to="vitaly.kim@skazka.test").count() == 1
    actions = list(AccessEvent.objects.filter(user=user).values_list("action", flat=True))
    assert actions[:2] == [Action.RESENT, Action.EMAIL_CHANGED]


def test_the_college_changes_the_email_of_an_active_account_in_both_places(
    client_for, head, active
):
    response = _edit(client_for(head), active, email="vitaly.kim@skazka.test")

    assert response.status_code == 302
    user = User.objects.get(pk=active.user_id)
    assert user.email == "vitaly.kim@skazka.test"
    assert user.check_password("Novyi-parol-2026")  # the password stays; no new invitation
    assert not OutgoingEmail.objects.filter(to="vitaly.kim@skazka.test").exists()
    event = AccessEvent.objects.get(user=user, action=Action.EMAIL_CHANGED)
    assert event.actor == head
    assert event.note == "kim@skazka.test → vitaly.kim@skazka.test"


def test_a_colleague_cannot_change_the_login_email_of_an_active_account(
    client_for, employer_a, active
):
    response = _edit(client_for(employer_a), active, email="mine@skazka.test", position="Повар")

    assert response.status_code == 200
    form = response.context["form"]
    assert "логин Ким Виталий Олегович на портале" in form.errors["email"][0]
    assert form.data["email"] == "mine@skazka.test"  # the input is kept
    active.refresh_from_db()
    assert active.email == "kim@skazka.test" and active.position == "Шеф-повар"  # nothing saved
    assert User.objects.get(pk=active.user_id).email == "kim@skazka.test"


def test_an_ordinary_colleague_cannot_redirect_an_open_invitation(client_for, employer_a, invited):
    response = _edit(client_for(employer_a), invited, email="mine@skazka.test")

    assert response.status_code == 200
    assert "Адрес приглашения меняет" in response.context["form"].errors["email"][0]
    assert User.objects.get(pk=invited.user_id).email == "kim@skazka.test"
    assert not OutgoingEmail.objects.filter(to="mine@skazka.test").exists()


def test_the_main_representative_redirects_an_open_invitation(client_for, employer_a, invited):
    User.objects.filter(pk=employer_a.pk).update(is_main_representative=True)
    employer_a.refresh_from_db()
    assert _edit(client_for(employer_a), invited, email="vitaly@skazka.test").status_code == 302
    assert OutgoingEmail.objects.filter(to="vitaly@skazka.test").count() == 1


def test_the_account_owner_changes_their_own_login_email(client, active):
    client.force_login(active.user)

    _edit(client, active, email="vitaly.kim@skazka.test")

    assert User.objects.get(pk=active.user_id).email == "vitaly.kim@skazka.test"


def test_an_email_taken_by_another_user_is_refused_on_the_form(client_for, head, active, deputy):
    response = _edit(client_for(head), active, email=deputy.email.upper())

    assert response.status_code == 200
    assert "уже использует другой пользователь" in response.context["form"].errors["email"][0]
    assert Contact.objects.get(pk=active.pk).email == "kim@skazka.test"


def test_the_email_of_a_contact_with_an_account_cannot_be_emptied(head, active):
    active.email = ""

    with pytest.raises(ValidationError) as error:
        save_contact(active, head)

    assert "удалить адрес нельзя" in error.value.message_dict["email"][0]
    assert Contact.objects.get(pk=active.pk).email == "kim@skazka.test"


def test_a_contact_without_an_account_is_saved_as_before(head, contact):
    contact.position = "Директор"
    save_contact(contact, head)

    assert Contact.objects.get(pk=contact.pk).position == "Директор"
    assert not AccessEvent.objects.exists()


# Deleting a contact revokes its account


def test_deleting_a_contact_revokes_its_account_and_keeps_it(client_for, head, active):
    user_pk = active.user_id
    response = client_for(head).post(reverse("partners:contact_delete", args=[active.pk]))

    assert response.status_code == 302
    assert not Contact.objects.filter(pk=active.pk).exists()
    user = User.objects.get(pk=user_pk)
    assert not user.is_active
    event = AccessEvent.objects.get(user=user, action=Action.REVOKED)
    assert (event.actor, event.note, event.partner_id) == (
        head,
        "контакт удалён",
        active.partner_id,
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Доступ к порталу отозван" in m for m in messages)

    # A revoked user cannot log in.
    client = client_for(head)
    client.logout()
    login = client.post(
        reverse("login"), {"username": "kim@skazka.test", "password": "Novyi-parol-2026"}
    )
    assert login.status_code == 200  # the login form again, not a redirect
    assert "_auth_user_id" not in client.session


def test_an_employer_cannot_delete_their_own_contact_and_lock_themself_out(client):
    contact = factories.ContactFactory(email="self@skazka.test")
    user = portal_access.grant_access(contact, None)
    user.set_password("Novyi-parol-2026")
    user.save()
    client.force_login(user)

    client.post(reverse("partners:contact_delete", args=[contact.pk]))

    assert Contact.objects.filter(pk=contact.pk).exists()
    assert User.objects.get(pk=user.pk).is_active


def test_employer_of_another_partner_cannot_edit_or_delete_a_contact(
    client_for, employer_b, active
):
    client = client_for(employer_b)

    assert _edit(client, active, position="Повар").status_code == 404
    url = reverse("partners:contact_delete", args=[active.pk])
    assert client.post(url).status_code == 404
    assert User.objects.get(pk=active.user_id).is_active


# Every access change is on record and shown on the partner card


def test_grant_resend_revoke_restore_and_main_mark_are_recorded(head, deputy, invited):
    portal_access.resend_invitation(invited, deputy)
    portal_access.set_main_representative(invited, True, head)
    portal_access.set_main_representative(invited, False, head)
    portal_access.revoke(invited, deputy)
    portal_access.restore(invited, head)

    events = AccessEvent.objects.filter(user=invited.user).order_by("created_at", "pk")
    assert [(e.action, e.actor) for e in events] == [
        (Action.GRANTED, head),
        (Action.RESENT, deputy),
        (Action.MAIN_SET, head),
        (Action.MAIN_UNSET, head),
        (Action.REVOKED, deputy),
        (Action.RESTORED, head),
    ]
    assert {e.partner_id for e in events} == {invited.partner_id}


def test_the_access_buttons_on_the_card_leave_a_record(client_for, head, contact):
    client = client_for(head)

    client.post(reverse("partners:contact_grant", args=[contact.pk]))
    client.post(reverse("partners:contact_main_representative", args=[contact.pk]), {"value": "1"})
    client.post(reverse("partners:contact_revoke", args=[contact.pk]))

    actions = AccessEvent.objects.filter(actor=head).values_list("action", flat=True)
    assert sorted(actions) == sorted([Action.GRANTED, Action.MAIN_SET, Action.REVOKED])


def test_the_partner_card_shows_the_access_record_to_staff_only(
    client_for, head, teacher, employer_a, invited
):
    portal_access.revoke(invited, head)

    page = client_for(teacher).get(invited.partner.get_absolute_url()).content.decode()
    assert "Доступ к порталу: кто, когда, кому" in page
    assert "выдан доступ, отправлено приглашение: <b>Ким Виталий Олегович</b>" in page
    assert "доступ отозван: <b>Ким Виталий Олегович</b>" in page
    assert "Белова И." in page

    page = client_for(employer_a).get(invited.partner.get_absolute_url()).content.decode()
    assert "Доступ к порталу: кто, когда, кому" not in page
    assert not AccessEvent.objects.for_user(employer_a).exists()


def test_another_partners_access_record_is_not_on_this_card(client_for, head, invited):
    other = factories.ContactFactory(last_name="Чужой", email="other@gloria.test")
    portal_access.grant_access(other, head)

    page = client_for(head).get(invited.partner.get_absolute_url()).content.decode()

    assert "Чужой" not in page


def test_the_deputys_changes_to_staff_accounts_are_on_record_too(client_for, deputy, teacher):
    client = client_for(deputy)

    client.post(reverse("staff_deactivate", args=[teacher.pk]))
    client.post(reverse("staff_activate", args=[teacher.pk]))

    events = AccessEvent.objects.filter(user=teacher).order_by("created_at", "pk")
    assert [(e.action, e.actor, e.partner) for e in events] == [
        (Action.REVOKED, deputy, None),
        (Action.RESTORED, deputy, None),
    ]


def test_a_contact_deleted_outside_the_card_still_takes_its_login_with_it(active):
    user_pk = active.user_id

    Contact.objects.filter(pk=active.pk).delete()  # as the admin does

    assert not User.objects.get(pk=user_pk).is_active
    assert AccessEvent.objects.get(user_id=user_pk, action=Action.REVOKED).actor is None


def test_the_contact_form_says_what_happens_to_the_account(client_for, head, invited, contact):
    client = client_for(head)
    url = reverse("partners:contact_edit", args=[invited.pk])

    page = client.get(url).content.decode()
    assert "имя, телефон, должность и e-mail изменятся и в ней" in page
    assert "новое приглашение уйдёт на новый адрес" in page

    portal_access.revoke(invited, head)
    assert "Доступ сейчас отозван" in client.get(url).content.decode()

    other = factories.ContactFactory(partner=invited.partner, last_name="Без", email="b@s.test")
    page = client.get(reverse("partners:contact_edit", args=[other.pk])).content.decode()
    assert "учётная запись портала" not in page
