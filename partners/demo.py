"""Demo partners: the five organisations of the college's report, and a believable
registry around them (fictional names; tax numbers with valid check digits)."""

import random
from datetime import timedelta

from django.utils import timezone

from kitek_portal.names import random_person
from practice.models import Specialty

from .models import (
    Contact,
    CooperationForm,
    Interaction,
    Partner,
    PartnerStatusChange,
    Sector,
    Vacancy,
)
from .validators import _INN10_WEIGHTS, _INN11_WEIGHTS, _INN12_WEIGHTS, _control

HOTEL, COOK, TRADE, SHIP, COMMERCE = "43.02.14", "43.02.15", "38.02.05", "26.02.03", "38.02.04"
S_HOTEL, S_FOOD, S_TRADE = "Гостиничные услуги", "Общественное питание", "Торговля"
S_WATER, S_RESORT, S_LOGISTICS = (
    "Водный транспорт",
    "Туризм и санаторно-курортные услуги",
    ("Логистика и складское хозяйство"),
)
S_AGRO, S_LEISURE, S_SERVICE = "АПК и пищевая промышленность", "Культура и досуг", "Сфера услуг"

OMSK = ("Омская область", "Омск")

# name, short name, legal form, country, (region, city), address, sectors, specialties, status
PARTNERS = [
    # The partners of the college's own report (section 8 of the main document).
    (
        "ООО «Комплекс «Дворец Молодёжи»",
        "Дворец Молодёжи",
        "ООО",
        "RU",
        OMSK,
        "ул. Гагарина, 2",
        [S_LEISURE, S_HOTEL, S_FOOD],
        [HOTEL, COOK],
        "active",
    ),
    (
        "ООО «Сказка»",
        "Сказка",
        "ООО",
        "RU",
        OMSK,
        "ул. 10 лет Октября, 127",
        [S_FOOD, S_HOTEL],
        [HOTEL, COOK],
        "active",
    ),
    (
        "АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
        "Санаторий «Колос»",
        "Ассоциация",
        "RU",
        ("Омская область", "с. Красноярка"),
        "ул. Лесная, 1",
        [S_RESORT, S_HOTEL, S_FOOD],
        [HOTEL, COOK],
        "active",
    ),
    (
        "ООО «Альва Донна»",
        "Альва Донна",
        "ООО",
        "RU",
        ("Московская область", "Красногорск"),
        "Волоколамское ш., 12",
        [S_HOTEL, S_SERVICE],
        [HOTEL],
        "active",
    ),
    (
        "ООО «Глория»",
        "Глория",
        "ТОО",
        "KZ",
        ("Северо-Казахстанская область", "Петропавловск"),
        "ул. Конституции Казахстана, 40",
        [S_HOTEL, S_FOOD],
        [HOTEL],
        "active",
    ),
    # Hotels and resorts.
    (
        "ООО «Гостиница «Иртышская»",
        "Гостиница «Иртышская»",
        "ООО",
        "RU",
        OMSK,
        "ул. Красный Путь, 55",
        [S_HOTEL],
        [HOTEL],
        "active",
    ),
    (
        "АО «Отель «Сибирский тракт»",
        "Сибирский тракт",
        "АО",
        "RU",
        OMSK,
        "пр. Мира, 19",
        [S_HOTEL, S_FOOD],
        [HOTEL, COOK],
        "active",
    ),
    (
        "ООО «Хостел «На Любинском»",
        "Хостел «На Любинском»",
        "ООО",
        "RU",
        OMSK,
        "Любинский пр., 8",
        [S_HOTEL],
        [HOTEL],
        "negotiation",
    ),
    (
        "ООО «Загородный клуб «Берёзовая роща»",
        "Берёзовая роща",
        "ООО",
        "RU",
        ("Омская область", "Омский район, с. Усть-Заостровка"),
        "ул. Береговая, 3",
        [S_RESORT, S_HOTEL],
        [HOTEL, COOK],
        "active",
    ),
    (
        "АНО «Санаторий-профилакторий «Иртыш»",
        "Профилакторий «Иртыш»",
        "АНО",
        "RU",
        OMSK,
        "ул. 1-я Учхозная, 2",
        [S_RESORT],
        [HOTEL, COOK],
        "suspended",
    ),
    (
        "ООО «Турбаза «Тара»",
        "Турбаза «Тара»",
        "ООО",
        "RU",
        ("Омская область", "Тара"),
        "ул. Советская, 44",
        [S_RESORT, S_HOTEL],
        [HOTEL],
        "potential",
    ),
    (
        "ООО «Гостиничный комплекс «Алтын»",
        "ГК «Алтын»",
        "ТОО",
        "KZ",
        ("Павлодарская область", "Павлодар"),
        "ул. Торайгырова, 64",
        [S_HOTEL],
        [HOTEL],
        "negotiation",
    ),
    # Restaurants, cafés, catering, bakeries.
    (
        "ООО «Ресторан «Тобольские ворота»",
        "Тобольские ворота",
        "ООО",
        "RU",
        OMSK,
        "ул. Интернациональная, 14",
        [S_FOOD],
        [COOK],
        "active",
    ),
    (
        "ООО «Кофейня «Омский бариста»",
        "Омский бариста",
        "ООО",
        "RU",
        OMSK,
        "ул. Ленина, 22",
        [S_FOOD],
        [COOK],
        "active",
    ),
    (
        "ИП Семёнова Ольга Викторовна (кондитерская «Медовик»)",
        "Кондитерская «Медовик»",
        "ИП",
        "RU",
        OMSK,
        "ул. Маршала Жукова, 74",
        [S_FOOD, S_AGRO],
        [COOK],
        "active",
    ),
    (
        "ООО «Комбинат питания «Студенческий»",
        "Комбинат «Студенческий»",
        "ООО",
        "RU",
        OMSK,
        "ул. Нефтезаводская, 11",
        [S_FOOD],
        [COOK],
        "active",
    ),
    (
        "АО «Омский хлебозавод № 5»",
        "Хлебозавод № 5",
        "АО",
        "RU",
        OMSK,
        "ул. 5-я Северная, 201",
        [S_AGRO],
        [COOK, TRADE],
        "active",
    ),
    (
        "ООО «Пекарня «Сибирский колос»",
        "Сибирский колос",
        "ООО",
        "RU",
        OMSK,
        "ул. Фрунзе, 80",
        [S_FOOD, S_AGRO],
        [COOK],
        "negotiation",
    ),
    (
        "ООО «Кейтеринг «Праздник вкуса»",
        "Праздник вкуса",
        "ООО",
        "RU",
        OMSK,
        "ул. Герцена, 34",
        [S_FOOD, S_SERVICE],
        [COOK, HOTEL],
        "active",
    ),
    (
        "ООО «Столовая «Заводская»",
        "Столовая «Заводская»",
        "ООО",
        "RU",
        OMSK,
        "пр. Губкина, 7",
        [S_FOOD],
        [COOK],
        "former",
    ),
    (
        "ИП Ахметов Руслан Маратович (кафе «Шашлычный двор»)",
        "Шашлычный двор",
        "ИП",
        "RU",
        OMSK,
        "ул. 22 Апреля, 16",
        [S_FOOD],
        [COOK],
        "potential",
    ),
    (
        "ООО «Молочный комбинат «Любинский»",
        "Любинский молкомбинат",
        "ООО",
        "RU",
        ("Омская область", "р. п. Любинский"),
        "ул. Заводская, 1",
        [S_AGRO],
        [TRADE, COOK],
        "active",
    ),
    # Trade, wholesale, commodity expertise.
    (
        "ООО «Торговый дом «Омский»",
        "ТД «Омский»",
        "ООО",
        "RU",
        OMSK,
        "ул. 10 лет Октября, 190",
        [S_TRADE, S_LOGISTICS],
        [TRADE, COMMERCE],
        "active",
    ),
    (
        "ООО «Сеть супермаркетов «Семейная корзина»",
        "Семейная корзина",
        "ООО",
        "RU",
        OMSK,
        "ул. Лукашевича, 12",
        [S_TRADE],
        [TRADE, COMMERCE],
        "active",
    ),
    (
        "ООО «Оптовая база «Сибирь-Продукт»",
        "Сибирь-Продукт",
        "ООО",
        "RU",
        OMSK,
        "ул. 2-я Казахстанская, 30",
        [S_TRADE, S_LOGISTICS],
        [TRADE, COMMERCE],
        "active",
    ),
    (
        "ООО «Испытательная лаборатория «Качество»",
        "Лаборатория «Качество»",
        "ООО",
        "RU",
        OMSK,
        "ул. Красногвардейская, 42",
        [S_SERVICE],
        [TRADE],
        "active",
    ),
    (
        "ООО «Универмаг «Омич»",
        "Универмаг «Омич»",
        "ООО",
        "RU",
        OMSK,
        "ул. Ленина, 34",
        [S_TRADE],
        [TRADE, COMMERCE],
        "negotiation",
    ),
    (
        "ООО «Магазин бытовой техники «Вольт»",
        "Вольт",
        "ООО",
        "RU",
        OMSK,
        "пр. Комарова, 6",
        [S_TRADE],
        [COMMERCE, TRADE],
        "active",
    ),
    (
        "ИП Кравец Дмитрий Анатольевич (магазин «Рыболов»)",
        "Магазин «Рыболов»",
        "ИП",
        "RU",
        OMSK,
        "ул. Дианова, 9",
        [S_TRADE],
        [COMMERCE],
        "potential",
    ),
    (
        "ООО «Фермерский рынок «Левобережный»",
        "Рынок «Левобережный»",
        "ООО",
        "RU",
        OMSK,
        "ул. Енисейская, 3",
        [S_TRADE, S_AGRO],
        [TRADE, COMMERCE],
        "active",
    ),
    (
        "ООО «Логистический центр «Транссиб»",
        "ЛЦ «Транссиб»",
        "ООО",
        "RU",
        OMSK,
        "ул. Комбинатская, 46",
        [S_LOGISTICS, S_TRADE],
        [COMMERCE],
        "suspended",
    ),
    (
        "ООО «Интернет-магазин «Сибирская ярмарка»",
        "Сибирская ярмарка",
        "ООО",
        "RU",
        ("Новосибирская область", "Новосибирск"),
        "ул. Фабричная, 4",
        [S_TRADE],
        [COMMERCE],
        "negotiation",
    ),
    # River transport.
    (
        "АО «Иртышское речное пароходство»",
        "Иртышское пароходство",
        "АО",
        "RU",
        OMSK,
        "ул. Красный Путь, 1",
        [S_WATER],
        [SHIP],
        "active",
    ),
    (
        "ООО «Омский речной порт»",
        "Речной порт",
        "ООО",
        "RU",
        OMSK,
        "ул. Бударина, 1",
        [S_WATER, S_LOGISTICS],
        [SHIP, COMMERCE],
        "active",
    ),
    (
        "ООО «Судоходная компания «Обь-Иртыш»",
        "СК «Обь-Иртыш»",
        "ООО",
        "RU",
        ("Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийск"),
        "ул. Гагарина, 2",
        [S_WATER],
        [SHIP],
        "active",
    ),
    (
        "ООО «Судоремонтный завод «Затон»",
        "СРЗ «Затон»",
        "ООО",
        "RU",
        OMSK,
        "ул. Заливная, 12",
        [S_WATER],
        [SHIP],
        "negotiation",
    ),
    (
        "ООО «Речные прогулки «Омская пристань»",
        "Омская пристань",
        "ООО",
        "RU",
        OMSK,
        "наб. Тухачевского, 1",
        [S_WATER, S_LEISURE],
        [SHIP, HOTEL],
        "potential",
    ),
    (
        "ООО «Павлодарский речной порт»",
        "Павлодарский порт",
        "ТОО",
        "KZ",
        ("Павлодарская область", "Павлодар"),
        "ул. Луговая, 16",
        [S_WATER],
        [SHIP],
        "former",
    ),
    # Leisure and services.
    (
        "ООО «Культурно-развлекательный центр «Галактика»",
        "КРЦ «Галактика»",
        "ООО",
        "RU",
        OMSK,
        "ул. Перелета, 1",
        [S_LEISURE, S_FOOD],
        [HOTEL, COOK],
        "active",
    ),
    (
        "ООО «Туристическое агентство «Сибирские просторы»",
        "Сибирские просторы",
        "ООО",
        "RU",
        OMSK,
        "ул. Карла Либкнехта, 7",
        [S_RESORT, S_SERVICE],
        [HOTEL],
        "potential",
    ),
]

