"""Reference lists (справочники): staff read them, managers edit them, employers are kept out."""

import pytest
from django.urls import reverse

from kitek_portal.reference_lists import usages
from partners.models import CooperationForm, Sector
from practice.models import AttestationResult, Competency, Profession, ProfessionalModule, Specialty
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = [
    "practice:specialties",
    "practice:modules",
    "practice:professions",
    "partners:sectors",
    "partners:cooperation_forms",
]


def _rows(module=None, rows=(), initial=0):
    """The POST data of the competencies formset of the module page."""
    data = {"rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-{key}": value for key, value in row.items()})
        if module is not None:
            data[f"rows-{index}-module"] = module.pk
    return data


def _one_of_each():
    """A row of every list, so every edit and delete URL has something to open."""
    specialty = factories.SpecialtyFactory(code="43.02.14")
    module = ProfessionalModule.objects.create(specialty=specialty, code="ПМ.01", name="Приём")
    return {
        "practice:specialties": specialty,
        "practice:modules": module,
        "practice:professions": Profession.objects.create(code="16675", name="Повар"),
        "partners:sectors": Sector.objects.first(),
        "partners:cooperation_forms": CooperationForm.objects.first(),
    }


def _every_url(objects):
    """(action, URL) of every reference page."""
    for name in LISTS:
        yield "list", reverse(f"{name}_list")
        yield "create", reverse(f"{name}_create")
        yield "edit", reverse(f"{name}_edit", args=[objects[name].pk])
        yield "delete", reverse(f"{name}_delete", args=[objects[name].pk])


def test_head_adds_module_with_competencies_and_its_profession(client_for, head):
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    client = client_for(head)

    response = client.post(
        reverse("practice:professions_create"), {"code": "20015", "name": "Агент по закупкам"}
    )
    assert response.status_code == 302
    page = client.get(reverse("practice:professions_list")).content.decode()
    assert "20015" in page and "Агент по закупкам" in page

    agent = Profession.objects.get(code="20015")
    response = client.post(
        reverse("practice:modules_create"),
        {
            "specialty": hotel.pk,
            "code": "ПМ.05",
            "name": "Выполнение работ по профессии «Агент по закупкам»",
            "professions": [agent.pk],
            **_rows(
                rows=[
                    {"order": 2, "code": "ПК 5.2", "name": "Проводить закупки"},
                    {"order": 1, "code": "ПК  5.1 ", "name": "Планировать закупки"},
                    {"order": "", "code": "ПК 5.3", "name": "Учитывать закупленное"},
                ]
            ),
        },
    )
    assert response.status_code == 302

    module = ProfessionalModule.objects.get(specialty=hotel, code="ПМ.05")
    assert list(module.professions.all()) == [agent]
    assert [(c.code, c.order) for c in module.competencies.all()] == [
        ("ПК 5.1", 1),
        ("ПК 5.2", 2),
        ("ПК 5.3", 3),  # a blank number goes last
    ]
    page = client.get(reverse("practice:modules_list"), {"q": "ПМ.05"}).content.decode()
    assert "ПМ.05" in page
    assert "ПК 5.1 Планировать закупки" in page
    assert "20015 «Агент по закупкам»" in page


def _new_module_with(client, rows):
    """POST the new-module page of 43.02.14 ПМ.05 with these competency rows."""
    hotel = factories.SpecialtyFactory(code="43.02.14")
    data = {"specialty": hotel.pk, "code": "ПМ.05", "name": "Агент по закупкам", **_rows(rows=rows)}
    return client.post(reverse("practice:modules_create"), data)


