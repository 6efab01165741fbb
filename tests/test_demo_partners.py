"""The demo registry of social partners built by ``seed_demo``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from partners import demo as partners_demo
from partners.models import Contact, Interaction, Partner, PartnerStatusChange, Vacancy
from partners.validators import is_valid_bin, is_valid_inn, is_valid_ogrn

pytestmark = pytest.mark.django_db

REPORT_PARTNERS = {
    "ООО «Комплекс «Дворец Молодёжи»": ("RU", "Омская область"),
    "ООО «Сказка»": ("RU", "Омская область"),
    "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»": ("RU", "Омская область"),
    "ООО «Альва Донна»": ("RU", "Московская область"),
    "ООО «Глория»": ("KZ", "Северо-Казахстанская область"),
}
MODELS = (Partner, Contact, Interaction, Vacancy, PartnerStatusChange)


@pytest.fixture
def output():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_registry_has_about_forty_partners_with_every_report_partner(output):
    assert Partner.objects.count() >= 40
    for name, (country, region) in REPORT_PARTNERS.items():
        partner = Partner.objects.get(name=name)
        assert (partner.country, partner.region) == (country, region), name
    assert Partner.objects.get(name="АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»").city == "с. Красноярка"
    # The demo employers are linked to their partners by name.
    assert Partner.objects.get(name="ООО «Сказка»").users.filter(username="employer").exists()


def test_summary_line_counts_partners_contacts_interactions_vacancies(output):
    line = next(row for row in output.splitlines() if row.startswith("Партнёров:"))
    assert f"Партнёров: {Partner.objects.count()} (новых: {Partner.objects.count()})" in line
    assert f"контактов: {Contact.objects.count()}" in line
    assert f"взаимодействий: {Interaction.objects.count()}" in line
    assert f"вакансий: {Vacancy.objects.count()}" in line


def test_tax_numbers_are_valid_and_unique(output):
    russian = Partner.objects.filter(country="RU")
    inns = list(russian.values_list("inn", flat=True))
    assert all(is_valid_inn(inn) for inn in inns)
    assert len(set(inns)) == len(inns)
    for partner in russian:
        assert len(partner.inn) == (12 if partner.legal_form == "ИП" else 10), partner
        assert not partner.ogrn or is_valid_ogrn(partner.ogrn), partner
        assert not partner.ogrn or len(partner.ogrn) == (15 if partner.legal_form == "ИП" else 13)
    assert russian.exclude(ogrn="").count() > russian.count() / 2
    kazakh = Partner.objects.filter(country="KZ")
    assert kazakh.filter(name="ООО «Глория»").exists()
    assert all(is_valid_bin(p.inn) and not p.ogrn for p in kazakh)
    other = Partner.objects.exclude(country__in=["RU", "KZ"])
    assert not other.exclude(inn="").exists()


def test_registry_is_varied(output):
    assert set(Partner.objects.values_list("legal_form", flat=True)) >= {
        "ООО",
        "АО",
        "ИП",
        "АНО",
        "Ассоциация",
    }
    statuses = dict(Partner.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["active"] > Partner.objects.count() / 2
    assert statuses["negotiation"] >= 3 and statuses["potential"] >= 2
    assert statuses["suspended"] >= 1 and statuses["former"] >= 1
    assert Partner.objects.exclude(region="Омская область").count() >= 5
    for code in ("43.02.14", "43.02.15", "38.02.05", "26.02.03", "38.02.04"):
        assert Partner.objects.filter(specialties__code=code, status="active").exists(), code
    assert not Partner.objects.filter(sectors__isnull=True).exists()
    assert not Partner.objects.filter(specialties__isnull=True).exists()
    assert all(".example" in p.website for p in Partner.objects.exclude(website=""))


def test_stage_and_status_history_match_the_status(output):
    stages = {"potential": (1, 2), "negotiation": (2, 5), "active": (5, 9)}
    now = timezone.now()
    for partner in Partner.objects.prefetch_related("status_changes"):
        low, high = stages.get(partner.status, (1, 9))
        assert low <= partner.stage <= high, partner
        assert partner.status_changed_at < now, partner
        changes = list(partner.status_changes.all())  # newest first
        if partner.status == "potential":
            assert not changes, partner
        else:
            assert changes[0].new_status == partner.status, partner
            assert changes[0].changed_at == partner.status_changed_at, partner
            assert changes[-1].old_status == "potential", partner
            assert all(c.changed_by_id for c in changes), partner


def test_every_partner_has_one_primary_contact_and_active_ones_a_mentor(output):
    partners = Partner.objects.annotate(
        primaries=Count("contacts", filter=Q(contacts__is_primary=True)),
        mentors=Count("contacts", filter=Q(contacts__is_mentor=True)),
        contact_count=Count("contacts"),
    )
    for partner in partners:
        assert partner.primaries == 1, partner
        assert 1 <= partner.contact_count <= 3, partner
        if partner.status == "active":
            assert partner.mentors >= 1, partner


def test_report_partners_people_match_the_demo_employers(output):
    rudenko = Contact.objects.get(partner__name="ООО «Сказка»", is_primary=True)
    assert (rudenko.last_name, rudenko.first_name, rudenko.is_mentor) == (
        "Руденко",
        "Светлана",
        True,
    )
    kim = Contact.objects.get(partner__name="ООО «Комплекс «Дворец Молодёжи»", is_primary=True)
    assert (kim.last_name, kim.first_name) == ("Ким", "Виталий")


def test_every_object_passes_model_validation(output):
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_contacts_write_to_the_partners_demo_domain(output):
    for contact in Contact.objects.exclude(email="").select_related("partner"):
        assert contact.email.endswith(".example"), contact


def test_responsibles_and_authors_are_the_demo_staff(output):
    staff = {"head", "head2", "teacher", "deputy"}
    responsibles = set(Partner.objects.values_list("responsible__username", flat=True))
    assert {"head", "head2", "teacher"} <= responsibles <= staff
    authors = set(Interaction.objects.values_list("author__username", flat=True))
    assert None not in authors and authors <= staff


def test_interaction_log_has_overdue_due_and_done_steps(output):
    today = timezone.localdate()
    assert Interaction.objects.count() >= 2 * Partner.objects.count()
    assert not Partner.objects.filter(interactions__isnull=True).exists()
    assert not Interaction.objects.filter(date__gt=today).exists()
    open_steps = Interaction.objects.open_next_steps()
    assert 1 <= open_steps.filter(next_step_due__lt=today).count() <= 4
    assert (
        open_steps.filter(
            next_step_due__gte=today, next_step_due__lte=today + timezone.timedelta(days=14)
        ).count()
        >= 5
    )
    assert Interaction.objects.filter(next_step_done=True).exists()
    assert not open_steps.filter(partner__status="former").exists()
    assert Interaction.objects.filter(partner__name="ООО «Сказка»", date__year=2021).exists()


def test_about_half_of_the_partners_offer_vacancies(output):
    with_vacancies = Partner.objects.filter(vacancies__isnull=False).distinct().count()
    assert Partner.objects.count() / 3 <= with_vacancies <= Partner.objects.count() * 2 / 3
    assert Vacancy.objects.filter(status="open").exists()
    assert Vacancy.objects.filter(status="closed", closed_on__isnull=False).exists()
    for vacancy in Vacancy.objects.select_related("partner"):
        assert vacancy.partner.specialties.filter(pk=vacancy.specialty_id).exists(), vacancy
        assert 1 <= vacancy.partner.vacancies.count() <= 3


def test_second_run_creates_nothing(output):
    counts = [model.objects.count() for model in MODELS]
    responsibles = dict(Partner.objects.values_list("pk", "responsible_id"))
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert [model.objects.count() for model in MODELS] == counts
    assert dict(Partner.objects.values_list("pk", "responsible_id")) == responsibles
    assert "(новых: 0)" in out.getvalue()


def test_seed_is_deterministic():
    from practice import demo as practice_demo

    practice_demo.seed()
    fields = ("name", "inn", "ogrn", "stage", "status_changed_at__date", "places_per_year")
    assert partners_demo.seed() == len(partners_demo.PARTNERS)
    before = sorted(Partner.objects.values_list(*fields))
    contacts = sorted(Contact.objects.values_list("partner__name", "last_name", "phone"))
    Partner.objects.all().delete()
    partners_demo.seed()
    assert sorted(Partner.objects.values_list(*fields)) == before
    assert sorted(Contact.objects.values_list("partner__name", "last_name", "phone")) == contacts