STAGE_BY_STATUS = {
    "potential": (1, 2),
    "negotiation": (2, 5),
    "active": (5, 9),
    "suspended": (4, 8),
    "former": (3, 6),
}
STATUS_PATH = {
    "potential": ["potential"],
    "negotiation": ["potential", "negotiation"],
    "active": ["potential", "negotiation", "active"],
    "suspended": ["potential", "negotiation", "active", "suspended"],
    "former": ["potential", "negotiation", "active", "former"],
}
FORMS_BY_STATUS = {
    "potential": [],
    "negotiation": ["practice-base"],
    "active": ["practice-base", "mentoring", "round-tables"],
    "suspended": ["practice-base"],
    "former": ["practice-base"],
}
EXTRA_FORMS = [
    "exam-experts",
    "championships",
    "teacher-internships",
    "equipment",
    "programme-review",
    "state-attestation",
    "master-classes",
    "employment",
]
OFFERS = [
    "Подготовленные практиканты по ПМ.05, участие в демоэкзамене как площадка",
    "Обучение наставников: семинар по работе с практикантами",
    "Отбор лучших студентов для стажировки и последующего трудоустройства",
    "Помощь в подборе сезонного персонала из числа студентов",
    "Экспертиза и консультации преподавателей по стандартам обслуживания",
]
REQUESTS = [
    "Рабочие места для {places} практикантов, наставник, участие в круглом столе",
    "Места для производственной практики и рецензия программы практики",
    "Эксперты на демоэкзамен, отзыв о практикантах",
    "Стажировка мастеров производственного обучения, мастер-класс для студентов",
    "Вакансии для выпускников и участие в ГЭК",
]
POSITIONS = {
    S_HOTEL: ["Администратор гостиницы", "Портье", "Горничная", "Менеджер по бронированию"],
    S_FOOD: ["Повар", "Кондитер", "Официант", "Бармен", "Пекарь"],
    S_TRADE: ["Продавец-кассир", "Товаровед", "Менеджер по закупкам", "Кладовщик"],
    S_WATER: ["Матрос", "Рулевой-моторист", "Помощник капитана", "Диспетчер порта"],
}
CONTACT_POSITIONS = {
    S_HOTEL: ["Управляющий гостиницей", "Старший администратор", "Менеджер по персоналу"],
    S_FOOD: ["Шеф-повар", "Директор ресторана", "Су-шеф", "Управляющий"],
    S_TRADE: ["Директор магазина", "Старший товаровед", "Менеджер по персоналу"],
    S_WATER: ["Капитан-наставник", "Начальник отдела кадров", "Капитан порта"],
}
INTERACTIONS = [
    ("phone", "Обсудили количество мест на производственную практику в весеннем семестре."),
    ("email", "Направили рабочую программу практики и методические указания для ознакомления."),
    ("meeting", "Встреча с руководителем: договорились о наставниках для группы."),
    ("visit", "Посетили базу практики, проверили условия работы практикантов и охрану труда."),
    ("online", "Онлайн-консультация в Zoom по заданиям практики и дневнику практиканта."),
    ("messenger", "В общем чате согласовали даты практики и время первого дня."),
]
NEXT_STEPS = [
    "Отправить проект договора о практической подготовке",
    "Согласовать список наставников",
    "Пригласить на круглый стол",
    "Получить отзыв о практикантах",
    "Уточнить количество мест на следующий год",
]


