import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from partners.models import Contact, Interaction, Partner, Vacancy
from partners.validators import is_valid_bin, is_valid_inn, is_valid_ogrn

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo")


def test_demo_registry_has_the_partners_of_the_college_report(demo):
    assert Partner.objects.count() >= 40
    named = [
        "ООО «Комплекс «Дворец Молодёжи»",
        "ООО «Сказка»",
        "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
        "ООО «Альва Донна»",
        "ООО «Глория»",
    ]
    assert Partner.objects.filter(name__in=named).count() == 5
    assert Partner.objects.get(name="ООО «Глория»").country == "KZ"


def test_demo_tax_numbers_pass_their_check_digits(demo):
    for partner in Partner.objects.all():
        if partner.country == "RU":
            assert is_valid_inn(partner.inn), partner
            assert not partner.ogrn or is_valid_ogrn(partner.ogrn), partner
        else:
            assert is_valid_bin(partner.inn), partner


def test_demo_data_passes_model_validation(demo):
    for model in (Partner, Contact, Vacancy, Interaction):
        for obj in model.objects.all():
            obj.full_clean()


def test_every_demo_partner_has_one_primary_contact_and_active_ones_a_mentor(demo):
    partners = Partner.objects.annotate(
        primaries=Count("contacts", filter=Q(contacts__is_primary=True)),
        mentors=Count("contacts", filter=Q(contacts__is_mentor=True)),
    )
    assert all(p.primaries == 1 for p in partners)
    assert all(p.mentors >= 1 for p in partners if p.status == "active")


def test_demo_log_has_authors_responsibles_and_due_steps(demo):
    assert not Partner.objects.filter(responsible__isnull=True).exists()
    assert not Interaction.objects.filter(author__isnull=True).exists()
    assert Interaction.objects.open_next_steps().exists()


def test_second_run_creates_nothing(demo):
    counts = [m.objects.count() for m in (Partner, Contact, Vacancy, Interaction)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (Partner, Contact, Vacancy, Interaction)] == counts


def test_demo_has_the_documents_practice_example_with_mentors(demo):
    import datetime

    from practice.models import Placement, PracticePeriod

    example = PracticePeriod.objects.get(
        group__name="41 ГД", start=datetime.date(2021, 12, 6), end=datetime.date(2021, 12, 18)
    )
    assert example.module.code == "ПМ.05"
    assert example.group.specialty.code == "43.02.14"
    assert example.module.professions.filter(code="20015", name="Агент по закупкам").exists()
    placements = Placement.objects.filter(period=example)
    assert placements.exists() and not placements.filter(mentor__isnull=True).exists()
    assert set(placements.values_list("partner__name", flat=True)) <= {
        "ООО «Комплекс «Дворец Молодёжи»",
        "ООО «Сказка»",
        "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
        "ООО «Альва Донна»",
        "ООО «Глория»",
    }
    # A period in progress and one still being placed, so the pages show real work.
    assert Placement.objects.filter(status="in_progress").exists()
    current = PracticePeriod.objects.get(group__name="31 ГД", start=datetime.date(2026, 12, 7))
    assert 0 < Placement.objects.filter(period=current).count() < current.group.students.count()
