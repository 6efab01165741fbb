"""Pages of the participation register and of graduate employment, with the employer boundary."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Participation
from practice.models import Employment
from tests import factories

pytestmark = pytest.mark.django_db


def test_head_records_participation_from_the_partner_card(client_for, head, employer_a):
    partner = employer_a.partner
    expert = factories.ContactFactory(partner=partner, last_name="Руденко")
    outsider = factories.ContactFactory(last_name="Чужой")
    client = client_for(head)
    url = reverse("partners:participation_create", args=[partner.pk])
    data = {
        "kind": "demo_exam",
        "date": "2026-06-10",
        "title": "Демоэкзамен 43.02.14",
        "role": "expert",
        "contacts": [outsider.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200  # another organisation's contact is not offered
    assert "Демоэкзамен 43.02.14" in response.content.decode()
    data["contacts"] = [expert.pk]
    data["evidence"] = SimpleUploadedFile("akt.pdf", b"%PDF-1.4 akt")
    assert client.post(url, data).status_code == 302
    record = Participation.objects.get()
    assert list(record.contacts.all()) == [expert]
    card = client.get(partner.get_absolute_url()).content.decode()
    assert "Демоэкзамен 43.02.14" in card


def test_employer_reads_own_participation_only(client_for, employer_a, employer_b):
    own = Participation.objects.create(
        partner=employer_a.partner,
        kind="gia",
        date=datetime.date(2026, 6, 20),
        title="ГИА 41 ГД",
        evidence=SimpleUploadedFile("prikaz.pdf", b"%PDF own"),
    )
    other = Participation.objects.create(
        partner=employer_b.partner,
        kind="gia",
        date=datetime.date(2026, 6, 21),
        title="ГИА 42 ГД",
        evidence=SimpleUploadedFile("prikaz.pdf", b"%PDF other"),
    )
    client = client_for(employer_a)
    text = client.get(reverse("partners:participation_list")).content.decode()
    assert "ГИА 41 ГД" in text and "ГИА 42 ГД" not in text
    assert client.get(reverse("partners:participation_evidence", args=[own.pk])).status_code == 200
    assert (
        client.get(reverse("partners:participation_evidence", args=[other.pk])).status_code == 404
    )
    assert client.get(reverse("partners:participation_edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("partners:participation_edit", args=[own.pk])).status_code == 403
    url = reverse("partners:participation_create", args=[employer_b.partner.pk])
    assert client.get(url).status_code == 403


def test_head_records_where_a_graduate_works(client_for, head, employer_a, employer_b):
    graduate = factories.StudentFactory(
        last_name="Жукова", status="graduated", graduated_on=datetime.date(2026, 6, 30)
    )
    registry = factories.PartnerFactory.create_batch(30)
    client = client_for(head)
    url = reverse("practice:employment_create", args=[graduate.pk])
    form = client.get(url).content.decode()
    # The organisation is found by the search box: no <select> of the whole registry.
    assert f'<option value="{registry[-1].pk}"' not in form
    response = client.post(url, {"status": "specialty", "date": "2026-08-03", "source": "graduate"})
    assert "Укажите организацию или выберите партнёра." in response.content.decode()
    response = client.post(
        url,
        {
            "status": "specialty",
            "partner": employer_a.partner.pk,
            "position": "Администратор",
            "date": "2026-08-03",
            "source": "employer",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("practice:employment_list") + "?year=2026").content.decode()
    assert "Жукова" in listing and "Администратор" in listing
    record = Employment.objects.get()
    assert record.recorded_by == head
    # A wrong record is corrected in place, not added to.
    edit = reverse("practice:employment_edit", args=[record.pk])
    assert "исправить" in listing
    client.post(edit, {"status": "specialty", "partner": employer_a.partner.pk,
                       "position": "Старший администратор", "date": "2026-08-03",
                       "source": "employer"})  # fmt: skip
    record.refresh_from_db()
    assert record.position == "Старший администратор" and Employment.objects.count() == 1
    assert client_for(employer_b).get(edit).status_code == 403

    # «Наши выпускники у вас»: the employer sees their own graduates, not the others'.
    text = client_for(employer_a).get(employer_a.partner.get_absolute_url()).content.decode()
    assert "Жукова" in text
    assert (
        "Жукова"
        not in client_for(employer_b).get(employer_b.partner.get_absolute_url()).content.decode()
    )
    assert client_for(employer_b).get(reverse("practice:employment_list")).status_code == 403