def seed(stdout=None):
    rng = random.Random(20260101)
    sectors = {s.name: s for s in Sector.objects.all()}
    forms = {f.code: f for f in CooperationForm.objects.all()}
    specialties = {s.code: s for s in Specialty.objects.all()}
    for row in PARTNERS:
        name, short, legal_form, country, (region, city), address = row[:6]
        sector_names, codes, status = row[6:]
        if Partner.objects.filter(name=name).exists():
            continue
        inn, ogrn = _tax_numbers(rng, country, legal_form)
        stage = rng.randint(*STAGE_BY_STATUS[status])
        places = rng.choice([0, 2, 3, 4, 6, 8, 10]) if status != "potential" else 0
        slug = "".join(c for c in _latin(short) if c.isalnum()) or f"partner{len(name)}"
        partner = Partner.objects.create(
            name=name,
            short_name=short,
            legal_form=legal_form,
            country=country,
            region=region,
            city=city,
            address=address,
            website=f"https://{slug}.example" if rng.random() < 0.6 else "",
            inn=inn,
            ogrn=ogrn,
            status=status,
            stage=stage,
            places_per_year=places,
            college_offers=rng.choice(OFFERS),
            college_requests=rng.choice(REQUESTS).format(places=places or 2),
            notes="Связь только онлайн: база практики за пределами Омска."
            if country != "RU" or region != OMSK[0]
            else "",
        )
        partner.sectors.set(sectors[s] for s in sector_names)
        partner.specialties.set(specialties[c] for c in codes if c in specialties)
        extra = rng.sample(EXTRA_FORMS, k=rng.randint(0, 3)) if status == "active" else []
        partner.cooperation_forms.set(forms[c] for c in FORMS_BY_STATUS[status] + extra)
        _status_history(partner, rng)
        _contacts(partner, sector_names, slug, rng)
        _vacancies(partner, sector_names, codes, specialties, rng)
    if stdout:
        stdout.write(
            f"Партнёров: {Partner.objects.count()}, контактов: {Contact.objects.count()}, "
            f"вакансий: {Vacancy.objects.count()}"
        )


