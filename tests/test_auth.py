import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OutgoingEmail
from accounts.tasks import deliver_pending_email_task
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.DeputyFactory,
        factories.PracticeHeadFactory,
        factories.TeacherFactory,
        factories.EmployerFactory,
        factories.AdminFactory,
    ],
)
def test_each_role_logs_in_and_reaches_its_dashboard(client, factory):
    user = factory()
    response = client.post(
        reverse("login"), {"username": user.username, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.status_code == 200
    assert user.get_role_display() in response.content.decode()


def test_login_by_email_in_any_case(client):
    user = factories.PracticeHeadFactory(email="Belova@Kitek.test")
    response = client.post(
        reverse("login"), {"username": "belova@kitek.test", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_russian_error_and_keeps_login(client):
    factories.PracticeHeadFactory(username="belova")
    response = client.post(reverse("login"), {"username": "belova", "password": "wrong"})
    page = response.content.decode()
    assert "Неверный логин (e-mail) или пароль" in page
    assert 'value="belova"' in page


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_employer_gets_403_on_staff_pages(client_for, employer_a):
    group = factories.StudentGroupFactory()
    client = client_for(employer_a)
    for url in (reverse("practice:group_list"), reverse("practice:group_detail", args=[group.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Доступ запрещён" in response.content.decode()


def test_employer_dashboard_shows_own_organisation_only(client_for, employer_a, employer_b):
    page = client_for(employer_a).get(reverse("dashboard")).content.decode()
    assert "ООО «Сказка»" in page
    assert "ООО «Глория»" not in page


def test_practice_head_dashboard_lists_their_specialties(client_for, head):
    mine = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    factories.SpecialtyFactory(code="26.02.03", name="Судовождение")
    head.specialties.add(mine)
    factories.StudentFactory.create_batch(3, group__specialty=mine)
    page = client_for(head).get(reverse("dashboard")).content.decode()
    assert "Гостиничное дело" in page
    assert "Судовождение" not in page


def test_password_change(client_for, teacher):
    client = client_for(teacher)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Novyi-parol-2026",
            "new_password2": "Novyi-parol-2026",
        },
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Novyi-parol-2026")


def test_password_reset_mail_goes_through_outbox_and_link_works(client, teacher):
    response = client.post(reverse("password_reset"), {"email": teacher.email})
    assert response.status_code == 302
    queued = OutgoingEmail.objects.get(to=teacher.email)
    assert queued.subject == "Смена пароля на портале практики КИТЭК"

    deliver_pending_email_task()  # what beat runs every minute

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    form_page = client.get(path, follow=True)
    assert "Новый пароль" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Sovsem-novyi-2026", "new_password2": "Sovsem-novyi-2026"},
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Sovsem-novyi-2026")


def test_password_reset_for_unknown_email_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert "Проверьте почту" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_logout_needs_post_and_ends_session(client_for, head):
    client = client_for(head)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_admin_site_works_for_administrators(client_for):
    admin = factories.AdminFactory()
    response = client_for(admin).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
