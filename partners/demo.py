"""Demo registry of social partners: the five organisations named in the college's report
and a believable registry of fictional ones around them.

Everything except the five report partners is invented: names, addresses, people, tax
numbers (random digits with correct check digits) and sites on the reserved ``.example``
domain. Any likeness to a real organisation is a coincidence.

Two steps, because the demo staff are created after the partners:
``seed()`` builds partners, contacts, status history and vacancies; ``assign_responsibles()``
then gives every new demo partner a responsible from the demo staff and writes its
interaction log. Both create things only for partners they have not seen before, so
``seed_demo`` may be run any number of times.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
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

SEED = "kitek-partners"

HOTEL, COOK, TRADE, SHIP, COMMERCE = "43.02.14", "43.02.15", "38.02.05", "26.02.03", "38.02.04"

S_HOTEL, S_FOOD, S_TRADE = "Гостиничные услуги", "Общественное питание", "Торговля"
S_RESORT, S_WATER = "Туризм и санаторно-курортные услуги", "Водный транспорт"
S_LOGISTICS, S_AGRO = "Логистика и складское хозяйство", "АПК и пищевая промышленность"
S_SERVICE, S_LEISURE = "Сфера услуг", "Культура и досуг"

ACTIVE, NEGOTIATION, POTENTIAL = "active", "negotiation", "potential"
SUSPENDED, FORMER = "suspended", "former"

# The demo staff (monitoring/demo_users.py): who is responsible for which specialty.
HEAD, HEAD2, TEACHER, DEPUTY = "head", "head2", "teacher", "deputy"
HEAD_BY_SPECIALTY = {HOTEL: HEAD, COOK: HEAD, COMMERCE: HEAD, SHIP: HEAD2, TRADE: HEAD2}


@dataclass(frozen=True)
class Place:
    region: str
    city: str
    phone_code: str
    tax_region: str  # first two digits of a Russian INN / region digits of an OGRN
    country: str = "RU"

    @property
    def remote(self):
        """Outside the Omsk region: the college works with it online."""
        return self.region != "Омская область"


OMSK = Place("Омская область", "Омск", "3812", "55")
KRASNOYARKA = Place("Омская область", "с. Красноярка", "3812", "55")
CHERNOLUCHYE = Place("Омская область", "с. Чернолучье", "3812", "55")
LUBINSKY = Place("Омская область", "р. п. Любинский", "38175", "55")
KRASNOGORSK = Place("Московская область", "Красногорск", "495", "50")
BELOKURIKHA = Place("Алтайский край", "Белокуриха", "38577", "22")
KHANTY_MANSIYSK = Place("Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийск", "3467", "86")
NOVOSIBIRSK = Place("Новосибирская область", "Новосибирск", "383", "54")
PETROPAVLOVSK = Place("Северо-Казахстанская область", "Петропавловск", "7152", "", "KZ")
PAVLODAR = Place("Павлодарская область", "Павлодар", "7182", "", "KZ")


@dataclass(frozen=True)
class Demo:
    name: str
    short: str
    legal_form: str
    place: Place
    address: str
    domain: str  # https://<domain>.example; e-mails of its people are on it too
    kind: str  # hotel, resort, food, bakery, trade, lab, ship: positions, log, vacancies
    sectors: tuple
    specialties: tuple
    status: str
    places: int
    offers: str
    requests: str
    notes: str = ""
    website: bool = True
    stage: int = 0  # 0: drawn from the range that fits the status
    forms: tuple = ()  # cooperation forms beyond those every partner of its status has
    responsible: str = ""  # username; by default the head of its first specialty
    since: date | None = None  # the report partners: agreement signed in 2021
    people: tuple = ()  # (last, first, middle, position, is_mentor), the primary first


REPORT_SINCE = date(2021, 11, 15)  # agreements before the practice of 06.12.2021

PARTNERS = [
    # The partners of the college's own report (section 8 of the main document).
    Demo(
        name="ООО «Комплекс «Дворец Молодёжи»",
        short="Дворец Молодёжи",
        legal_form="ООО",
        place=OMSK,
        address="ул. Гагарина, 2",
        domain="dvorets-molodezhi-omsk",
        kind="hotel",
        sectors=(S_LEISURE, S_HOTEL, S_FOOD),
        specialties=(HOTEL, COOK, COMMERCE),
        status=ACTIVE,
        stage=8,
        places=10,
        offers="Практиканты 41 ГД на ПМ.05 («Агент по закупкам»), площадка колледжа для "
        "круглых столов, студенты-волонтёры на крупные мероприятия комплекса",
        requests="Рабочие места для 10 практикантов в службе размещения и банкетной службе, "
        "наставники, участие директора по персоналу в круглом столе",
        forms=("exam-experts", "employment", "master-classes"),
        since=REPORT_SINCE,
        people=(("Ким", "Виталий", "Олегович", "Директор по персоналу", False),),
    ),
    Demo(
        name="ООО «Сказка»",
        short="Сказка",
        legal_form="ООО",
        place=OMSK,
        address="ул. 10 лет Октября, 127",
        domain="skazka-omsk",
        kind="food",
        sectors=(S_FOOD, S_HOTEL),
        specialties=(HOTEL, COOK),
        status=ACTIVE,
        stage=9,
        places=6,
        offers="Подготовленные практиканты по ПМ.05, участие в демоэкзамене как площадка",
        requests="Рабочие места для 6 практикантов, наставник, участие в круглом столе",
        forms=("exam-experts", "programme-review"),
        since=REPORT_SINCE,
        people=(("Руденко", "Светлана", "Игоревна", "Управляющий", True),),
    ),
    Demo(
        name="АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»",
        short="Санаторий «Колос»",
        legal_form="Ассоциация",
        place=KRASNOYARKA,
        address="ул. Лесная, 1",
        domain="sanatoriy-kolos",
        kind="resort",
        sectors=(S_RESORT, S_HOTEL, S_FOOD),
        specialties=(HOTEL, COOK),
        status=ACTIVE,
        stage=7,
        places=8,
        offers="Практиканты ГД и ПК на летний сезон, довоз группы к началу практики силами "
        "колледжа",
        requests="8 мест с проживанием, наставники в службе размещения и на пищеблоке",
        notes="Село Красноярка Омского района: практиканты живут на территории санатория, "
        "связь с наставниками по мобильной связи и в общем чате.",
        forms=("teacher-internships",),
        since=REPORT_SINCE,
    ),
    Demo(
        name="ООО «Альва Донна»",
        short="Альва Донна",
        legal_form="ООО",
        place=KRASNOGORSK,
        address="Волоколамское ш., 12",
        domain="alva-donna",
        kind="hotel",
        sectors=(S_HOTEL, S_SERVICE),
        specialties=(HOTEL,),
        status=ACTIVE,
        stage=6,
        places=3,
        offers="Старшекурсники ГД, готовые к работе в службе приёма; еженедельные "
        "онлайн-консультации руководителя практики",
        requests="3 места с общежитием для иногородних практикантов, связь с наставником онлайн",
        notes="База практики в Московской области: переговоры и сопровождение практикантов "
        "онлайн (общий чат, Zoom).",
        since=REPORT_SINCE,
    ),
    Demo(
        name="ООО «Глория»",
        short="Глория",
        legal_form="ТОО",
        place=PETROPAVLOVSK,
        address="ул. Конституции Казахстана, 40",
        domain="gloria-kz",
        kind="hotel",
        sectors=(S_HOTEL, S_FOOD),
        specialties=(HOTEL,),
        status=ACTIVE,
        stage=6,
        places=3,
        offers="Практиканты ГД для гостиницы и ресторана при ней, помощь в подборе "
        "сезонного персонала",
        requests="3 места для практики, отзыв наставника, участие в онлайн-круглом столе",
        notes="Казахстан: связь только онлайн. В отчёте колледжа записано как ООО; "
        "в Казахстане это товарищество с ограниченной ответственностью (ТОО).",
        since=REPORT_SINCE,
    ),
    # Hotels and resorts.
    Demo(
        name="АО «Гостиничный комплекс «Иртышский плёс»",
        short="ГК «Иртышский плёс»",
        legal_form="АО",
        place=OMSK,
        address="ул. Красный Путь, 82",
        domain="irtysh-ples",
        kind="hotel",
        sectors=(S_HOTEL, S_FOOD),
        specialties=(HOTEL, COOK),
        status=ACTIVE,
        places=10,
        offers="Студенты ГД на стойку приёма в высокий сезон, колледж — площадка отборочного "
        "этапа чемпионата «Профессионалы»",
        requests="10 мест на производственную практику, эксперт демоэкзамена, стажировка "
        "мастера п/о в службе приёма",
        forms=("exam-experts", "teacher-internships", "employment"),
    ),
    Demo(
        name="ООО «Бизнес-отель «Меридиан-Омск»",
        short="Меридиан-Омск",
        legal_form="ООО",
        place=OMSK,
        address="пр. Карла Маркса, 41",
        domain="meridian-omsk-hotel",
        kind="hotel",
        sectors=(S_HOTEL,),
        specialties=(HOTEL, COMMERCE),
        status=ACTIVE,
        places=5,
        offers="Практиканты с английским языком для службы бронирования; семинар "
        "преподавателей по стандартам сервиса для персонала",
        requests="5 мест, наставник-администратор, отзывы о практикантах для портфолио",
    ),
    Demo(
        name="ООО «Мини-отель «Любинский дворик»",
        short="Любинский дворик",
        legal_form="ООО",
        place=OMSK,
        address="Любинский пр., 18",
        domain="lubinsky-dvorik",
        kind="hotel",
        sectors=(S_HOTEL,),
        specialties=(HOTEL,),
        status=NEGOTIATION,
        stage=3,
        places=2,
        offers="Практиканты на выходные и праздники, помощь в ведении страниц отеля на "
        "сайтах бронирования",
        requests="2 места на практику по ПМ.01, договор о практической подготовке",
        website=False,
    ),
    Demo(
        name="ООО «Хостел «Пятый угол»",
        short="Хостел «Пятый угол»",
        legal_form="ООО",
        place=OMSK,
        address="ул. Чокана Валиханова, 9",
        domain="pyaty-ugol-hostel",
        kind="hotel",
        sectors=(S_HOTEL,),
        specialties=(HOTEL,),
        status=POTENTIAL,
        places=0,
        offers="Студенты на сезонную подработку администраторами",
        requests="1–2 места для учебной практики первокурсников",
        website=False,
    ),
    Demo(
        name="ООО «Загородный отель «Сосновый бор»",
        short="Сосновый бор",
        legal_form="ООО",
        place=CHERNOLUCHYE,
        address="ул. Курортная, 7",
        domain="sosnovy-bor-omsk",
        kind="resort",
        sectors=(S_RESORT, S_HOTEL, S_FOOD),
        specialties=(HOTEL, COOK),
        status=ACTIVE,
        places=8,
        offers="Сезонные практиканты ГД и ПК на май–сентябрь, программа анимации силами студентов",
        requests="8 мест с проживанием и питанием, трансфер из Омска в начале и конце практики",
        forms=("employment",),
    ),
    Demo(
        name="АНО «Санаторий-профилакторий «Светлый»",
        short="Профилакторий «Светлый»",
        legal_form="АНО",
        place=OMSK,
        address="ул. 2-я Поселковая, 15",
        domain="profilaktoriy-svetly",
        kind="resort",
        sectors=(S_RESORT,),
        specialties=(HOTEL, COOK),
        status=SUSPENDED,
        places=4,
        offers="Практиканты ПК на диетическую кухню, студенты ГД в службу размещения",
        requests="4 места, наставник-диетсестра, отзыв о практикантах",
        notes="Приём практикантов приостановлен на время реконструкции спального корпуса.",
        website=False,
    ),
    Demo(
        name="ТОО «Гостиничный комплекс «Есиль-Тур»",
        short="ГК «Есиль-Тур»",
        legal_form="ТОО",
        place=PETROPAVLOVSK,
        address="ул. Жамбыла, 120",
        domain="esil-tour",
        kind="hotel",
        sectors=(S_HOTEL, S_RESORT),
        specialties=(HOTEL,),
        status=NEGOTIATION,
        stage=2,
        places=2,
        offers="Практиканты ГД из приграничных районов, онлайн-семинар о сервисе для персонала",
        requests="2 места с проживанием, договор по примеру ООО «Глория»",
        notes="Петропавловск (Казахстан): переговоры онлайн, как с ООО «Глория».",
        responsible=TEACHER,
    ),
    Demo(
        name="ООО «Курорт «Алтайская долина»",
        short="Алтайская долина",
        legal_form="ООО",
        place=BELOKURIKHA,
        address="Курортная ул., 31",
        domain="altai-dolina",
        kind="resort",
        sectors=(S_RESORT, S_HOTEL),
        specialties=(HOTEL, COOK),
        status=ACTIVE,
        places=6,
        offers="Летние практиканты ГД и ПК, лучшие — на сезонную работу после практики",
        requests="6 мест с общежитием, оплата проезда, наставник на связи онлайн",
        notes="Иногородняя база летней практики: проживание в общежитии курорта, связь с "
        "наставниками онлайн.",
        forms=("employment",),
    ),
    # Restaurants, cafés, catering, bakeries, confectionery.
    Demo(
        name="ООО «Ресторан «Купеческий двор»",
        short="Купеческий двор",
        legal_form="ООО",
        place=OMSK,
        address="ул. Ленина, 18",
        domain="kupechesky-dvor",
        kind="food",
        sectors=(S_FOOD,),
        specialties=(COOK, HOTEL),
        status=ACTIVE,
        places=6,
        offers="Практиканты ПК в горячий и холодный цех, студенты ГД в банкетную службу",
        requests="6 мест, шеф-повар — эксперт демоэкзамена по компетенции «Поварское дело»",
        forms=("exam-experts", "master-classes", "championships"),
    ),
    Demo(
        name="ООО «Кофейня «Зерно и пар»",
        short="Зерно и пар",
        legal_form="ООО",
        place=OMSK,
        address="ул. Гагарина, 14",
        domain="zerno-i-par",
        kind="food",
        sectors=(S_FOOD,),
        specialties=(COOK, COMMERCE),
        status=ACTIVE,
        places=3,
        offers="Практиканты ПК на выпечку и десерты, студенты КМ — анализ продаж кофейни",
        requests="3 места, мастер-класс бариста для студентов",
        forms=("master-classes",),
        responsible=TEACHER,
    ),
    Demo(
        name="ИП Семёнова Ольга Викторовна (кондитерская «Медовый пряник»)",
        short="Кондитерская «Медовый пряник»",
        legal_form="ИП",
        place=OMSK,
        address="ул. Маршала Жукова, 74",
        domain="medovy-pryanik",
        kind="bakery",
        sectors=(S_FOOD, S_AGRO),
        specialties=(COOK,),
        status=ACTIVE,
        places=2,
        offers="Практиканты ПК по ПМ.05 «Кондитер», помощь студентов на ярмарках",
        requests="2 места в кондитерском цехе, мастер-класс по пряничной росписи",
        forms=("master-classes",),
        people=(
            ("Семёнова", "Ольга", "Викторовна", "Индивидуальный предприниматель, кондитер", True),
        ),
    ),
    Demo(
        name="ООО «Комбинат социального питания «Омский»",
        short="КСП «Омский»",
        legal_form="ООО",
        place=OMSK,
        address="ул. Нефтезаводская, 11",
        domain="ksp-omsky",
        kind="food",
        sectors=(S_FOOD,),
        specialties=(COOK, TRADE),
        status=ACTIVE,
        places=12,
        offers="Практиканты на линию раздачи и в заготовочный цех, студенты ТЭ на входной "
        "контроль сырья",
        requests="12 мест в год, наставники-технологи, стажировка преподавателей по массовому "
        "питанию",
        forms=("teacher-internships", "employment"),
    ),
    Demo(
        name="АО «Хлебокомбинат «Сибирская нива»",
        short="Хлебокомбинат «Сибирская нива»",
        legal_form="АО",
        place=OMSK,
        address="ул. 5-я Северная, 201",
        domain="sibniva-hleb",
        kind="bakery",
        sectors=(S_AGRO, S_TRADE),
        specialties=(COOK, TRADE),
        status=ACTIVE,
        places=8,
        offers="Практиканты ПК в хлебопекарный цех, студенты ТЭ в лабораторию входного контроля",
        requests="8 мест, экскурсии на производство для первокурсников, рецензия программы "
        "практики",
        forms=("programme-review", "equipment"),
    ),
    Demo(
        name="ООО «Пекарня «Тёплый каравай»",
        short="Тёплый каравай",
        legal_form="ООО",
        place=OMSK,
        address="ул. Фрунзе, 80",
        domain="teply-karavay",
        kind="bakery",
        sectors=(S_FOOD, S_AGRO),
        specialties=(COOK,),
        status=NEGOTIATION,
        stage=4,
        places=3,
        offers="Практиканты ПК в утреннюю смену, дегустации продукции на днях открытых дверей",
        requests="3 места, наставник-пекарь, договор о практической подготовке",
        responsible=TEACHER,
    ),
    Demo(
        name="ООО «Кейтеринг «Большая тарелка»",
        short="Большая тарелка",
        legal_form="ООО",
        place=OMSK,
        address="ул. Герцена, 34",
        domain="bolshaya-tarelka",
        kind="food",
        sectors=(S_FOOD, S_SERVICE),
        specialties=(COOK, HOTEL),
        status=ACTIVE,
        places=6,
        offers="Практиканты ПК и ГД на выездные банкеты, помощь студентов на фуршетах",
        requests="6 мест, шеф-повар на круглый стол о практике на выездном обслуживании",
        forms=("round-tables",),
    ),
    Demo(
        name="ООО «Столовая «Заводская»",
        short="Столовая «Заводская»",
        legal_form="ООО",
        place=OMSK,
        address="пр. Губкина, 7",
        domain="stolovaya-zavodskaya",
        kind="food",
        sectors=(S_FOOD,),
        specialties=(COOK,),
        status=FORMER,
        places=0,
        offers="Практиканты ПК на линию раздачи",
        requests="4 места для учебной практики первокурсников",
        notes="Сотрудничество прекращено: столовая закрыта, питание завода передано "
        "сторонней компании.",
        website=False,
    ),
    Demo(
        name="ИП Ахметов Руслан Маратович (кафе «Шашлычный двор»)",
        short="Шашлычный двор",
        legal_form="ИП",
        place=OMSK,
        address="ул. 22 Апреля, 16",
        domain="shashlychny-dvor",
        kind="food",
        sectors=(S_FOOD,),
        specialties=(COOK,),
        status=POTENTIAL,
        places=0,
        offers="Студенты ПК на летний сезон летней веранды",
        requests="1–2 места для практики, знакомство с мангальным производством",
        website=False,
        responsible=TEACHER,
        people=(("Ахметов", "Руслан", "Маратович", "Индивидуальный предприниматель", False),),
    ),
    Demo(
        name="ООО «Кондитерская фабрика «Сибирский леденец»",
        short="Фабрика «Сибирский леденец»",
        legal_form="ООО",
        place=OMSK,
        address="ул. 3-я Енисейская, 32",
        domain="sib-ledenets",
        kind="bakery",
        sectors=(S_AGRO, S_TRADE),
        specialties=(COOK, TRADE),
        status=ACTIVE,
        places=5,
        offers="Практиканты ПК в карамельный и шоколадный цеха, студенты ТЭ на склад готовой "
        "продукции",
        requests="5 мест, образцы продукции для занятий по товароведению",
        forms=("equipment",),
    ),
    Demo(
        name="ООО «Молочный завод «Заречье»",
        short="Молзавод «Заречье»",
        legal_form="ООО",
        place=LUBINSKY,
        address="ул. Заводская, 3",
        domain="zarechye-moloko",
        kind="lab",
        sectors=(S_AGRO,),
        specialties=(TRADE, COOK),
        status=NEGOTIATION,
        stage=3,
        places=3,
        offers="Студенты ТЭ для лаборатории входного контроля молока",
        requests="3 места, проезд из Омска, экскурсия для группы 21 ТЭ",
    ),
    Demo(
        name="ООО «Комбинат питания «Речник»",
        short="Комбинат питания «Речник»",
        legal_form="ООО",
        place=OMSK,
        address="ул. Бударина, 5",
        domain="rechnik-pitanie",
        kind="food",
        sectors=(S_FOOD, S_WATER),
        specialties=(COOK,),
        status=ACTIVE,
        places=4,
        offers="Практиканты ПК — будущие судовые повара, совместный конкурс «Камбуз»",
        requests="4 места в цехе бортового питания, наставник-технолог",
    ),
    # Trade, wholesale, commodity expertise.
    Demo(
        name="ООО «Торговый дом «Сибирский купец»",
        short="ТД «Сибирский купец»",
        legal_form="ООО",
        place=OMSK,
        address="ул. 10 лет Октября, 190",
        domain="sib-kupets",
        kind="trade",
        sectors=(S_TRADE, S_LOGISTICS),
        specialties=(TRADE, COMMERCE),
        status=ACTIVE,
        places=6,
        offers="Практиканты ТЭ и КМ для приёмки и выкладки, кейсы по закупкам для занятий",
        requests="6 мест, доступ практикантов к товароучётной программе, участие в ГЭК",
        forms=("state-attestation", "employment"),
    ),
    Demo(
        name="ООО «Сеть супермаркетов «Полная корзинка»",
        short="Полная корзинка",
        legal_form="ООО",
        place=OMSK,
        address="ул. Лукашевича, 12",
        domain="polnaya-korzinka",
        kind="trade",
        sectors=(S_TRADE,),
        specialties=(TRADE, COMMERCE),
        status=ACTIVE,
        places=12,
        offers="Практиканты в 4 магазина сети, студенты на инвентаризации и сезонные акции",
        requests="12 мест в год, наставники — директора магазинов, вакансии для выпускников",
        forms=("employment", "programme-review"),
    ),
    Demo(
        name="АО «Оптовая база «Северная»",
        short="Оптовая база «Северная»",
        legal_form="АО",
        place=OMSK,
        address="ул. 2-я Казахстанская, 30",
        domain="baza-severnaya",
        kind="trade",
        sectors=(S_TRADE, S_LOGISTICS),
        specialties=(TRADE, COMMERCE),
        status=ACTIVE,
        places=6,
        offers="Практиканты ТЭ на приёмку по количеству и качеству, помощь в инвентаризации",
        requests="6 мест, экскурсия на склады для группы 21 ТЭ, эксперт на квалификационный "
        "экзамен",
        forms=("exam-experts",),
    ),
    Demo(
        name="ООО «Лаборатория «Эталон-Качество»",
        short="Эталон-Качество",
        legal_form="ООО",
        place=OMSK,
        address="ул. Красногвардейская, 42",
        domain="etalon-kachestvo",
        kind="lab",
        sectors=(S_SERVICE,),
        specialties=(TRADE,),
        status=ACTIVE,
        places=3,
        offers="Студенты ТЭ, подготовленные к органолептической оценке товаров",
        requests="3 места, рецензия КОС по ПМ.01, стажировка преподавателя товароведения",
        forms=("programme-review", "teacher-internships"),
        responsible=TEACHER,
    ),
    Demo(
        name="ООО «Торговый центр «Пятая линия»",
        short="ТЦ «Пятая линия»",
        legal_form="ООО",
        place=OMSK,
        address="ул. 5-я Линия, 157",
        domain="pyataya-liniya",
        kind="trade",
        sectors=(S_TRADE, S_SERVICE),
        specialties=(COMMERCE, TRADE),
        status=NEGOTIATION,
        stage=2,
        places=4,
        offers="Практиканты КМ для арендаторов центра, исследование покупательского потока",
        requests="4 места, площадка для студенческой ярмарки",
    ),
    Demo(
        name="ООО «Магазин бытовой техники «Ампер»",
        short="Ампер",
        legal_form="ООО",
        place=OMSK,
        address="пр. Комарова, 6",
        domain="amper-tehnika",
        kind="trade",
        sectors=(S_TRADE,),
        specialties=(COMMERCE, TRADE),
        status=ACTIVE,
        places=4,
        offers="Практиканты КМ в торговый зал и на оформление кредитов, студенты на акции",
        requests="4 места, обучение практикантов по стандартам продаж",
    ),
    Demo(
        name="ИП Кравец Дмитрий Анатольевич (магазин «Рыболов-охотник»)",
        short="Магазин «Рыболов-охотник»",
        legal_form="ИП",
        place=OMSK,
        address="ул. Дианова, 9",
        domain="rybolov-ohotnik",
        kind="trade",
        sectors=(S_TRADE,),
        specialties=(COMMERCE,),
        status=POTENTIAL,
        places=0,
        offers="Студенты КМ на весенний сезон продаж",
        requests="1 место для практики, участие в ярмарке вакансий",
        website=False,
        people=(("Кравец", "Дмитрий", "Анатольевич", "Индивидуальный предприниматель", False),),
    ),
    Demo(
        name="ООО «Фермерская ярмарка «Сытный ряд»",
        short="Сытный ряд",
        legal_form="ООО",
        place=OMSK,
        address="ул. Енисейская, 3",
        domain="sytny-ryad",
        kind="trade",
        sectors=(S_TRADE, S_AGRO),
        specialties=(TRADE, COMMERCE),
        status=ACTIVE,
        places=4,
        offers="Практиканты ТЭ для контроля маркировки и сроков годности у фермеров",
        requests="4 места, площадка для выездных занятий по экспертизе продовольственных товаров",
        responsible=TEACHER,
    ),
    Demo(
        name="ООО «Логистический центр «Транзит-Омск»",
        short="ЛЦ «Транзит-Омск»",
        legal_form="ООО",
        place=OMSK,
        address="ул. Комбинатская, 46",
        domain="tranzit-omsk",
        kind="trade",
        sectors=(S_LOGISTICS, S_TRADE),
        specialties=(COMMERCE, TRADE),
        status=SUSPENDED,
        places=4,
        offers="Практиканты КМ и ТЭ на приёмку и отгрузку",
        requests="4 места, наставник — начальник склада",
        notes="Переезд на новый склад: приём практикантов приостановлен до его окончания.",
    ),
    Demo(
        name="ООО «Интернет-магазин «Сибирское лукошко»",
        short="Сибирское лукошко",
        legal_form="ООО",
        place=NOVOSIBIRSK,
        address="ул. Фабричная, 4",
        domain="sib-lukoshko",
        kind="trade",
        sectors=(S_TRADE,),
        specialties=(COMMERCE,),
        status=NEGOTIATION,
        stage=3,
        places=2,
        offers="Студенты КМ на удалённую работу с карточками товаров",
        requests="2 места дистанционной практики, наставник на связи в мессенджере",
        notes="Новосибирск: обсуждаем дистанционный формат практики.",
    ),
    # River transport (the Irtysh).
    Demo(
        name="АО «Судоходная компания «Омь-Флот»",
        short="СК «Омь-Флот»",
        legal_form="АО",
        place=OMSK,
        address="Иртышская наб., 40",
        domain="om-flot",
        kind="ship",
        sectors=(S_WATER,),
        specialties=(SHIP,),
        status=ACTIVE,
        places=10,
        offers="Курсанты СВ на плавательную практику матросами и рулевыми, подготовка к "
        "квалификационному экзамену",
        requests="10 мест в экипажах на навигацию, капитаны-наставники, стажировка "
        "преподавателей на судах",
        forms=("teacher-internships", "exam-experts", "employment"),
    ),
    Demo(
        name="АО «Речной порт «Иртышская гавань»",
        short="Порт «Иртышская гавань»",
        legal_form="АО",
        place=OMSK,
        address="ул. Бударина, 3",
        domain="irtysh-gavan",
        kind="ship",
        sectors=(S_WATER, S_LOGISTICS),
        specialties=(SHIP, COMMERCE),
        status=ACTIVE,
        places=6,
        offers="Курсанты СВ на портовый флот, студенты КМ в отдел грузовых перевозок",
        requests="6 мест, капитан порта на ГЭК, экскурсия в порт для первого курса",
        forms=("state-attestation",),
    ),
    Demo(
        name="ООО «Речные прогулки «Омская пристань»",
        short="Омская пристань",
        legal_form="ООО",
        place=OMSK,
        address="наб. Тухачевского, 1",
        domain="omskaya-pristan",
        kind="ship",
        sectors=(S_WATER, S_LEISURE),
        specialties=(SHIP, HOTEL),
        status=NEGOTIATION,
        stage=2,
        places=4,
        offers="Курсанты СВ на прогулочные теплоходы, студенты ГД — обслуживание пассажиров",
        requests="4 места на летнюю навигацию",
        responsible=TEACHER,
    ),
    Demo(
        name="ООО «Судоремонтная верфь «Кировский затон»",
        short="Верфь «Кировский затон»",
        legal_form="ООО",
        place=OMSK,
        address="ул. Заливная, 12",
        domain="kirovsky-zaton",
        kind="ship",
        sectors=(S_WATER,),
        specialties=(SHIP,),
        status=NEGOTIATION,
        stage=4,
        places=4,
        offers="Курсанты СВ на зимний судоремонт, помощь в подготовке судов к навигации",
        requests="4 места на межнавигационный период, инструктаж по охране труда",
    ),
    Demo(
        name="ООО «Судоходная компания «Северный путь»",
        short="СК «Северный путь»",
        legal_form="ООО",
        place=KHANTY_MANSIYSK,
        address="ул. Набережная, 16",
        domain="severny-put-flot",
        kind="ship",
        sectors=(S_WATER,),
        specialties=(SHIP,),
        status=ACTIVE,
        places=6,
        offers="Курсанты СВ на рейсовую практику Омск — Ханты-Мансийск — Салехард",
        requests="6 мест в экипажах, проезд до места посадки, отзыв капитана",
        notes="Практика рейсовая (Иртыш — Обь): курсанты в рейсе по 2–3 месяца, связь с "
        "капитанами в мессенджере.",
        forms=("employment",),
    ),
    Demo(
        name="ТОО «Речная компания «Ертіс-Флот»",
        short="Ертіс-Флот",
        legal_form="ТОО",
        place=PAVLODAR,
        address="ул. Луговая, 16",
        domain="ertis-flot",
        kind="ship",
        sectors=(S_WATER,),
        specialties=(SHIP,),
        status=FORMER,
        places=0,
        offers="Курсанты СВ на верхний Иртыш",
        requests="4 места в экипажах",
        notes="Сотрудничество прекращено после смены собственника; последние курсанты "
        "практику завершили.",
        website=False,
    ),
    # Travel.
    Demo(
        name="ООО «Туристическое агентство «Сибирские просторы»",
        short="Сибирские просторы",
        legal_form="ООО",
        place=OMSK,
        address="ул. Карла Либкнехта, 7",
        domain="sib-prostory",
        kind="hotel",
        sectors=(S_RESORT, S_SERVICE),
        specialties=(HOTEL,),
        status=POTENTIAL,
        places=0,
        offers="Студенты ГД для сопровождения групп и работы с бронированием",
        requests="2 места, презентация турагентства для студентов",
    ),
]

STAGES = {POTENTIAL: (1, 2), NEGOTIATION: (2, 5), ACTIVE: (5, 9), SUSPENDED: (4, 8), FORMER: (3, 6)}
STATUS_PATH = {
    POTENTIAL: [POTENTIAL],
    NEGOTIATION: [POTENTIAL, NEGOTIATION],
    ACTIVE: [POTENTIAL, NEGOTIATION, ACTIVE],
    SUSPENDED: [POTENTIAL, NEGOTIATION, ACTIVE, SUSPENDED],
    FORMER: [POTENTIAL, NEGOTIATION, ACTIVE, FORMER],
}
# How long ago (days) the partner reached its current status.
STATUS_AGE = {
    POTENTIAL: (30, 150),
    NEGOTIATION: (25, 150),
    ACTIVE: (250, 900),
    SUSPENDED: (35, 120),
    FORMER: (160, 400),
}
STATUS_COMMENTS = {
    NEGOTIATION: "Первая встреча: партнёр готов обсуждать практику",
    ACTIVE: "Подписан договор о практической подготовке обучающихся",
    SUSPENDED: "Партнёр временно не принимает практикантов",
    FORMER: "Сотрудничество прекращено",
}
FORMS_BY_STATUS = {
    POTENTIAL: [],
    NEGOTIATION: ["practice-base"],
    ACTIVE: ["practice-base", "mentoring", "round-tables"],
    SUSPENDED: ["practice-base", "mentoring"],
    FORMER: ["practice-base"],
}

SPECIALTY_NAMES = {
    HOTEL: "43.02.14 Гостиничное дело",
    COOK: "43.02.15 Поварское и кондитерское дело",
    TRADE: "38.02.05 Товароведение и экспертиза качества потребительских товаров",
    SHIP: "26.02.03 Судовождение",
    COMMERCE: "38.02.04 Коммерция",
}
# Which specialty a kind of partner's log talks about, when the partner has it.
KIND_SPECIALTY = {
    "hotel": HOTEL,
    "resort": HOTEL,
    "food": COOK,
    "bakery": COOK,
    "trade": TRADE,
    "lab": TRADE,
    "ship": SHIP,
}
GROUPS = {
    HOTEL: ["21 ГД", "31 ГД", "41 ГД"],
    COOK: ["21 ПК", "31 ПК", "41 ПК"],
    TRADE: ["21 ТЭ", "31 ТЭ"],
    SHIP: ["21 СВ", "31 СВ", "41 СВ"],
    COMMERCE: ["21 КМ", "31 КМ"],
}

# kind: (positions of a primary contact, [(other position, is mentor)])
POSITIONS = {
    "hotel": (
        ["Управляющий гостиницей", "Директор", "Менеджер по персоналу"],
        [
            ("Старший администратор гостиницы", True),
            ("Руководитель службы приёма и размещения", True),
            ("Администратор гостиницы", True),
            ("Менеджер по бронированию", False),
            ("Менеджер по персоналу", False),
        ],
    ),
    "resort": (
        ["Директор", "Заместитель директора по общим вопросам", "Менеджер по персоналу"],
        [
            ("Старший администратор", True),
            ("Шеф-повар", True),
            ("Заведующий производством", True),
            ("Специалист по кадрам", False),
        ],
    ),
    "food": (
        ["Директор", "Управляющий", "Генеральный директор"],
        [
            ("Шеф-повар", True),
            ("Су-шеф", True),
            ("Заведующий производством", True),
            ("Менеджер зала", True),
            ("Менеджер по персоналу", False),
        ],
    ),
    "bakery": (
        ["Директор", "Генеральный директор", "Менеджер по персоналу"],
        [
            ("Технолог хлебопекарного производства", True),
            ("Шеф-кондитер", True),
            ("Мастер кондитерского цеха", True),
            ("Заведующий складом готовой продукции", False),
        ],
    ),
    "trade": (
        ["Директор магазина", "Коммерческий директор", "Менеджер по персоналу"],
        [
            ("Старший товаровед", True),
            ("Администратор торгового зала", True),
            ("Заведующий складом", True),
            ("Специалист по закупкам", False),
        ],
    ),
    "lab": (
        ["Руководитель лаборатории", "Директор", "Начальник производственной лаборатории"],
        [
            ("Эксперт-товаровед", True),
            ("Инженер-лаборант", True),
            ("Специалист по качеству", False),
        ],
    ),
    "ship": (
        ["Начальник отдела кадров", "Заместитель генерального директора по кадрам", "Директор"],
        [
            ("Капитан-наставник", True),
            ("Капитан теплохода", True),
            ("Механик-наставник", True),
            ("Диспетчер", False),
        ],
    ),
}

# kind: [(channel, summary)] for an active partner's log
KIND_LOG = {
    "hotel": [
        (
            "visit",
            "Посетили службу приёма и размещения: рабочие места для группы {group} "
            "готовы, практиканты будут работать на стойке в две смены.",
        ),
        (
            "email",
            "Отправили рабочую программу практики по ПМ.01 и методические указания; "
            "управляющий замечаний не прислал.",
        ),
        (
            "online",
            "Онлайн-встреча в Zoom с менеджером по персоналу: обсудили задания по "
            "бронированию и работе с жалобами гостей.",
        ),
        ("phone", "Согласовали даты выхода практикантов {group} и медосмотр до начала практики."),
        (
            "messenger",
            "В общем чате работодателей разместили тему и дату круглого стола по итогам практики.",
        ),
        ("meeting", "Управляющий дал отзыв о практикантах: двоих приглашают на летнюю работу."),
    ],
    "resort": [
        (
            "visit",
            "Выезд в санаторий: проверили условия проживания практикантов {group} и "
            "инструктаж по охране труда.",
        ),
        ("phone", "Согласовали трансфер группы {group} и размещение в корпусе для персонала."),
        ("email", "Направили программу летней практики и график дежурств руководителя практики."),
        ("online", "Онлайн-консультация с наставниками: задания по ПМ.01 и дневник практики."),
        ("messenger", "Наставник прислал в чат фото рабочих мест и график смен на неделю."),
    ],
    "food": [
        (
            "visit",
            "Выезд на производство: проверили горячий и холодный цеха, санкнижки "
            "практикантов {group}, инструктаж проведён.",
        ),
        (
            "meeting",
            "Шеф-повар провёл мастер-класс для {group} в учебной кухне колледжа; "
            "договорились повторить весной.",
        ),
        (
            "email",
            "Направили задания демоэкзамена по компетенции «Поварское дело»: шеф-повар "
            "готов быть экспертом.",
        ),
        ("phone", "Обсудили места на практику в весеннем семестре: готовы принять {n} человек."),
        ("messenger", "Согласовали в мессенджере смены практикантов с учётом расписания занятий."),
    ],
    "bakery": [
        (
            "visit",
            "Посетили цех: технолог показал линию и участок ручной отделки, рабочие места "
            "для {group} определены.",
        ),
        ("email", "Отправили программу практики по ПМ.05 «Кондитер» на рецензию технологу."),
        ("phone", "Договорились о ночной смене только для совершеннолетних практикантов."),
        (
            "meeting",
            "Обсудили участие предприятия в чемпионате «Профессионалы» по "
            "кондитерскому делу: нужны продукты для тренировок.",
        ),
        ("messenger", "Технолог прислал в чат отзыв о практикантах за прошлую неделю."),
    ],
    "trade": [
        (
            "visit",
            "Посетили склад и торговый зал: практиканты {group} будут вести приёмку "
            "товара по количеству и качеству.",
        ),
        ("email", "Отправили программу практики по ПМ.01 с заданиями по управлению ассортиментом."),
        (
            "meeting",
            "Встреча с директором: обсудили наставников и доступ практикантов к "
            "товароучётной программе.",
        ),
        ("phone", "Старший товаровед подтвердил {n} мест на период инвентаризации."),
        (
            "online",
            "Онлайн-круглый стол о торговле: работодатель предложил добавить в КОС "
            "работу с маркировкой «Честный знак».",
        ),
    ],
    "lab": [
        (
            "visit",
            "Посетили лабораторию: практиканты {group} будут готовить пробы и вести "
            "журнал испытаний.",
        ),
        ("email", "Направили КОС по ПМ.01 на рецензию; эксперт обещал замечания к весне."),
        ("meeting", "Обсудили стажировку преподавателя товароведения в лаборатории."),
        (
            "phone",
            "Согласовали допуск практикантов к органолептической оценке под контролем эксперта.",
        ),
    ],
    "ship": [
        (
            "meeting",
            "Встреча в отделе кадров: плавательная практика {group} в навигацию, нужны "
            "медкомиссия и удостоверения матроса.",
        ),
        (
            "visit",
            "Выезд в затон: осмотрели суда, на которых будут практиканты, познакомились с "
            "капитанами-наставниками.",
        ),
        (
            "email",
            "Направили программу плавательной практики по ПМ.01 «Управление и "
            "эксплуатация судна» на рецензию.",
        ),
        ("phone", "Капитан-наставник подтвердил {n} мест в экипажах на навигацию."),
        (
            "online",
            "Онлайн-совещание: требования к подготовке рулевых-мотористов и тренажёрная "
            "подготовка в колледже.",
        ),
    ],
}
STATUS_LOG = {
    POTENTIAL: [
        (
            "phone",
            "Первый звонок: рассказали о колледже и специальности {spec}; руководитель "
            "готов рассмотреть практикантов.",
        ),
        (
            "email",
            "Отправили презентацию колледжа и предложение о сотрудничестве с графиком "
            "практик на учебный год.",
        ),
    ],
    NEGOTIATION: [
        (
            "meeting",
            "Переговоры с руководителем: обсудили взаимные интересы, число мест и наставников.",
        ),
        (
            "email",
            "Направили проект договора о практической подготовке обучающихся на согласование.",
        ),
        (
            "online",
            "Онлайн-встреча: показали программу практики и формы отчётности, партнёр "
            "попросил уточнить график.",
        ),
    ],
    SUSPENDED: [
        (
            "phone",
            "Партнёр сообщил, что временно не принимает практикантов; договор не расторгнут.",
        ),
    ],
    FORMER: [
        (
            "phone",
            "Руководитель сообщил о прекращении сотрудничества; практиканты "
            "переведены на другие базы.",
        ),
    ],
}
# The report partners: what section 8 of the main document says happened in 2021.
REPORT_LOG = [
    (
        date(2021, 11, 16),
        "messenger",
        "Переговоры в общем чате и по мобильной связи: места "
        "практики для группы 41 ГД по ПМ.05 (06.12–18.12.2021).",
    ),
    (
        date(2021, 11, 24),
        "email",
        "Отправили рабочую программу и методические указания по "
        "практике; предложили внести коррективы — работодатель согласен с заданиями.",
    ),
    (
        date(2021, 12, 20),
        "online",
        "Итоги практики 41 ГД: работодатель положительно оценил "
        "онлайн-встречи и общий чат, поддержал банк вакансий.",
    ),
]
NEXT_STEPS = {
    POTENTIAL: [
        "Договориться о встрече на предприятии",
        "Отправить предложение о сотрудничестве и график практик",
    ],
    NEGOTIATION: [
        "Получить подписанный договор о практической подготовке",
        "Согласовать список наставников и рабочие места",
        "Пригласить руководителя на круглый стол",
    ],
    ACTIVE: [
        "Пригласить на круглый стол по итогам практики",
        "Получить отзывы наставников о практикантах",
        "Согласовать эксперта на демоэкзамен",
        "Уточнить количество мест на следующий учебный год",
        "Отправить график дислокации практикантов с данными наставников",
        "Согласовать стажировку мастера производственного обучения",
    ],
    SUSPENDED: ["Уточнить сроки возобновления приёма практикантов"],
    FORMER: ["Предложить возобновить сотрудничество"],
}
# Steps already done: what a partner at that status has plausibly been through.
DONE_STEPS = {
    POTENTIAL: ["Узнать, кто отвечает за подбор персонала", "Отправить презентацию колледжа"],
    NEGOTIATION: [
        "Отправить программу практики для ознакомления",
        "Согласовать дату встречи с руководителем",
    ],
    ACTIVE: NEXT_STEPS[ACTIVE],
    SUSPENDED: NEXT_STEPS[ACTIVE],
    FORMER: NEXT_STEPS[ACTIVE],
}
# How many partners' latest log entry carries a next step of each kind; the rest have none.
STEP_KINDS = {"overdue": 3, "soon": 10, "later": 6, "done": 8}

# kind: [(position, specialty, required level, employment type)]
VACANCIES = {
    "hotel": [
        ("Администратор гостиницы", HOTEL, "diploma", "full"),
        ("Портье", HOTEL, "practice", "part"),
        ("Горничная (летний сезон)", HOTEL, "none", "seasonal"),
        ("Менеджер по бронированию", HOTEL, "demo", "full"),
        ("Стажёр службы приёма и размещения", HOTEL, "practice", "internship"),
        ("Официант банкетной службы", COOK, "none", "part"),
        ("Специалист по закупкам", COMMERCE, "diploma", "full"),
    ],
    "resort": [
        ("Администратор корпуса", HOTEL, "practice", "seasonal"),
        ("Повар", COOK, "qualification", "seasonal"),
        ("Официант", COOK, "none", "seasonal"),
        ("Администратор службы размещения", HOTEL, "diploma", "full"),
    ],
    "food": [
        ("Повар горячего цеха", COOK, "qualification", "full"),
        ("Повар-кондитер", COOK, "demo", "full"),
        ("Помощник повара", COOK, "practice", "internship"),
        ("Бариста", COOK, "none", "part"),
        ("Официант", HOTEL, "none", "part"),
        ("Кладовщик-товаровед", TRADE, "diploma", "full"),
        ("Менеджер по продажам", COMMERCE, "practice", "full"),
    ],
    "bakery": [
        ("Пекарь", COOK, "qualification", "full"),
        ("Кондитер", COOK, "demo", "full"),
        ("Технолог-стажёр", COOK, "diploma", "internship"),
        ("Товаровед склада готовой продукции", TRADE, "diploma", "full"),
    ],
    "trade": [
        ("Продавец-кассир", COMMERCE, "none", "part"),
        ("Товаровед", TRADE, "diploma", "full"),
        ("Специалист по приёмке товара", TRADE, "practice", "full"),
        ("Менеджер по продажам", COMMERCE, "practice", "full"),
        ("Стажёр-мерчендайзер", COMMERCE, "none", "internship"),
    ],
    "lab": [
        ("Эксперт-товаровед (стажёр)", TRADE, "diploma", "internship"),
        ("Лаборант", TRADE, "practice", "full"),
    ],
    "ship": [
        ("Матрос", SHIP, "qualification", "shift"),
        ("Рулевой-моторист", SHIP, "qualification", "shift"),
        ("Помощник капитана", SHIP, "diploma", "shift"),
        ("Курсант на плавательную практику", SHIP, "none", "internship"),
        ("Диспетчер грузового района", COMMERCE, "diploma", "full"),
    ],
}
VACANCY_TERMS = {
    "full": "Полный день, официальное оформление, наставник на время адаптации.",
    "part": "Смены по 4–6 часов, удобно совмещать с учёбой.",
    "seasonal": "Май–сентябрь, проживание и питание за счёт работодателя.",
    "internship": "Оплачиваемая стажировка на два месяца, затем трудоустройство.",
    "shift": "Навигация май–октябрь, питание на борту, проезд до места посадки оплачивается.",
}

RU_MOBILE = ["904", "908", "913", "923", "950", "960", "983", "999"]
KZ_MOBILE = ["701", "705", "707", "747", "777"]


def seed(stdout=None):
    """Create the demo partners that are not in the registry yet; return how many."""
    sectors = {s.name: s for s in Sector.objects.all()}
    forms = {f.code: f for f in CooperationForm.objects.all()}
    specialties = {s.code: s for s in Specialty.objects.all()}
    existing = set(
        Partner.objects.filter(name__in=[d.name for d in PARTNERS]).values_list("name", flat=True)
    )
    taken_inns = set(Partner.objects.exclude(inn="").values_list("inn", flat=True))
    created = 0
    for demo in PARTNERS:
        if demo.name in existing:
            continue
        rng = random.Random(f"{SEED}:{demo.name}")
        partner = _partner(demo, rng, taken_inns)
        partner.sectors.set(sectors[s] for s in demo.sectors if s in sectors)
        partner.specialties.set(specialties[c] for c in demo.specialties if c in specialties)
        codes = FORMS_BY_STATUS[demo.status] + [c for c in demo.forms if demo.status == ACTIVE]
        partner.cooperation_forms.set(forms[c] for c in dict.fromkeys(codes) if c in forms)
        _contacts(partner, demo, rng)
        _vacancies(partner, demo, rng, specialties)
        created += 1
    return created


def assign_responsibles(stdout=None):
    """Give new demo partners a responsible from the demo staff and write their log.

    Runs after monitoring/demo_users.py has created the users; matches them by username. A
    partner that already has a responsible is left alone, so a second run does nothing.
    """
    staff = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[HEAD, HEAD2, TEACHER, DEPUTY])
    }
    order = {d.name: i for i, d in enumerate(PARTNERS)}
    demos = {d.name: d for d in PARTNERS}
    pending = sorted(
        Partner.objects.filter(name__in=order, responsible__isnull=True),
        key=lambda p: order[p.name],
    )
    heads = [staff[u] for u in (HEAD, HEAD2, TEACHER) if u in staff]
    if heads:
        step_kinds = _step_kinds(pending)
        for partner in pending:
            demo = demos[partner.name]
            username = demo.responsible or HEAD_BY_SPECIALTY[demo.specialties[0]]
            responsible = staff.get(username, heads[0])
            Partner.objects.filter(pk=partner.pk).update(responsible=responsible)
            # The card's history starts with the responsible, not with a change to it.
            Partner.history.filter(id=partner.pk).update(responsible=responsible)
            partner.status_changes.filter(changed_by__isnull=True).update(changed_by=responsible)
            if not partner.interactions.exists():
                rng = random.Random(f"{SEED}:log:{demo.name}")
                _log(partner, demo, responsible, staff, step_kinds.get(partner.pk), rng)
    if stdout:
        stdout.write(
            f"Партнёров: {Partner.objects.count()} (новых: {len(pending)}), "
            f"контактов: {Contact.objects.count()}, "
            f"взаимодействий: {Interaction.objects.count()}, "
            f"вакансий: {Vacancy.objects.count()}"
        )


# Partners.


def _partner(demo, rng, taken_inns):
    inn, ogrn = _tax_numbers(demo, rng, taken_inns)
    changes, status_since = _status_timeline(demo, rng)
    stage = demo.stage or rng.randint(*STAGES[demo.status])
    partner = Partner(
        name=demo.name,
        short_name=demo.short,
        legal_form=demo.legal_form,
        country=demo.place.country,
        region=demo.place.region,
        city=demo.place.city,
        address=demo.address,
        website=f"https://{demo.domain}.example" if demo.website else "",
        inn=inn,
        ogrn=ogrn,
        status=demo.status,
        status_changed_at=status_since,
        stage=stage,
        places_per_year=demo.places,
        college_offers=demo.offers,
        college_requests=demo.requests,
        notes=demo.notes,
    )
    partner.full_clean()
    partner.save()
    for old, new, when in changes:
        PartnerStatusChange.objects.create(
            partner=partner,
            old_status=old,
            new_status=new,
            changed_at=when,
            comment=STATUS_COMMENTS[new],
        )
    return partner


def _status_timeline(demo, rng):
    """[(old, new, when)] leading to the current status, and when it was reached."""
    path = STATUS_PATH[demo.status]
    if demo.since:
        active = _moment(demo.since, rng)
        negotiation = _moment(demo.since - timedelta(days=rng.randint(20, 35)), rng)
        whens = [negotiation, active]
    else:
        last = timezone.localdate() - timedelta(days=rng.randint(*STATUS_AGE[demo.status]))
        days = [last]
        for _ in path[2:]:
            days.insert(0, days[0] - timedelta(days=rng.randint(30, 200)))
        whens = [_moment(day, rng) for day in days]
    changes = list(zip(path, path[1:], whens, strict=False))
    return changes, whens[-1]


def _moment(day, rng):
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59))))


def _tax_numbers(demo, rng, taken):
    while True:
        if demo.place.country == "KZ":
            inn, ogrn = _bin(rng), ""
        elif demo.legal_form == "ИП":
            inn, ogrn = _inn12(rng, demo.place), _ogrn(rng, demo.place, individual=True)
        else:
            inn, ogrn = _inn10(rng, demo.place), _ogrn(rng, demo.place)
        if inn not in taken:
            taken.add(inn)
            return inn, ogrn if rng.random() < 0.85 else ""


def _digits(rng, count):
    return [rng.randint(0, 9) for _ in range(count)]


def _inn10(rng, place):
    d = [int(c) for c in place.tax_region] + _digits(rng, 7)
    return "".join(map(str, [*d, _control(d, _INN10_WEIGHTS)]))


def _inn12(rng, place):
    d = [int(c) for c in place.tax_region] + _digits(rng, 8)
    d.append(_control(d, _INN11_WEIGHTS))
    d.append(_control(d, _INN12_WEIGHTS))
    return "".join(map(str, d))


def _ogrn(rng, place, individual=False):
    """1 (3 for ОГРНИП), year of registration, region, serial, check digit."""
    year = f"{rng.randint(3, 22):02d}"
    serial = "".join(map(str, _digits(rng, 9 if individual else 7)))
    body = ("3" if individual else "1") + year + place.tax_region + serial
    return body + str(int(body) % (13 if individual else 11) % 10)


def _bin(rng):
    """Kazakhstan BIN: year and month of registration, 4 (resident legal entity), 0, serial."""
    while True:
        head = f"{rng.randint(5, 19):02d}{rng.randint(1, 12):02d}40"
        d = [int(c) for c in head] + _digits(rng, 5)
        check = sum(d[i] * (i + 1) for i in range(11)) % 11
        if check == 10:
            check = sum(d[i] * ((i + 2) % 11 + 1) for i in range(11)) % 11
        if check != 10:
            return "".join(map(str, [*d, check]))


# Contacts.


def _contacts(partner, demo, rng):
    primary_positions, others = POSITIONS[demo.kind]
    if demo.legal_form == "ИП":
        count = rng.randint(1, 2)
    else:
        low, high = {ACTIVE: (2, 3), NEGOTIATION: (1, 2), SUSPENDED: (1, 2)}.get(
            demo.status, (1, 1)
        )
        count = rng.randint(low, high)
    count = max(count, len(demo.people))
    people = list(demo.people)
    mentors = [p for p in others if p[1]]
    while len(people) < count:
        last, first, middle = random_person(rng)
        used = {p[3] for p in people}
        if not people:
            position, mentor = rng.choice(primary_positions), False
        else:
            need_mentor = demo.status != POTENTIAL and not any(p[4] for p in people)
            options = [p for p in (mentors if need_mentor else others) if p[0] not in used]
            position, mentor = rng.choice(options or others)
        people.append((last, first, middle, position, mentor))
    if demo.status == ACTIVE and not any(p[4] for p in people):
        people[0] = (*people[0][:4], True)  # a one-person business: the owner mentors
    for index, (last, first, middle, position, mentor) in enumerate(people):
        contact = Contact(
            partner=partner,
            last_name=last,
            first_name=first,
            middle_name=middle,
            position=position,
            is_primary=index == 0,
            is_mentor=mentor,
            **_channels(demo, last, first, middle, index == 0, mentor, rng),
        )
        contact.full_clean()
        contact.save()


def _channels(demo, last, first, middle, primary, mentor, rng):
    office = primary and rng.random() < 0.7
    phone = _landline(demo.place, rng) if office else _mobile(demo.place, rng)
    email = ""
    if primary or rng.random() < 0.6:
        email = f"{_latin(last)}.{_latin(first)[0]}@{demo.domain}.example"
    messenger = ""
    if demo.place.remote or (mentor and rng.random() < 0.5) or rng.random() < 0.2:
        messenger = f"@{_latin(last)}_{_latin(first)[0]}{_latin(middle)[:1]}"
    if demo.place.remote and messenger:
        preferred = Contact.Channel.MESSENGER
    elif email and rng.random() < 0.3:
        preferred = Contact.Channel.EMAIL
    elif messenger and rng.random() < 0.4:
        preferred = Contact.Channel.MESSENGER
    else:
        preferred = Contact.Channel.PHONE
    return {"phone": phone, "email": email, "messenger": messenger, "preferred_channel": preferred}


def _landline(place, rng):
    length = 10 - len(place.phone_code)
    number = str(rng.randint(2, 7)) + "".join(map(str, _digits(rng, length - 1)))
    head = {7: 3, 6: 2, 5: 1}[length]
    return f"+7 ({place.phone_code}) {number[:head]}-{number[head:-2]}-{number[-2:]}"


def _mobile(place, rng):
    code = rng.choice(KZ_MOBILE if place.country == "KZ" else RU_MOBILE)
    return f"+7 {code} {rng.randint(200, 999)}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"


# Vacancies.


def _vacancies(partner, demo, rng, specialties):
    chance = {ACTIVE: 0.7, NEGOTIATION: 0.3, SUSPENDED: 0.5}.get(demo.status, 0)
    pool = [v for v in VACANCIES[demo.kind] if v[1] in demo.specialties and v[1] in specialties]
    if not pool or rng.random() >= chance:
        return
    today = timezone.localdate()
    for position, code, level, employment in rng.sample(pool, k=rng.randint(1, min(3, len(pool)))):
        opened = today - timedelta(days=rng.randint(5, 150))
        closed = demo.status == SUSPENDED or rng.random() < 0.25
        vacancy = Vacancy(
            partner=partner,
            position=position,
            specialty=specialties[code],
            places=rng.randint(2, 6) if employment in ("seasonal", "shift") else rng.randint(1, 2),
            required_level=level,
            employment_type=employment,
            opened_on=opened,
            status=Vacancy.Status.CLOSED if closed else Vacancy.Status.OPEN,
            closed_on=min(today, opened + timedelta(days=rng.randint(7, 60))) if closed else None,
            description=VACANCY_TERMS[employment],
        )
        vacancy.full_clean()
        vacancy.save()


# The interaction log.


def _step_kinds(partners):
    """{partner pk: kind of the next step on its latest log entry}, spread over partners."""
    eligible = [p.pk for p in partners if p.status != FORMER]
    kinds = [kind for kind, n in STEP_KINDS.items() for _ in range(n)]
    kinds = (kinds + [None] * len(eligible))[: len(eligible)]
    random.Random(f"{SEED}:steps").shuffle(kinds)
    return dict(zip(eligible, kinds, strict=True))


def _log(partner, demo, responsible, staff, step_kind, rng):
    today = timezone.localdate()
    code = KIND_SPECIALTY[demo.kind]
    if code not in demo.specialties:
        code = demo.specialties[0]
    context = {
        "group": rng.choice(GROUPS[code]),
        "n": demo.places or 2,
        "spec": SPECIALTY_NAMES[code],
    }
    # Newest first. The status lists are in the order things happen.
    kind_entries = KIND_LOG[demo.kind]
    if demo.place.remote:  # far away: no visits or meetings in person
        kind_entries = [e for e in kind_entries if e[0] not in ("visit", "meeting")]
    kind_entries = rng.sample(kind_entries, k=len(kind_entries))
    if demo.status == ACTIVE:
        entries = kind_entries[: rng.randint(3, 4)]
    elif demo.status in (NEGOTIATION, POTENTIAL):
        steps = STATUS_LOG[demo.status]
        chosen = sorted(rng.sample(range(len(steps)), k=rng.randint(len(steps) - 1, len(steps))))
        entries = [steps[i] for i in reversed(chosen)]
    else:
        entries = STATUS_LOG[demo.status] + kind_entries[: rng.randint(1, 2)]
    # Dates: the newest within weeks (older for a former partner), then back in steps.
    if demo.status in (SUSPENDED, FORMER):
        newest = partner.status_changed_at.date()
    else:
        newest = today - timedelta(days=_newest_age(step_kind, rng))
    changes = partner.status_changes.order_by("changed_at").values_list("changed_at", flat=True)
    floor = (changes.first() or partner.status_changed_at).date()
    if demo.since:  # the report partners' log starts with the 2021 entries below
        floor = REPORT_LOG[-1][0] + timedelta(days=30)
    dates = [max(newest, floor)]
    for _ in entries[1:]:
        dates.append(max(floor, dates[-1] - timedelta(days=rng.randint(12, 45))))
    rows = [
        (day, channel, summary.format(**context))
        for day, (channel, summary) in zip(dates, entries, strict=True)
    ]
    if demo.since:
        rows += reversed(REPORT_LOG)
    used = set()
    # Oldest first, so entries of one day are listed in the order they happened.
    for index, (day, channel, summary) in reversed(list(enumerate(rows))):
        interaction = Interaction(
            partner=partner,
            date=day,
            channel=channel,
            summary=summary,
            author=_author(channel, day, responsible, staff, rng),
        )
        kind = step_kind if index == 0 else "done" if rng.random() < 0.25 else None
        if kind and day.year > 2021:
            steps = NEXT_STEPS[demo.status] if kind != "done" else DONE_STEPS[demo.status]
            _next_step(interaction, [s for s in steps if s not in used] or steps, kind, rng)
            used.add(interaction.next_step)
        interaction.full_clean()
        interaction.save()


def _newest_age(step_kind, rng):
    low, high = {"overdue": (15, 30), "soon": (1, 10), "later": (3, 20), "done": (12, 40)}.get(
        step_kind, (3, 45)
    )
    return rng.randint(low, high)


def _next_step(interaction, steps, kind, rng):
    today = timezone.localdate()
    interaction.next_step = rng.choice(steps)
    day = interaction.date
    if kind == "overdue":
        due = today - timedelta(days=rng.randint(2, 7))
    elif kind == "soon":
        due = today + timedelta(days=rng.randint(1, 14))
    elif kind == "later":
        due = today + timedelta(days=rng.randint(20, 45))
    else:
        due = min(today, day + timedelta(days=rng.randint(3, 10)))
        interaction.next_step_done = True
    interaction.next_step_due = max(day, due)


def _author(channel, day, responsible, staff, rng):
    if day.year <= 2021:
        return staff.get(HEAD, responsible)
    if channel == "visit" and TEACHER in staff and rng.random() < 0.5:
        return staff[TEACHER]
    if channel == "meeting" and DEPUTY in staff and rng.random() < 0.25:
        return staff[DEPUTY]
    return responsible


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def _latin(text):
    return "".join(_TRANSLIT.get(c, c) for c in text.lower()).replace("_", "")