def seed_activity(staff, stdout=None):
    """Responsibles and the interaction log, once the demo staff exist."""
    rng = random.Random(20260202)
    today = timezone.localdate()
    for partner in Partner.objects.filter(responsible__isnull=True).order_by("pk"):
        partner.responsible = rng.choice(staff)
        partner.save(update_fields=["responsible"])
        if partner.interactions.exists():
            continue
        for _ in range(rng.randint(1, 4)):
            channel, summary = rng.choice(INTERACTIONS)
            date = today - timedelta(days=rng.randint(3, 150))
            interaction = Interaction(
                partner=partner,
                date=date,
                channel=channel,
                summary=summary,
                author=rng.choice([partner.responsible, *staff]),
            )
            if rng.random() < 0.4:
                interaction.next_step = rng.choice(NEXT_STEPS)
                interaction.next_step_due = max(date, today + timedelta(days=rng.randint(-6, 14)))
                interaction.next_step_done = rng.random() < 0.25
            interaction.save()
    if stdout:
        stdout.write(f"Записей в журнале взаимодействий: {Interaction.objects.count()}")


def _tax_numbers(rng, country, legal_form):
    if country == "KZ":
        return _bin(rng), ""
    if legal_form == "ИП":
        return _inn12(rng), _ogrn(rng, 15)
    return _inn10(rng), _ogrn(rng, 13)


