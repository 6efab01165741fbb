import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_group_list_shows_groups_with_student_counts(client_for, teacher):
    group = factories.StudentGroupFactory(name="41 ГД")
    factories.StudentFactory.create_batch(3, group=group)
    page = client_for(teacher).get(reverse("practice:group_list")).content.decode()
    assert "41 ГД" in page


def test_group_list_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    for group in factories.StudentGroupFactory.create_batch(30):
        factories.StudentFactory.create_batch(2, group=group)
    client = client_for(head)
    # session, user, specialties of the filter, count, a page of groups with specialty and
    # annotated count
    with django_assert_max_num_queries(5):
        response = client.get(reverse("practice:group_list"))
    assert response.status_code == 200


def test_group_page_lists_students_with_contacts_for_staff(client_for, head):
    student = factories.StudentFactory(last_name="Ромашкина", phone="+7 913 000-00-01")
    page = client_for(head).get(reverse("practice:group_detail", args=[student.group_id]))
    assert "Ромашкина" in page.content.decode()
    assert "+7 913 000-00-01" in page.content.decode()


def test_unknown_page_is_a_russian_404(client_for, head):
    response = client_for(head).get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_dates_are_shown_as_dd_mm_yyyy():
    import datetime

    from django.utils import formats, translation

    with translation.override("ru"):
        assert formats.date_format(datetime.date(2021, 12, 6)) == "06.12.2021"


def test_staff_dashboard_runs_constant_queries(client_for, head, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    from practice import services as practice

    hotel = factories.SpecialtyFactory(code="43.02.14")
    head.specialties.add(hotel)
    today = timezone.localdate()
    for n in range(5):
        period = factories.PracticePeriodFactory(
            group__specialty=hotel,
            start=today + datetime.timedelta(days=5 + n * 20),
            end=today + datetime.timedelta(days=15 + n * 20),
        )
        for student in factories.StudentFactory.create_batch(4, group=period.group):
            practice.assign(period, student, factories.PartnerFactory(responsible=head))
        factories.AgreementFactory(valid_to=today + datetime.timedelta(days=10 + n))
    client = client_for(head)
    # 16: session, user; counts (1); specialties; next steps; current periods; placements
    # without an agreement: keys with the total, then the rows (2); renewals and expired
    # agreements (2); expiring agreements; decisions; recommendations; meetings;
    # placements not confirmed by the partner: keys with the total, then the rows (2)
    with django_assert_max_num_queries(16):
        response = client.get("/")
    assert response.status_code == 200
