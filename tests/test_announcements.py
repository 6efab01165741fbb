"""Announcements to partners: staff publish, the audience's employers see and are notified."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import mail as outbox
from accounts.models import OutgoingEmail
from announcements import services
from announcements.models import Announcement, SpecialtyChat
from partners.models import Sector
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel():
    return factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")


@pytest.fixture
def food():
    return Sector.objects.get_or_create(name="Общественное питание")[0]


@pytest.fixture
def hotel_partner(employer_a, hotel):
    employer_a.partner.specialties.add(hotel)
    return employer_a.partner


def announcement(**kwargs):
    kwargs.setdefault("title", "Круглый стол с работодателями")
    kwargs.setdefault("text", "Приглашаем на круглый стол.")
    return Announcement.objects.create(**kwargs)


def published(**kwargs):
    item = announcement(**kwargs)
    services.publish(item)
    item.refresh_from_db()
    return item


# --- writing and publishing ----------------------------------------------------------------------


def test_head_writes_publishes_and_the_audience_is_notified_once(
    client_for, head, hotel, hotel_partner, employer_a, employer_b
):
    client = client_for(head)
    response = client.post(
        "/announcements/new/",
        {
            "kind": "event",
            "title": "Круглый стол «Наставничество»",
            "text": "Обсудим наставничество.",
            "event_at": "2026-12-16T15:00",
            "place": "КИТЭК, актовый зал",
            "audience": "specialty",
            "specialty": hotel.pk,
        },
    )
    item = Announcement.objects.get()
    assert response.url == f"/announcements/{item.pk}/"
    assert item.author == head and not item.is_published
    assert not OutgoingEmail.objects.exists()  # a draft notifies nobody
    assert client_for(employer_a).get(f"/announcements/{item.pk}/").status_code == 404

    client = client_for(head)
    client.post(f"/announcements/{item.pk}/publish/")
    client.post(f"/announcements/{item.pk}/publish/")  # a double click
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [employer_a.email]
    outbox.deliver_pending()
    (message,) = mail.outbox
    assert message.subject == "Планируемое мероприятие: Круглый стол «Наставничество»"
    assert "16.12.2026 15:00" in message.body and "КИТЭК, актовый зал" in message.body
    assert f"/announcements/{item.pk}/" in message.body
    assert services.notify(item) == 0  # a re-run queues nothing


def test_audience_choice_is_required_and_input_kept(client_for, head):
    page = client_for(head).post(
        "/announcements/new/",
        {"kind": "news", "title": "Новость для отрасли", "text": "Текст", "audience": "sector"},
    )
    content = page.content.decode()
    assert page.status_code == 200
    assert "Выберите отрасль, партнёрам которой адресовано объявление." in content
    assert 'value="Новость для отрасли"' in content
    assert not Announcement.objects.exists()


def test_sector_announcement_reaches_the_partners_of_the_sector(food, employer_a, employer_b):
    employer_a.partner.sectors.add(food)
    item = published(audience="sector", sector=food, kind="request")
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [employer_a.email]
    assert list(Announcement.objects.for_user(employer_b)) == []
    assert list(Announcement.objects.for_user(employer_a)) == [item]


def test_notifications_follow_the_channel_choice_in_constant_queries(
    bot_api, django_assert_max_num_queries
):
    partner = factories.PartnerFactory()
    for n in range(12):
        factories.EmployerFactory(
            partner=partner,
            telegram_chat_id=str(1000 + n),
            notification_channels={"announcement": ["telegram"] if n % 2 else ["email"]},
        )
    factories.EmployerFactory(partner=partner, notification_channels={"announcement": []})
    item = announcement(audience="all")
    # claim, re-read, recipients, keys already queued, INSERT, re-read ids, chats, savepoints
    with django_assert_max_num_queries(12):
        assert services.publish(item) == 12
    assert OutgoingEmail.objects.filter(channel="telegram").count() == 6
    assert OutgoingEmail.objects.filter(channel="email").count() == 6
    outbox.deliver_pending()
    assert len(bot_api.sent) == 6
    assert bot_api.texts()[0].startswith("Новость: Круглый стол с работодателями")


# --- what employers see ---------------------------------------------------------------------


def test_employer_sees_only_announcements_for_their_partner(
    client_for, hotel, hotel_partner, employer_a, employer_b, head
):
    mine = published(audience="specialty", specialty=hotel, title="Для гостиниц")
    for_all = published(audience="all", title="Для всех")
    draft = announcement(audience="all", title="Черновик")

    page = client_for(employer_b).get("/announcements/").content.decode()
    assert "Для всех" in page and "Для гостиниц" not in page and "Черновик" not in page
    for pk in (mine.pk, draft.pk):
        assert client_for(employer_b).get(f"/announcements/{pk}/").status_code == 404
    assert client_for(employer_b).get(f"/announcements/{for_all.pk}/").status_code == 200
    assert client_for(employer_a).get(f"/announcements/{mine.pk}/").status_code == 200
    assert "Черновик" in client_for(head).get("/announcements/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/announcements/new/",
        "/announcements/{pk}/edit/",
        "/announcements/chats/",
        "/announcements/chats/{specialty}/",
    ],
)
def test_employers_get_404_and_teachers_403_on_college_pages(
    client_for, url, hotel, employer_a, teacher
):
    item = published(audience="all")
    url = url.format(pk=item.pk, specialty=hotel.pk)
    assert client_for(employer_a).get(url).status_code == 404
    assert client_for(teacher).get(url).status_code == 403


def test_employer_cannot_publish(client_for, employer_a, teacher):
    item = announcement(audience="all")
    assert client_for(employer_a).post(f"/announcements/{item.pk}/publish/").status_code == 404
    assert client_for(teacher).post(f"/announcements/{item.pk}/publish/").status_code == 403
    item.refresh_from_db()
    assert not item.is_published


def test_dashboard_shows_newest_with_unread_marked(client_for, employer_a):
    older = published(audience="all", title="Старая новость")
    newest = published(audience="all", title="Свежая новость")
    client = client_for(employer_a)
    page = client.get("/").content.decode()
    assert "Объявления колледжа" in page and "новых: 2" in page
    assert page.index("Свежая новость") < page.index("Старая новость")

    client.get(f"/announcements/{newest.pk}/")
    page = client.get("/").content.decode()
    assert "новых: 1" in page
    listing = client.get("/announcements/").content.decode()
    assert listing.count(">новое<") == 1
    assert listing.index(">новое<") > listing.index("Свежая новость")  # only the older one
    assert older.title in listing


def test_lists_run_a_constant_number_of_queries(
    client_for, head, employer_a, hotel, food, django_assert_max_num_queries
):
    for n in range(25):
        published(audience="all", title=f"Объявление {n}")
        announcement(audience="specialty", specialty=hotel, title=f"Черновик {n}")
        announcement(audience="sector", sector=food, title=f"Отрасль {n}")
    # session, user, count, one page (specialty, sector, author joined; «read» a subquery)
    client = client_for(head)
    with django_assert_max_num_queries(4):
        page = client.get("/announcements/")
    assert page.content.decode().count("list-group-item-action") == 20
    client = client_for(employer_a)
    with django_assert_max_num_queries(5):  # and the employer's partner, named in the menu
        page = client.get("/announcements/?page=2")
    assert page.content.decode().count("list-group-item-action") == 5


# --- group chats -------------------------------------------------------------------------------


def test_specialty_chat_is_linked_and_gets_its_announcements_once(
    bot_api, client_for, head, hotel, hotel_partner
):
    client = client_for(head)
    bad = client.post(f"/announcements/chats/{hotel.pk}/", {"chat_id": "группа"})
    assert "Идентификатор чата — число" in bad.content.decode()
    assert 'value="группа"' in bad.content.decode()
    client.post(f"/announcements/chats/{hotel.pk}/", {"chat_id": "-1001234"})
    assert SpecialtyChat.objects.get().chat_id == "-1001234"
    assert "чат -1001234" in client.get("/announcements/chats/").content.decode()

    item = published(audience="specialty", specialty=hotel, title="Для гостиниц")
    services.notify(item)  # again: nothing new
    other = factories.SpecialtyFactory(code="43.02.15", name="Поварское дело")
    published(audience="specialty", specialty=other, title="Для поваров")
    outbox.deliver_pending()
    to_chat = [m["text"] for m in bot_api.sent if m["chat_id"] == "-1001234"]
    assert len(to_chat) == 2  # the greeting and the hotel announcement
    assert to_chat[0].startswith("Чат подключён")
    assert to_chat[1].startswith("Планируемое мероприятие: Для гостиниц") or to_chat[1].startswith(
        "Новость: Для гостиниц"
    )
    assert f"/announcements/{item.pk}/" in to_chat[1]


def test_no_chat_posts_while_telegram_is_off(client_for, head, hotel, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    SpecialtyChat.objects.create(specialty=hotel, chat_id="-1001234")
    page = client_for(head).get("/announcements/chats/").content.decode()
    assert "Telegram не настроен" in page
    published(audience="specialty", specialty=hotel)
    assert not OutgoingEmail.objects.filter(channel="telegram").exists()


def test_a_partner_taking_the_specialtys_students_is_among_its_partners(
    client_for, employer_a, employer_b, hotel
):
    # Сказка never declared 43.02.14 but takes its students: it is a partner of the specialty,
    # as the library counts it; Глория works with nothing of it.
    group = factories.StudentGroupFactory(specialty=hotel)
    period = factories.PracticePeriodFactory(group=group)
    factories.PlacementFactory(period=period, partner=employer_a.partner)
    item = published(audience="specialty", specialty=hotel)

    assert list(item.partners()) == [employer_a.partner]
    assert OutgoingEmail.objects.filter(to=employer_a.email).exists()
    assert not OutgoingEmail.objects.filter(to=employer_b.email).exists()
    url = reverse("announcements:detail", args=[item.pk])
    assert client_for(employer_a).get(url).status_code == 200
    assert client_for(employer_b).get(url).status_code == 404