def _digits(rng, count, prefix="55"):
    return [int(c) for c in prefix] + [rng.randint(0, 9) for _ in range(count - len(prefix))]


def _inn10(rng):
    d = _digits(rng, 9)
    return "".join(map(str, [*d, _control(d, _INN10_WEIGHTS)]))


def _inn12(rng):
    d = _digits(rng, 10)
    d.append(_control(d, _INN11_WEIGHTS))
    d.append(_control(d, _INN12_WEIGHTS))
    return "".join(map(str, d))


def _ogrn(rng, length):
    body = "".join(map(str, _digits(rng, length - 1, prefix="1" if length == 13 else "3")))
    modulus = 11 if length == 13 else 13
    return body + str(int(body) % modulus % 10)


def _bin(rng):
    while True:
        d = _digits(rng, 11, prefix="0")
        check = sum(d[i] * (i + 1) for i in range(11)) % 11
        if check == 10:
            check = sum(d[i] * ((i + 2) % 11 + 1) for i in range(11)) % 11
        if check != 10:
            return "".join(map(str, [*d, check]))


def _status_history(partner, rng):
    path = STATUS_PATH[partner.status]
    when = timezone.now() - timedelta(days=rng.randint(400, 900))
    for old, new in zip(path, path[1:], strict=False):
        when += timedelta(days=rng.randint(20, 200))
        PartnerStatusChange.objects.create(
            partner=partner, old_status=old, new_status=new, changed_at=when
        )
    Partner.objects.filter(pk=partner.pk).update(status_changed_at=when)