def test_duplicate_competency_code_is_refused_and_the_input_kept(client_for, head):
    response = _new_module_with(
        client_for(head),
        [
            {"order": 1, "code": "ПК 5.1", "name": "Планировать закупки"},
            {"order": 2, "code": "пк 5.1", "name": "Проводить закупки"},
        ],
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Такой код уже есть в этом модуле." in page
    assert "Проводить закупки" in page and 'value="ПМ.05"' in page
    assert not ProfessionalModule.objects.exists()


def test_competency_without_a_name_is_refused_in_russian(client_for, head):
    response = _new_module_with(client_for(head), [{"order": 1, "code": "ПК 5.1", "name": ""}])
    assert response.status_code == 200
    assert "Укажите содержание компетенции." in response.content.decode()
    assert not ProfessionalModule.objects.exists()


def test_module_page_removes_and_reorders_competencies(client_for, head):
    module = ProfessionalModule.objects.create(
        specialty=factories.SpecialtyFactory(code="43.02.14"), code="ПМ.05", name="Агент"
    )
    first = Competency.objects.create(module=module, code="ПК 5.1", name="Первая", order=1)
    second = Competency.objects.create(module=module, code="ПК 5.2", name="Вторая", order=2)
    gone = Competency.objects.create(module=module, code="ПК 5.9", name="Лишняя", order=3)
    rows = [
        {"id": first.pk, "order": 2, "code": "ПК 5.1", "name": "Первая"},
        {"id": second.pk, "order": 1, "code": "ПК 5.2", "name": "Вторая"},
        {"id": gone.pk, "order": 3, "code": "ПК 5.9", "name": "Лишняя", "DELETE": "on"},
    ]
    response = client_for(head).post(
        reverse("practice:modules_edit", args=[module.pk]),
        {
            "specialty": module.specialty_id,
            "code": "ПМ.05",
            "name": "Агент",
            **_rows(module, rows, initial=3),
        },
    )
    assert response.status_code == 302
    assert [c.code for c in module.competencies.all()] == ["ПК 5.2", "ПК 5.1"]


def test_competency_marked_in_an_attestation_sheet_is_kept_with_a_message(client_for, head):
    module = ProfessionalModule.objects.create(
        specialty=factories.SpecialtyFactory(code="43.02.14"), code="ПМ.05", name="Агент"
    )
    used = Competency.objects.create(module=module, code="ПК 5.1", name="Закупки", order=1)
    sheet = factories.AttestationSheetFactory()
    AttestationResult.objects.create(sheet=sheet, competency=used, mastered=True)
    rows = [{"id": used.pk, "order": 1, "code": "ПК 5.1", "name": "Закупки", "DELETE": "on"}]
    response = client_for(head).post(
        reverse("practice:modules_edit", args=[module.pk]),
        {
            "specialty": module.specialty_id,
            "code": "ПМ.05",
            "name": "Агент П",
            **_rows(module, rows, 1),
        },
    )
    assert response.status_code == 200
    assert "ПК 5.1 уже отмечена в аттестационных листах (1)" in response.content.decode()
    assert Competency.objects.filter(pk=used.pk).exists()
    module.refresh_from_db()
    assert module.name == "Агент"  # nothing saved, the input kept on the page


def test_module_whose_competency_is_in_an_attestation_sheet_is_not_deleted(client_for, head):
    module = ProfessionalModule.objects.create(
        specialty=factories.SpecialtyFactory(code="43.02.14"), code="ПМ.05", name="Агент"
    )
    used = Competency.objects.create(module=module, code="ПК 5.1", name="Закупки")
    sheet = factories.AttestationSheetFactory()
    AttestationResult.objects.create(sheet=sheet, competency=used, mastered=True)
    response = client_for(head).post(
        reverse("practice:modules_delete", args=[module.pk]), follow=True
    )
    assert ProfessionalModule.objects.filter(pk=module.pk).exists()
    assert "используют результаты освоения компетенций (1)" in response.content.decode()


def test_used_specialty_cannot_be_deleted_and_the_page_says_why(client_for, head):
    hotel = factories.SpecialtyFactory(code="43.02.14", name="Гостиничное дело")
    factories.StudentGroupFactory(specialty=hotel, name="41 ГД")
    client = client_for(head)
    url = reverse("practice:specialties_delete", args=[hotel.pk])

    assert "используют группы (1)" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert Specialty.objects.filter(pk=hotel.pk).exists()
    assert "Нельзя удалить «43.02.14 Гостиничное дело»" in response.content.decode()
    assert "группы (1)" in response.content.decode()


def test_sector_of_a_partner_is_not_silently_removed_from_it(client_for, head):
    trade = Sector.objects.create(name="Оптовая торговля")
    factories.PartnerFactory().sectors.add(trade)
    response = client_for(head).post(
        reverse("partners:sectors_delete", args=[trade.pk]), follow=True
    )
    assert Sector.objects.filter(pk=trade.pk).exists()
    assert "партнёры (1)" in response.content.decode()


def test_unused_row_is_deleted_with_its_own_parts(client_for, deputy):
    module = ProfessionalModule.objects.create(
        specialty=factories.SpecialtyFactory(code="43.02.14"), code="ПМ.05", name="Агент"
    )
    Competency.objects.create(module=module, code="ПК 5.1", name="Планировать закупки")
    assert usages(module, owned=("competencies",)) == []
    response = client_for(deputy).post(reverse("practice:modules_delete", args=[module.pk]))
    assert response.status_code == 302
    assert not ProfessionalModule.objects.exists() and not Competency.objects.exists()


def test_lists_are_searchable_and_filtered(client_for, teacher):
    hotel = factories.SpecialtyFactory(code="43.02.14")
    cooks = factories.SpecialtyFactory(code="43.02.15")
    ProfessionalModule.objects.create(specialty=hotel, code="ПМ.01", name="Приём гостей")
    ProfessionalModule.objects.create(specialty=cooks, code="ПМ.01", name="Полуфабрикаты")
    client = client_for(teacher)

    page = client.get(reverse("practice:modules_list"), {"specialty": cooks.pk}).content.decode()
    assert "Полуфабрикаты" in page and "Приём гостей" not in page
    page = client.get(reverse("partners:sectors_list"), {"q": "гостин"}).content.decode()
    assert "Гостиничные услуги" in page and "Торговля" not in page


def test_teacher_reads_every_list_but_cannot_change_it(client_for, teacher):
    objects = _one_of_each()
    client = client_for(teacher)
    for name in LISTS:
        page = client.get(reverse(f"{name}_list"))
        assert page.status_code == 200
        assert objects[name].name in page.content.decode()
        assert reverse(f"{name}_create") not in page.content.decode()
    for action, url in _every_url(objects):
        if action != "list":
            assert client.get(url).status_code == 403, url
            assert client.post(url).status_code == 403, url
    assert Specialty.objects.filter(pk=objects["practice:specialties"].pk).exists()


def test_employer_gets_404_or_403_on_every_reference_url(client_for, employer_a):
    objects = _one_of_each()
    client = client_for(employer_a)
    for action, url in _every_url(objects):
        # the lists and the new-row forms are staff pages (403); rows are not found (404)
        expected = 404 if action in ("edit", "delete") else 403
        assert client.get(url).status_code == expected, url
        if action != "list":  # the list is read-only: a POST is 405 for everyone
            assert client.post(url).status_code == expected, url
    assert Sector.objects.filter(pk=objects["partners:sectors"].pk).exists()


def test_staff_menu_has_the_reference_lists_and_employers_do_not(client_for, head, employer_a):
    assert "Справочники" in client_for(head).get(reverse("dashboard")).content.decode()
    assert "Справочники" not in client_for(employer_a).get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_reference_list_runs_constant_queries(
    name, client_for, head, django_assert_max_num_queries
):
    specialties = [factories.SpecialtyFactory(code=f"44.02.{n:02d}") for n in range(5)]
    professions = [Profession.objects.create(code=f"9{n:04d}", name="Профессия") for n in range(5)]
    for n in range(30):
        module = ProfessionalModule.objects.create(
            specialty=specialties[n % 5], code=f"ПМ.{n:02d}", name="Модуль"
        )
        module.professions.set(professions[:2])
        Competency.objects.bulk_create(
            Competency(module=module, code=f"ПК {n}.{k}", name="Компетенция") for k in range(3)
        )
    for n in range(30):
        Sector.objects.create(name=f"Отрасль {n}")
        CooperationForm.objects.create(code=f"form-{n}", name=f"Форма {n}")
    client = client_for(head)
    # session, user, count, the page of rows; the modules add the specialty choices of the
    # filter and the prefetched professions and competencies of the page
    with django_assert_max_num_queries(7 if name == "practice:modules" else 4):
        response = client.get(reverse(f"{name}_list"), {"q": ""})
    assert response.status_code == 200
