"""Portal access issued by the college: invitations from the partner card, the main
representative's team page, and college staff managed by the deputy director."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.invitations import invitation_token
from accounts.models import OutgoingEmail, User
from accounts.roles import Role
from partners.models import Contact
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Novyi-parol-2026"


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _invitation_path(email):
    """The set-password link from the newest invitation to ``email``: a URL on its own line."""
    body = OutgoingEmail.objects.filter(to=email).order_by("-pk").first().body
    link = next(line for line in body.splitlines() if "/accounts/invite/" in line)
    assert link == link.strip() and link.startswith(settings.SITE_URL)
    return link.removeprefix(settings.SITE_URL)


def _set_password(client, path):
    return client.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )


def _login(client, username, password=NEW_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


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


def _grant(client, contact, **extra):
    return client.post(reverse("partners:contact_grant", args=[contact.pk]), **extra)


# Access from the partner card


def test_head_gives_access_and_the_employer_sets_a_password_and_is_logged_in(
    client, client_for, head, contact
):
    response = _grant(client_for(head), contact, follow=True)
    assert "Доступ выдан, приглашение отправлено на kim@skazka.test." in _messages(response)

    contact.refresh_from_db()
    user = contact.user
    assert (user.role, user.partner_id, user.email) == (
        Role.EMPLOYER,
        contact.partner_id,
        "kim@skazka.test",
    )
    assert (user.full_name, user.position) == ("Ким Виталий Олегович", "Шеф-повар")
    assert not user.has_usable_password()
    assert user.access_state == User.AccessState.INVITED
    email = OutgoingEmail.objects.get(to="kim@skazka.test")
    assert email.subject == "Доступ к порталу практики КИТЭК"
    assert "действует 7 дней" in email.body

    client.logout()
    path = _invitation_path("kim@skazka.test")
    page = client.get(path).content.decode()
    assert "Задайте пароль" in page and "kim@skazka.test" in page
    response = _set_password(client, path)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "ООО «Сказка»" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link is used up.
    assert "Ссылка недействительна" in client.get(path).content.decode()


def test_card_shows_each_contacts_access_state(client_for, head, employer_a):
    partner = employer_a.partner
    factories.ContactFactory(partner=partner, last_name="Безпочты")
    invited = factories.ContactFactory(partner=partner, last_name="Приглашённая", email="i@s.test")
    _grant(client_for(head), invited)
    factories.ContactFactory(partner=partner, last_name="Активная", user=employer_a)
    employer_a.last_login = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    employer_a.save()
    revoked_user = factories.EmployerFactory(partner=partner, is_active=False)
    factories.ContactFactory(partner=partner, last_name="Отозванная", user=revoked_user)

    page = client_for(head).get(reverse("partners:detail", args=[partner.pk])).content.decode()
    assert "для доступа к порталу нужен e-mail" in page
    invited_row = page.split("Приглашённая", 1)[1].split("contact-row", 1)[0]
    assert "ещё не принял" in invited_row
    assert "Отправить приглашение ещё раз" in invited_row
    active_row = page.split("Активная", 1)[1].split("contact-row", 1)[0]
    assert "активен" in active_row and "20.11.2026" in active_row
    assert "Отозвать доступ" in active_row
    revoked_row = page.split("Отозванная", 1)[1].split("contact-row", 1)[0]
    assert "доступ отозван" in revoked_row and "Вернуть доступ" in revoked_row
    assert page.count("Выдать доступ") == 0  # the only contact without access has no e-mail


def test_grant_over_htmx_returns_the_refreshed_row(client_for, head, contact):
    response = _grant(client_for(head), contact, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert f'id="contact-{contact.pk}"' in page
    assert "ещё не принял" in page and "Доступ выдан" in page
    assert "<html" not in page


def test_contact_without_email_is_told_an_email_is_needed(client_for, head, employer_a):
    contact = factories.ContactFactory(partner=employer_a.partner, email="")
    response = _grant(client_for(head), contact, follow=True)
    assert any("укажите e-mail контакта" in m for m in _messages(response))
    assert not User.objects.filter(contact=contact).exists()
    assert not OutgoingEmail.objects.exists()


def test_email_of_another_user_is_refused(client_for, head, teacher, employer_a):
    contact = factories.ContactFactory(partner=employer_a.partner, email=teacher.email.upper())
    response = _grant(client_for(head), contact, follow=True)
    assert any("уже использует другой пользователь портала" in m for m in _messages(response))
    contact.refresh_from_db()
    assert contact.user is None
    assert not OutgoingEmail.objects.exists()


def test_expired_link_is_refused_with_a_way_to_ask_again(
    client, client_for, head, contact, monkeypatch
):
    _grant(client_for(head), contact)
    client.logout()
    path = _invitation_path(contact.email)
    later = datetime.datetime.now() + datetime.timedelta(days=7, hours=1)
    monkeypatch.setattr(invitation_token, "_now", lambda: later)
    page = client.get(path).content.decode()
    assert "Ссылка недействительна" in page
    assert "Попросите колледж прислать приглашение ещё раз" in page
    response = _set_password(client, path)
    assert "_auth_user_id" not in client.session
    assert "Ссылка недействительна" in response.content.decode()


def test_link_still_works_on_the_sixth_day(client, client_for, head, contact, monkeypatch):
    _grant(client_for(head), contact)
    client.logout()
    path = _invitation_path(contact.email)
    later = datetime.datetime.now() + datetime.timedelta(days=6, hours=23)
    monkeypatch.setattr(invitation_token, "_now", lambda: later)
    assert "Задайте пароль" in client.get(path).content.decode()


def test_resend_makes_a_new_link_and_the_old_one_dies(client, client_for, head, contact):
    _grant(client_for(head), contact)
    old = _invitation_path(contact.email)
    response = client.post(reverse("partners:contact_resend", args=[contact.pk]), follow=True)
    assert any("Приглашение отправлено ещё раз" in m for m in _messages(response))
    assert OutgoingEmail.objects.filter(to=contact.email).count() == 2
    new = _invitation_path(contact.email)
    assert new != old
    client.logout()
    assert "Ссылка недействительна" in client.get(old).content.decode()
    assert _set_password(client, new).redirect_chain[-1][0] == reverse("dashboard")


def test_revoked_user_cannot_log_in_and_the_old_link_is_dead(client, client_for, head, contact):
    _grant(client_for(head), contact)
    path = _invitation_path(contact.email)
    client.logout()
    _set_password(client, path)  # accepted: the employer has a password
    client.logout()

    response = client_for(head).post(
        reverse("partners:contact_revoke", args=[contact.pk]), follow=True
    )
    assert any("Доступ отозван" in m for m in _messages(response))
    contact.refresh_from_db()
    assert not contact.user.is_active
    client.logout()

    response = _login(client, contact.email)
    assert response.status_code == 200
    assert "Доступ к порталу отозван колледжем" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A wrong password reveals nothing about the account.
    page = _login(client, contact.email, "wrong").content.decode()
    assert "Неверный логин (e-mail) или пароль" in page
    assert "отозван" not in page


def test_revoke_kills_an_unaccepted_invitation_and_restore_sends_a_new_one(
    client, client_for, head, contact
):
    staff = client_for(head)
    _grant(staff, contact)
    old = _invitation_path(contact.email)
    staff.post(reverse("partners:contact_revoke", args=[contact.pk]))
    staff.post(reverse("partners:contact_restore", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.user.is_active
    new = _invitation_path(contact.email)
    client.logout()
    assert "Ссылка недействительна" in client.get(old).content.decode()
    assert _set_password(client, new).redirect_chain[-1][0] == reverse("dashboard")


def test_revoked_user_loses_an_open_session(client, client_for, head, employer_a):
    contact = factories.ContactFactory(partner=employer_a.partner, user=employer_a)
    client_for(head).post(reverse("partners:contact_revoke", args=[contact.pk]))
    client.force_login(employer_a)  # a session opened before the revoke
    User.objects.filter(pk=employer_a.pk).update(is_active=False)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["teacher", "employer_a"])
def test_teacher_or_ordinary_employer_cannot_issue_access(request, client_for, persona, contact):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for name in ("contact_grant", "contact_main_representative"):
        assert client.post(reverse(f"partners:{name}", args=[contact.pk])).status_code == 403
    assert not OutgoingEmail.objects.exists()
    page = client.get(reverse("partners:detail", args=[contact.partner_id])).content.decode()
    assert "Выдать доступ" not in page


def test_head_marks_the_main_representative(client_for, head, contact):
    client = client_for(head)
    _grant(client, contact)
    client.post(reverse("partners:contact_main_representative", args=[contact.pk]), {"value": "1"})
    contact.refresh_from_db()
    assert contact.user.is_main_representative
    page = client.get(reverse("partners:detail", args=[contact.partner_id])).content.decode()
    assert "главный представитель" in page


def test_partner_card_runs_constant_queries(
    client_for, head, employer_a, django_assert_max_num_queries
):
    partner = employer_a.partner
    for n in range(6):
        user = factories.EmployerFactory(partner=partner)
        factories.ContactFactory(partner=partner, email=f"c{n}@s.test", user=user)
    factories.ContactFactory.create_batch(3, partner=partner, email="")
    client = client_for(head)
    url = reverse("partners:detail", args=[partner.pk])
    client.get(url)
    # Session, user; the partner and its sectors, specialties, cooperation forms (4);
    # contacts with their accounts in one join; vacancies; participation and interaction
    # counts; three change-history tables; agreements, meetings, recommendations,
    # participations, graduates; the portal access record: 20 however many contacts have
    # accounts.
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert page.count("Отозвать доступ") == 6


# The main representative invites colleagues


@pytest.fixture
def main_rep(employer_a):
    employer_a.is_main_representative = True
    employer_a.save()
    return employer_a


COLLEAGUE = {
    "last_name": "Петрова",
    "first_name": "Алёна",
    "middle_name": "",
    "position": "Администратор зала",
    "phone": "",
    "email": "petrova@skazka.test",
    "messenger": "",
    "preferred_channel": "email",
}


def test_main_representative_invites_a_colleague(client, client_for, main_rep, employer_b):
    other_partner_contact = factories.ContactFactory(partner=employer_b.partner, last_name="Чужой")
    staff = client_for(main_rep)
    page = staff.get(reverse("partners:team")).content.decode()
    assert "Сотрудники организации" in page
    assert other_partner_contact.last_name not in page
    nav = staff.get(reverse("dashboard")).content.decode()
    assert reverse("partners:team") in nav

    response = staff.post(reverse("partners:team_add"), COLLEAGUE, follow=True)
    assert response.redirect_chain[-1][0] == reverse("partners:team")
    assert any("приглашение отправлено на petrova@skazka.test" in m for m in _messages(response))
    colleague = Contact.objects.get(email="petrova@skazka.test")
    assert colleague.partner_id == main_rep.partner_id
    assert colleague.user.partner_id == main_rep.partner_id
    assert "Петрова Алёна" in response.content.decode()

    client.logout()
    response = _set_password(client, _invitation_path("petrova@skazka.test"))
    assert client.session["_auth_user_id"] == str(colleague.user_id)


def test_team_form_needs_an_email_and_keeps_the_input(client_for, main_rep):
    data = {**COLLEAGUE, "email": "", "preferred_channel": "phone", "phone": "+7 900 000-00-00"}
    response = client_for(main_rep).post(reverse("partners:team_add"), data)
    page = response.content.decode()
    assert "Укажите e-mail: на него придёт приглашение" in page
    assert 'value="Петрова"' in page
    assert not Contact.objects.filter(last_name="Петрова").exists()


@pytest.mark.parametrize("race", [False, True])
def test_team_form_refuses_an_email_of_another_user(
    client_for, main_rep, teacher, monkeypatch, race
):
    if race:  # the address was taken between the check and the insert
        monkeypatch.setattr("partners.portal_access.email_taken", lambda *args, **kw: False)
    data = {**COLLEAGUE, "email": teacher.email.upper()}
    response = client_for(main_rep).post(reverse("partners:team_add"), data)
    page = response.content.decode()
    assert f"E-mail {teacher.email.upper()} уже использует другой пользователь портала" in page
    assert 'value="Петрова"' in page
    assert not Contact.objects.filter(last_name="Петрова").exists()
    assert not OutgoingEmail.objects.exists()


def test_main_representative_resends_and_revokes_a_colleague_but_not_themselves(
    client_for, main_rep
):
    own = factories.ContactFactory(partner=main_rep.partner, user=main_rep, email=main_rep.email)
    colleague = factories.ContactFactory(partner=main_rep.partner, email="c@skazka.test")
    client = client_for(main_rep)
    client.post(reverse("partners:contact_grant", args=[colleague.pk]))
    client.post(reverse("partners:contact_resend", args=[colleague.pk]))
    assert OutgoingEmail.objects.filter(to="c@skazka.test").count() == 2
    client.post(reverse("partners:contact_revoke", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert not colleague.user.is_active

    response = client.post(reverse("partners:contact_revoke", args=[own.pk]), follow=True)
    assert any("Свой собственный доступ отозвать нельзя" in m for m in _messages(response))
    main_rep.refresh_from_db()
    assert main_rep.is_active
    page = client.get(reverse("partners:team")).content.decode()
    own_row = page.split(f'id="contact-{own.pk}"', 1)[1].split("contact-row", 1)[0]
    assert "Отозвать доступ" not in own_row
    # Only the college marks the main representative.
    url = reverse("partners:contact_main_representative", args=[colleague.pk])
    assert client.post(url, {"value": "1"}).status_code == 403


def test_what_the_college_revoked_only_the_college_gives_back(client_for, main_rep, head):
    colleague = factories.ContactFactory(partner=main_rep.partner, email="c@skazka.test")
    rep = client_for(main_rep)
    rep.post(reverse("partners:contact_grant", args=[colleague.pk]))
    # Revoked by the organisation itself: its main representative may restore it.
    rep.post(reverse("partners:contact_revoke", args=[colleague.pk]))
    rep.post(reverse("partners:contact_restore", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert colleague.user.is_active

    # Revoked by the college: the main representative is refused, the college may.
    college = client_for(head)
    college.post(reverse("partners:contact_revoke", args=[colleague.pk]))
    rep = client_for(main_rep)
    response = rep.post(reverse("partners:contact_restore", args=[colleague.pk]), follow=True)
    assert any("вернуть его может только колледж" in m for m in _messages(response))
    colleague.user.refresh_from_db()
    assert not colleague.user.is_active
    client_for(head).post(reverse("partners:contact_restore", args=[colleague.pk]))
    colleague.user.refresh_from_db()
    assert colleague.user.is_active


def test_ordinary_employer_gets_404_on_the_team_pages(client_for, employer_a):
    client = client_for(employer_a)
    for name in ("partners:team", "partners:team_add"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("partners:team_add"), COLLEAGUE).status_code == 404
    assert not Contact.objects.filter(email=COLLEAGUE["email"]).exists()


def test_another_employer_gets_404_on_every_access_url(client_for, head, main_rep, employer_b):
    contact = factories.ContactFactory(partner=main_rep.partner, email="x@skazka.test")
    # follow: the head's message is shown now, not on the outsider's page later.
    client_for(head).post(reverse("partners:contact_grant", args=[contact.pk]), follow=True)
    other_main = factories.EmployerFactory(partner=employer_b.partner, is_main_representative=True)
    for outsider in (employer_b, other_main):
        client = client_for(outsider)
        for name in (
            "contact_grant",
            "contact_resend",
            "contact_revoke",
            "contact_restore",
            "contact_main_representative",
        ):
            response = client.post(reverse(f"partners:{name}", args=[contact.pk]))
            assert response.status_code == 404, (outsider, name)
    contact.refresh_from_db()
    assert contact.user.is_active
    assert OutgoingEmail.objects.filter(to="x@skazka.test").count() == 1
    # The other main representative's team page shows only their own organisation.
    page = client_for(other_main).get(reverse("partners:team")).content.decode()
    assert "x@skazka.test" not in page


# College staff, managed by the deputy director


def _staff_data(**overrides):
    return {
        "last_name": "Орлова",
        "first_name": "Наталья",
        "middle_name": "Викторовна",
        "email": "orlova@kitek.test",
        "phone": "",
        "position": "Заведующий отделением",
        "role": Role.PRACTICE_HEAD,
        **overrides,
    }


def test_deputy_creates_a_practice_head_with_specialties(client, client_for, deputy):
    cooking = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    factories.SpecialtyFactory(code="26.02.03", name="Судовождение")
    data = _staff_data(specialties=[cooking.pk, hotel.pk])
    response = client_for(deputy).post(reverse("staff_create"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff_list")
    head = User.objects.get(email="orlova@kitek.test")
    assert head.role == Role.PRACTICE_HEAD and head.partner is None
    assert set(head.specialties.all()) == {cooking, hotel}
    assert not head.has_usable_password()
    assert "Орлова Наталья Викторовна" in response.content.decode()

    client.logout()
    response = _set_password(client, _invitation_path("orlova@kitek.test"))
    page = response.content.decode()
    assert "Гостиничное дело" in page and "Судовождение" not in page  # their dashboard


def test_staff_form_refuses_a_used_email_and_keeps_the_input(client_for, deputy, teacher):
    response = client_for(deputy).post(reverse("staff_create"), _staff_data(email=teacher.email))
    page = response.content.decode()
    assert "Этот e-mail уже использует другой пользователь портала." in page
    assert 'value="Орлова"' in page
    assert not User.objects.filter(last_name="Орлова").exists()


def test_staff_email_taken_at_the_same_moment_is_a_message(client_for, deputy, monkeypatch):
    def taken_meanwhile(email):  # another request adds the same address after the form's check
        factories.UserFactory(username="other", email=email.upper())
        return email

    monkeypatch.setattr("accounts.staff_views.free_username", taken_meanwhile)
    response = client_for(deputy).post(reverse("staff_create"), _staff_data())
    page = response.content.decode()
    assert "Этот e-mail уже использует другой пользователь портала." in page
    assert 'value="Орлова"' in page
    assert not User.objects.filter(last_name="Орлова").exists()
    assert not OutgoingEmail.objects.exists()


def test_deputy_edits_a_teacher_into_a_practice_head(client_for, deputy, teacher):
    specialty = factories.SpecialtyFactory()
    data = _staff_data(email=teacher.email, specialties=[specialty.pk])
    client_for(deputy).post(reverse("staff_edit", args=[teacher.pk]), data)
    teacher.refresh_from_db()
    assert teacher.role == Role.PRACTICE_HEAD
    assert list(teacher.specialties.all()) == [specialty]


def test_deputy_deactivates_and_reactivates_a_teacher(client, client_for, deputy, teacher):
    staff = client_for(deputy)
    staff.post(reverse("staff_deactivate", args=[teacher.pk]))
    client.logout()
    response = _login(client, teacher.username, factories.PASSWORD)
    assert "Доступ к порталу отозван колледжем" in response.content.decode()

    client_for(deputy).post(reverse("staff_activate", args=[teacher.pk]))
    client.logout()
    assert _login(client, teacher.username, factories.PASSWORD).status_code == 302
    assert not OutgoingEmail.objects.exists()  # the teacher has a password: no invitation


def test_a_teacher_without_email_or_password_is_not_reactivated(client_for, deputy):
    teacher = factories.UserFactory(email="", is_active=False)
    teacher.set_unusable_password()
    teacher.save()
    response = client_for(deputy).post(reverse("staff_activate", args=[teacher.pk]), follow=True)
    assert response.status_code == 200
    assert "Для приглашения нужен e-mail." in _messages(response)
    teacher.refresh_from_db()
    assert not teacher.is_active


def test_deputy_and_employer_rows_are_not_editable_here(client_for, deputy):
    other_deputy = factories.DeputyFactory()
    client = client_for(deputy)
    assert client.get(reverse("staff_edit", args=[other_deputy.pk])).status_code == 404
    assert client.post(reverse("staff_deactivate", args=[other_deputy.pk])).status_code == 404
    employer = factories.EmployerFactory()
    assert client.get(reverse("staff_edit", args=[employer.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["head", "teacher", "employer_a"])
def test_only_the_deputy_and_admins_manage_staff(request, client_for, persona, teacher):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        reverse("staff_list"),
        reverse("staff_create"),
        reverse("staff_edit", args=[teacher.pk]),
    ):
        assert client.get(url).status_code == 403, url
    for name in ("staff_deactivate", "staff_activate", "staff_resend"):
        assert client.post(reverse(name, args=[teacher.pk])).status_code == 403, name
    assert client.post(reverse("staff_create"), _staff_data()).status_code == 403
    assert not User.objects.filter(email="orlova@kitek.test").exists()


def test_admin_opens_the_staff_page(client_for):
    page = client_for(factories.AdminFactory()).get(reverse("staff_list")).content.decode()
    assert "Сотрудники колледжа" in page


def test_staff_list_filters_by_role_and_search(client_for, deputy, head, teacher):
    factories.TeacherFactory(last_name="Зайцев", email="zaitsev@kitek.test")
    client = client_for(deputy)
    page = client.get(reverse("staff_list"), {"role": "head"}).content.decode()
    assert "Белова" in page and "Савельева" not in page
    page = client.get(reverse("staff_list"), {"q": "зайц"}).content.decode()
    assert "Зайцев" in page and "Белова" not in page
    employer = factories.EmployerFactory(last_name="Работодателев")
    page = client.get(reverse("staff_list")).content.decode()
    assert employer.last_name not in page


def test_staff_list_runs_constant_queries(client_for, deputy, django_assert_max_num_queries):
    specialties = factories.SpecialtyFactory.create_batch(3)
    for _ in range(30):
        factories.PracticeHeadFactory().specialties.set(specialties)
    client = client_for(deputy)
    client.get(reverse("staff_list"))
    # Session, user, the count, one page of users, their specialties.
    with django_assert_max_num_queries(5):
        page = client.get(reverse("staff_list")).content.decode()
    assert "Страница 1 из 2" in page


def test_no_invitation_for_a_user_who_has_a_password(client_for, head, employer_a):
    contact = factories.ContactFactory(partner=employer_a.partner, user=employer_a)
    response = client_for(head).post(
        reverse("partners:contact_resend", args=[contact.pk]), follow=True
    )
    assert any("Пароль уже задан" in m for m in _messages(response))
    assert not OutgoingEmail.objects.exists()


def test_resend_goes_to_the_corrected_contact_email(client, client_for, head, contact):
    staff = client_for(head)
    _grant(staff, contact)
    Contact.objects.filter(pk=contact.pk).update(email="kim.v@skazka.test")  # a typo fixed
    response = staff.post(reverse("partners:contact_resend", args=[contact.pk]), follow=True)
    assert any("ещё раз на kim.v@skazka.test." in m for m in _messages(response))
    contact.refresh_from_db()
    assert contact.user.email == "kim.v@skazka.test"
    client.logout()
    _set_password(client, _invitation_path("kim.v@skazka.test"))
    client.logout()
    assert _login(client, "kim.v@skazka.test").status_code == 302


def test_a_changed_staff_email_moves_the_login_and_frees_the_old_address(
    client, client_for, deputy
):
    client_for(deputy).post(reverse("staff_create"), _staff_data())
    orlova = User.objects.get(email="orlova@kitek.test")
    client.logout()
    _set_password(client, _invitation_path("orlova@kitek.test"))

    data = _staff_data(email="orlova.n@kitek.test")
    client_for(deputy).post(reverse("staff_edit", args=[orlova.pk]), data)
    client.logout()
    assert _login(client, "orlova.n@kitek.test").status_code == 302
    assert orlova.access_events.filter(note="orlova@kitek.test → orlova.n@kitek.test").exists()

    # The old address goes to a new teacher, who logs in with it.
    data = _staff_data(last_name="Белова", role=Role.TEACHER)
    client_for(deputy).post(reverse("staff_create"), data)
    client.logout()
    _set_password(client, _invitation_path("orlova@kitek.test"))
    client.logout()
    assert _login(client, "orlova@kitek.test").status_code == 302
    assert client.get(reverse("dashboard")).wsgi_request.user.last_name == "Белова"


def test_a_refused_resend_does_not_take_over_the_corrected_email(client_for, head, contact):
    staff = client_for(head)
    _grant(staff, contact)
    staff.post(reverse("partners:contact_revoke", args=[contact.pk]))
    Contact.objects.filter(pk=contact.pk).update(email="kim.v@skazka.test")
    response = staff.post(reverse("partners:contact_resend", args=[contact.pk]), follow=True)
    assert any("сначала верните доступ" in m for m in _messages(response))
    account = Contact.objects.get(pk=contact.pk).user
    assert account.email == "kim@skazka.test"
    assert not account.access_events.filter(action="email_changed").exists()