def _contacts(partner, sector_names, slug, rng):
    positions = CONTACT_POSITIONS.get(sector_names[0], ["Директор", "Менеджер по персоналу"])
    count = rng.randint(1, 3)
    for index in range(count):
        last, first, middle = random_person(rng)
        email = f"{_latin(last)}@{slug}.example" if rng.random() < 0.8 else ""
        Contact.objects.create(
            partner=partner,
            last_name=last,
            first_name=first,
            middle_name=middle,
            position=positions[index % len(positions)],
            phone=f"+7 (3812) {rng.randint(20, 79)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            email=email,
            messenger=f"@{_latin(last)}{rng.randint(1, 99)}" if rng.random() < 0.4 else "",
            preferred_channel=Contact.Channel.EMAIL if email and rng.random() < 0.3 else "phone",
            is_primary=index == 0,
            is_mentor=index == count - 1 or rng.random() < 0.3,
        )


def _vacancies(partner, sector_names, codes, specialties, rng):
    positions = POSITIONS.get(sector_names[0])
    if not positions or partner.status not in ("active", "negotiation") or rng.random() < 0.4:
        return
    today = timezone.localdate()
    for position in rng.sample(positions, k=rng.randint(1, 2)):
        opened = today - timedelta(days=rng.randint(5, 120))
        closed = rng.random() < 0.25
        Vacancy.objects.create(
            partner=partner,
            position=position,
            specialty=specialties.get(rng.choice(codes)),
            places=rng.randint(1, 4),
            required_level=rng.choice(Vacancy.Level.values),
            employment_type=rng.choice(Vacancy.Employment.values),
            opened_on=opened,
            status=Vacancy.Status.CLOSED if closed else Vacancy.Status.OPEN,
            closed_on=opened + timedelta(days=rng.randint(1, 4)) if closed else None,
        )


_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = dict(zip(_CYRILLIC, _LATIN.split(), strict=True))


def _latin(text):
    return "".join(_TRANSLIT.get(c, c) for c in text.lower()).replace("-", "")
