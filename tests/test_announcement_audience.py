"""Editing a published announcement: a grown audience is notified once, the people
already notified are not; sector announcements go to no group chat, and the UI says so."""

import pytest

from accounts.models import OutgoingEmail
from announcements import services
from announcements.models import Announcement, SpecialtyChat
from partners.models import Sector
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel(employer_a):
    specialty = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    employer_a.partner.specialties.add(specialty)
    return specialty


@pytest.fixture
def food(employer_b):
    sector = Sector.objects.get_or_create(name="Общественное питание")[0]
    employer_b.partner.sectors.add(sector)
    return sector


@pytest.fixture
def item(hotel):
    """Published for the partners of 43.02.14 (employer A's organisation)."""
    announcement = Announcement.objects.create(
        title="Круглый стол", text="Приглашаем.", audience="specialty", specialty=hotel
    )
    services.publish(announcement)
    announcement.refresh_from_db()
    return announcement


def _edit(client, item, **changes):
    data = {
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "place": item.place,
        "audience": item.audience,
        "specialty": item.specialty_id or "",
        "sector": item.sector_id or "",
    }
    data.update(changes)
    return client.post(f"/announcements/{item.pk}/edit/", data, follow=True)


def _recipients():
    return sorted(OutgoingEmail.objects.values_list("to", flat=True))


def test_widening_the_audience_notifies_only_the_newly_included_partners_once(
    client_for, head, item, employer_a, employer_b
):
    colleague = factories.EmployerFactory(partner=employer_b.partner)
    assert _recipients() == [employer_a.email]
    client = client_for(head)

    response = _edit(client, item, audience="all", specialty="")

    assert sorted(_recipients()) == sorted([employer_a.email, employer_b.email, colleague.email])
    assert "Новым получателям поставлено в отправку уведомлений: 2." in response.content.decode()
    # Editing again (a typo) notifies nobody: everybody in the audience already was.
    _edit(client, Announcement.objects.get(pk=item.pk), title="Круглый стол (исправлено)")
    assert len(_recipients()) == 3


def test_a_partner_already_notified_is_not_notified_again_when_the_audience_changes(
    client_for, head, item, employer_a, hotel
):
    # Employer A is in the sector too: moving the announcement there reaches nobody new.
    sector = Sector.objects.get_or_create(name="Гостеприимство")[0]
    employer_a.partner.sectors.add(sector)

    _edit(client_for(head), item, audience="sector", specialty="", sector=sector.pk)

    assert _recipients() == [employer_a.email]


def test_narrowing_the_audience_sends_nothing(client_for, head, employer_a, employer_b, hotel):
    item = Announcement.objects.create(title="Всем", text="Новость.")
    services.publish(item)
    OutgoingEmail.objects.all().delete()

    _edit(client_for(head), item, audience="specialty", specialty=hotel.pk)

    assert not OutgoingEmail.objects.exists()
    assert Announcement.objects.get(pk=item.pk).specialty == hotel


def test_editing_a_draft_notifies_nobody(client_for, head, employer_a, employer_b, hotel):
    item = Announcement.objects.create(
        title="Черновик", text="Ещё пишем.", audience="specialty", specialty=hotel
    )

    _edit(client_for(head), item, audience="all", specialty="")

    assert not OutgoingEmail.objects.exists()
    assert Announcement.objects.get(pk=item.pk).audience == "all"


def test_widening_to_a_specialty_with_a_chat_posts_there_once(
    bot_api, client_for, head, employer_b, food
):
    pastry = factories.SpecialtyFactory(code="43.02.15", name="Поварское и кондитерское дело")
    SpecialtyChat.objects.create(specialty=pastry, chat_id="-1005")
    item = Announcement.objects.create(
        title="Для отрасли", text="Т.", audience="sector", sector=food
    )
    services.publish(item)
    assert not OutgoingEmail.objects.filter(chat_id="-1005").exists()  # a sector has no chat

    _edit(client_for(head), item, audience="specialty", sector="", specialty=pastry.pk)
    _edit(client_for(head), Announcement.objects.get(pk=item.pk), title="Для специальности")

    assert OutgoingEmail.objects.filter(chat_id="-1005").count() == 1


def test_a_sector_announcement_posts_to_no_group_chat_and_the_pages_say_so(
    bot_api, client_for, head, food, employer_b, hotel
):
    SpecialtyChat.objects.create(specialty=hotel, chat_id="-1001")
    item = Announcement.objects.create(
        title="Для отрасли", text="Т.", audience="sector", sector=food
    )

    services.publish(item)

    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [employer_b.email]
    assert not OutgoingEmail.objects.filter(channel="telegram").exists()
    client = client_for(head)
    detail = client.get(f"/announcements/{item.pk}/").content.decode()
    assert "в групповые чаты не публикуется" in detail
    form = client.get("/announcements/new/").content.decode()
    assert "ни в какой групповой чат" in form
    chats = client.get("/announcements/chats/").content.decode()
    assert "объявление для партнёров отрасли не публикуется ни в одном чате" in chats


def test_employer_gets_404_on_the_edit_page(client_for, employer_a, item):
    response = client_for(employer_a).post(f"/announcements/{item.pk}/edit/", {"title": "X"})

    assert response.status_code == 404
    assert Announcement.objects.get(pk=item.pk).title == "Круглый стол"
