"""Issue #11's pages, one by one: an employer of another organisation — even its main
representative, who may manage access — gets 404 on every URL that names partner A's
contact, placement, period, attestation sheet, document, announcement or agreement, by GET
and by POST, and nothing of A's changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from announcements.models import Announcement
from library import services as library
from library.models import Document
from partners.models import Contact, Sector
from practice.models import AttendanceMark, Placement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_a_world(employer_a, tmp_path, settings):
    """Everything of partner A that issue #11 gave a URL to."""
    settings.MEDIA_ROOT = tmp_path
    partner = employer_a.partner
    today = timezone.localdate()
    contact = factories.ContactFactory(partner=partner, email="kim@skazka.test")
    period = factories.PracticePeriodFactory(
        start=today - timezone.timedelta(days=3), end=today + timezone.timedelta(days=10)
    )
    placement = factories.PlacementFactory(period=period, partner=partner, mentor=contact)
    sheet = factories.AttestationSheetFactory(placement=placement)
    document = Document.objects.create(
        kind="memo", title="Памятка «Сказке»", audience="partner", partner=partner
    )
    library.publish_version(document, SimpleUploadedFile("memo.pdf", b"%PDF-1.4 memo"), "")
    sector, _ = Sector.objects.get_or_create(name="Гостиничные услуги")
    partner.sectors.add(sector)
    announcement = Announcement.objects.create(
        title="Для гостиниц",
        text="Круглый стол",
        audience="sector",
        sector=sector,
        published_at=timezone.now(),
    )
    agreement = factories.AgreementFactory(partner=partner)
    return {
        "contact": contact,
        "period": period,
        "placement": placement,
        "sheet": sheet,
        "document": document,
        "announcement": announcement,
        "agreement": agreement,
    }


# Actions that only accept POST answer a GET with 405 whatever the object: they are tried
# by POST only.
POST_ONLY = [
    ("partners:contact_grant", "contact"),
    ("partners:contact_resend", "contact"),
    ("partners:contact_revoke", "contact"),
    ("partners:contact_restore", "contact"),
    ("partners:contact_main_representative", "contact"),
    ("practice:attendance_mark", "placement"),
    ("practice:attestation_reopen", "placement"),
    ("library:comment_create", "document"),
]
PAGES = [
    ("practice:confirm", "placement"),
    ("practice:decline", "placement"),
    ("practice:period_attendance", "period"),
    ("practice:attestation", "placement"),
    ("practice:attestation_pdf", "placement"),
    ("practice:period_attestation_pdf", "period"),
    ("library:detail", "document"),
    ("library:edit", "document"),
    ("library:version_create", "document"),
    ("library:current_download", "document"),
    ("announcements:detail", "announcement"),
    ("agreements:document", "agreement"),
    ("agreements:document_docx", "agreement"),
]
CASES = [(name, target, "post") for name, target in POST_ONLY + PAGES] + [
    (name, target, "get") for name, target in PAGES
]


@pytest.mark.parametrize(("name", "target", "method"), CASES, ids=[f"{m}-{n}" for n, _, m in CASES])
def test_another_employer_gets_404(client_for, employer_b, partner_a_world, name, target, method):
    employer_b.is_main_representative = True
    employer_b.save(update_fields=["is_main_representative"])
    url = reverse(name, args=[partner_a_world[target].pk])
    data = {"status": "present", "reason": "", "text": "Чужой комментарий", "action": "sign"}

    response = getattr(client_for(employer_b), method)(url, data)

    assert response.status_code == 404, url
    placement = partner_a_world["placement"]
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNED
    assert not AttendanceMark.objects.exists()
    assert Contact.objects.get(pk=partner_a_world["contact"].pk).user is None


def test_a_library_version_of_another_organisation_is_404(client_for, employer_b, partner_a_world):
    url = reverse("library:version_download", args=[partner_a_world["document"].pk, 1])
    assert client_for(employer_b).get(url).status_code == 404


def test_the_same_urls_open_for_the_organisation_itself(client_for, employer_a, partner_a_world):
    client = client_for(employer_a)
    for name, target in [
        ("practice:attestation", "placement"),
        ("practice:period_attendance", "period"),
        ("library:detail", "document"),
        ("announcements:detail", "announcement"),
        ("practice:decline", "placement"),
    ]:
        url = reverse(name, args=[partner_a_world[target].pk])
        assert client.get(url).status_code == 200, url
