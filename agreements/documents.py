"""The text of a generated agreement, built once and written as PDF or as Word (DOCX).

``agreement_text`` holds every word of the document; the PDF template and the DOCX
writer only lay it out, so the two files cannot say different things.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format

from kitek_portal.word import WordDocument

from .models import Agreement

SUBTITLES = {
    Agreement.Kind.PRACTICAL_TRAINING: "о практической подготовке обучающихся",
    Agreement.Kind.TRIPARTITE: "о практической подготовке обучающегося (трёхсторонний)",
    Agreement.Kind.NETWORK: "о сетевой форме реализации образовательной программы",
    Agreement.Kind.COOPERATION: "о сотрудничестве (социальном партнёрстве)",
}

APPENDIX_COLUMNS = ("№", "ФИО обучающегося", "Группа", "Специальность", "Сроки", "Наставник")


@dataclass
class Section:
    heading: str
    clauses: list


@dataclass
class Party:
    """A party's details and signature block."""

    name: str
    details: list
    signer: str


@dataclass
class AgreementText:
    title: str
    subtitle: str
    city: str
    date: str
    preamble: str
    sections: list
    parties: list
    appendix_title: str = ""
    appendix_subtitle: str = ""
    appendix_columns: tuple = APPENDIX_COLUMNS
    appendix_rows: list = field(default_factory=list)


def _d(day):
    return date_format(day, "d.m.Y")


def _listed(items, empty):
    return "; ".join(items) or empty


def agreement_text(agreement, appendix=()):
    """The agreement with ``partner``, ``specialties``, ``modules``, ``quotas__specialty``
    (and ``student__group`` for a tripartite one) loaded; ``appendix``: its placements."""
    partner = agreement.partner
    college, college_short = settings.COLLEGE_NAME, settings.COLLEGE_SHORT_NAME
    inn = f" (ИНН {partner.inn})" if partner.inn else ""
    student = ""
    if agreement.student_id:
        student = (
            f", и обучающийся {agreement.student.full_name} (группа {agreement.student.group.name})"
        )
    preamble = (
        f"{college} ({college_short}), именуемое в дальнейшем «Организация, осуществляющая "
        f"образовательную деятельность», и {partner.name}{inn}, именуемое в дальнейшем "
        f"«Профильная организация»{student}, заключили настоящий договор о нижеследующем."
    )
    specialties = [f"{s.code} «{s.name}»" for s in agreement.specialties.all()]
    modules = [f"{m.code} «{m.name}»" for m in agreement.modules.all()]
    quotas = [f"{q.specialty.code} — {q.places} чел." for q in agreement.quotas.all()]
    sections = [
        Section(
            "Предмет договора",
            [
                "Предметом договора является организация практической подготовки обучающихся "
                f"по специальностям: {_listed(specialties, 'согласно приложению')}.",
                "Компоненты образовательной программы, при реализации которых организуется "
                "практическая подготовка: "
                f"{_listed(modules, 'согласно рабочим программам практики')}.",
                # «чел.» already ends the sentence: no second full stop.
                f"Количество обучающихся: {_listed(quotas, 'по согласованию сторон.')}",
                "Практическая подготовка организуется в помещениях Профильной организации по "
                f"адресу: {partner.address or partner.city}, с использованием её оборудования "
                "и технических средств обучения.",
            ],
        ),
        Section(
            "Права и обязанности сторон",
            [
                "Организация, осуществляющая образовательную деятельность, обязана: не позднее "
                "чем за 10 рабочих дней до начала практической подготовки представить список "
                "обучающихся; назначить руководителя практической подготовки от колледжа; "
                "направить рабочую программу практики и методические указания.",
                "Профильная организация обязана: назначить наставников из числа своих "
                "работников; создать условия для выполнения программы практики; обеспечить "
                "безопасные условия труда и провести инструктаж по охране труда; дать отзыв о "
                "работе обучающихся.",
                "Стороны вправе вносить предложения по корректировке программ практики и "
                "контрольно-оценочных средств.",
            ],
        ),
    ]
    if agreement.indicators:
        sections.append(Section("Показатели совместной работы", agreement.indicators.splitlines()))
    term = f"Договор действует с {_d(agreement.valid_from)} по {_d(agreement.valid_to)}."
    if agreement.auto_prolongation:
        term += (
            " Если ни одна из сторон не заявит о его прекращении, договор продлевается на "
            "каждый следующий год."
        )
    sections.append(Section("Срок действия договора", [term]))
    # Numbered as in the PDF before: «1. Heading», clauses «1.1.», «1.2.» …
    for n, section in enumerate(sections, 1):
        section.heading = f"{n}. {section.heading}"
        clauses = [c.strip() for c in section.clauses if c.strip()]
        section.clauses = [f"{n}.{k}. {c}" for k, c in enumerate(clauses, 1)]
    partner_details = [d for d in (partner.address,) if d]
    partner_details += [f"ИНН {partner.inn}"] if partner.inn else []
    partner_details += [f"ОГРН {partner.ogrn}"] if partner.ogrn else []
    parties = [
        Party(college_short, [college], "Директор"),
        Party(partner.name, partner_details, "Руководитель"),
    ]
    if agreement.student_id:
        parties.append(
            Party(
                "Обучающийся",
                [agreement.student.full_name, f"группа {agreement.student.group.name}"],
                "",
            )
        )
    text = AgreementText(
        title=f"ДОГОВОР № {agreement.number}",
        subtitle=SUBTITLES.get(agreement.kind, ""),
        city="г. Омск",
        date=_d(agreement.date),
        preamble=preamble,
        sections=sections,
        parties=parties,
    )
    if appendix:
        text.appendix_title = f"Приложение к договору № {agreement.number}"
        text.appendix_subtitle = "Список обучающихся, направляемых на практику"
        text.appendix_rows = [
            [
                str(n),
                p.student.full_name,
                p.student.group.name,
                p.student.group.specialty.code,
                f"{_d(p.period.start)}–{_d(p.period.end)}",
                p.mentor.full_name if p.mentor_id else "—",
            ]
            for n, p in enumerate(appendix, 1)
        ]
    return text


def agreement_docx(text):
    """The agreement as a Word file (bytes): Times New Roman 12, headings 14."""
    doc = WordDocument()
    doc.title(text.title, text.subtitle)
    doc.place_and_date(text.city, text.date)
    doc.paragraph(text.preamble)
    for section in text.sections:
        doc.heading(section.heading)
        for clause in section.clauses:
            doc.paragraph(clause)
    doc.heading("Реквизиты и подписи сторон")
    doc.signatures(
        [(party.name, party.details, party.signer) for party in text.parties],
    )
    if text.appendix_rows:
        doc.page_break()
        doc.title(text.appendix_title, text.appendix_subtitle)
        doc.table(text.appendix_columns, text.appendix_rows)
    return doc.to_bytes()
