"""How long a 5,000-row import takes against reading the file and inserting the rows.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_speed.py [pairs] [imports]

``imports`` is a comma-separated choice among partners, students, participation and
employment (all by default). Four files are built: 5,000 partners (sectors, specialties
and forms of cooperation in every row), 5,000 students in 200 groups (half of the groups
exist already), 5,000 participation records of 200 partners, and the employment of 5,000
students (not yet graduated) of 200 groups. For each,
two sides are timed, interleaved (the order alternates from pair to pair), each run
inside a transaction that is rolled back, so every run starts from the same database:

- portal: the preview job and then the confirm job, run by the jobs runner exactly as
  the worker runs them (reading the file, checking every row, the stash between the
  steps, bulk writes with history rows);
- baseline: openpyxl reading the file, then ``bulk_create`` of the same rows (partners
  with their many-to-many rows; students with their new groups).

It prints the median and range of each side and the ratio of the medians (target ≤ 4×).
"""

import io
import secrets
import statistics
import sys
import time

from large_college import setup

ROWS, GROUPS = 5000, 200
SECTORS = ["Торговля", "Общественное питание", "Гостиничные услуги"]
FORMS = ["База практики", "Наставничество"]
SPECIALTIES = [("43.02.14", "Гостиничное дело"), ("43.02.15", "Поварское и кондитерское дело")]


class Rollback(Exception):
    pass


def in_rollback(fn):
    """Time ``fn`` inside a transaction that is then rolled back."""
    from django.db import transaction

    started = time.perf_counter()
    try:
        with transaction.atomic():
            fn()
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def xlsx(headers, rows):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def inn(n):
    digits = [int(c) for c in f"55{n:07d}"]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def read_rows(content):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return rows[0], rows[1:]


# --- partners --------------------------------------------------------------------------

PARTNER_HEADERS = [
    "Наименование",
    "ИНН",
    "Страна",
    "Населённый пункт",
    "Адрес",
    "Отрасли",
    "Специальности",
    "Формы сотрудничества",
    "Статус",
    "Этап",
    "Мест в год",
]


def partners_file():
    rows = [
        [
            f"ООО «Бенч {n}»",
            inn(n),
            "Россия",
            "Омск",
            f"ул. Ленина, {n % 200 + 1}",
            SECTORS[n % 3] + ", " + SECTORS[(n + 1) % 3],
            SPECIALTIES[n % 2][0],
            FORMS[n % 2],
            "Потенциальный",
            1 + n % 9,
            n % 7,
        ]
        for n in range(ROWS)
    ]
    return xlsx(PARTNER_HEADERS, rows)


def partners_baseline(content):
    from partners.models import CooperationForm, Partner, Sector
    from practice.models import Specialty

    _, rows = read_rows(content)
    sectors = dict(Sector.objects.values_list("name", "pk"))
    specialties = dict(Specialty.objects.values_list("code", "pk"))
    forms = dict(CooperationForm.objects.values_list("name", "pk"))
    partners = Partner.objects.bulk_create(
        Partner(
            name=r[0],
            inn=r[1],
            country="RU",
            city=r[3],
            address=r[4],
            stage=r[9],
            places_per_year=r[10],
        )
        for r in rows
    )
    links = [
        (Partner.sectors.through, "sector_id", sectors, 5),
        (Partner.specialties.through, "specialty_id", specialties, 6),
        (Partner.cooperation_forms.through, "cooperationform_id", forms, 7),
    ]
    for through, column, ids, index in links:
        through.objects.bulk_create(
            through(partner_id=p.pk, **{column: ids[name.strip()]})
            for p, r in zip(partners, rows, strict=True)
            for name in str(r[index]).split(",")
        )


# --- students --------------------------------------------------------------------------

STUDENT_HEADERS = ["ФИО", "Группа", "Специальность", "Курс", "Год набора", "Статус"]


def student_groups():
    from practice.models import Specialty, StudentGroup

    hotel = Specialty.objects.get(code="43.02.14")
    StudentGroup.objects.bulk_create(
        [
            StudentGroup(
                name=f"{g % 4 + 1}{g:03d} БН",
                specialty=hotel,
                course=g % 4 + 1,
                admission_year=2025 - g % 4,
            )
            for g in range(0, GROUPS, 2)
        ],
        ignore_conflicts=True,
    )


def students_file():
    rows = [
        [
            f"Студентова{n} Анна Сергеевна",
            f"{n % GROUPS % 4 + 1}{n % GROUPS:03d} БН",
            "43.02.14 Гостиничное дело",
            n % GROUPS % 4 + 1,
            2025 - n % GROUPS % 4,
            "Обучается" if n % 10 else "Отчислена",
        ]
        for n in range(ROWS)
    ]
    return xlsx(STUDENT_HEADERS, rows)


def students_baseline(content):
    from practice.models import Specialty, Student, StudentGroup

    _, rows = read_rows(content)
    specialties = {s.code: s for s in Specialty.objects.all()}
    groups = {g.name: g for g in StudentGroup.objects.all()}
    new = {}
    for r in rows:
        if r[1] not in groups and r[1] not in new:
            new[r[1]] = StudentGroup(
                name=r[1], specialty=specialties[r[2][:8]], course=r[3], admission_year=r[4]
            )
    StudentGroup.objects.bulk_create(new.values())
    groups |= new
    status = {"Обучается": "studying", "Отчислена": "expelled"}
    Student.objects.bulk_create(
        Student(
            last_name=r[0].split()[0],
            first_name=r[0].split()[1],
            middle_name=r[0].split()[2],
            group=groups[r[1]],
            status=status[r[5]],
        )
        for r in rows
    )


# --- participation and employment -------------------------------------------------------

PARTICIPATION_HEADERS = ["Дата", "Вид участия", "Мероприятие", "Партнёр", "Роль", "Результат"]
KINDS = [("Демоэкзамен", "demo_exam"), ("ГИА", "gia"), ("Мастер-класс", "master_class")]
EMPLOYMENT_HEADERS = ["ФИО", "Группа", "Год выпуска", "Статус", "Организация", "Должность", "Дата"]


def graduates():
    """200 partners and 5,000 students of 200 final-year groups, made once."""
    from partners.models import Partner
    from practice.models import Specialty, Student, StudentGroup

    Partner.objects.bulk_create(
        [Partner(name=f"ООО «Бенч-партнёр {n}»", inn=inn(100000 + n)) for n in range(GROUPS)],
        ignore_conflicts=True,
    )
    cooks = Specialty.objects.get(code="43.02.15")
    StudentGroup.objects.bulk_create(
        [
            StudentGroup(name=f"4{g:03d} ВП", specialty=cooks, course=4, admission_year=2022)
            for g in range(GROUPS)
        ],
        ignore_conflicts=True,
    )
    if not Student.objects.filter(group__name__endswith=" ВП").exists():
        groups = {g.name: g for g in StudentGroup.objects.filter(name__endswith=" ВП")}
        Student.objects.bulk_create(
            Student(last_name=f"Выпускова{n}", first_name="Анна", group=groups[_graduate_group(n)])
            for n in range(ROWS)
        )


def _graduate_group(n):
    return f"4{n % GROUPS:03d} ВП"


def participation_file():
    rows = [
        [
            f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.2026",
            KINDS[n % 3][0],
            f"Мероприятие {n}",
            inn(100000 + n % GROUPS),
            "Эксперт",
            "Оценено 12 человек",
        ]
        for n in range(ROWS)
    ]
    return xlsx(PARTICIPATION_HEADERS, rows)


def participation_baseline(content):
    import datetime

    from partners.models import Participation, Partner

    _, rows = read_rows(content)
    partners = dict(Partner.objects.exclude(inn="").values_list("inn", "pk"))
    kinds = dict(KINDS)
    Participation.objects.bulk_create(
        Participation(
            date=datetime.datetime.strptime(r[0], "%d.%m.%Y").date(),
            kind=kinds[r[1]],
            title=r[2],
            partner_id=partners[r[3]],
            role="expert",
            result=r[5],
        )
        for r in rows
    )


def employment_file():
    rows = [
        [
            f"Выпускова{n} Анна",
            _graduate_group(n),
            2026,
            "Трудоустроена по специальности" if n % 3 else "Продолжает обучение",
            inn(100000 + n % GROUPS) if n % 2 else "ИП Сидоров",
            "Повар",
            "01.08.2026",
        ]
        for n in range(ROWS)
    ]
    return xlsx(EMPLOYMENT_HEADERS, rows)


def employment_baseline(content):
    import datetime

    from partners.models import Partner
    from practice.models import Employment, Student

    _, rows = read_rows(content)
    partners = dict(Partner.objects.exclude(inn="").values_list("inn", "pk"))
    students = {
        (s.group.name, s.full_name): s
        for s in Student.objects.filter(group__name__endswith=" ВП").select_related("group")
    }
    found = [students[(r[1], r[0])] for r in rows]
    for student in found:
        student.status, student.graduated_on = "graduated", datetime.date(2026, 6, 30)
    Student.objects.bulk_update(found, ["status", "graduated_on"])
    Employment.objects.bulk_create(
        Employment(
            student=student,
            status="specialty" if r[3].startswith("Трудоустроена") else "studying",
            partner_id=partners.get(r[4]),
            organisation="" if r[4] in partners else r[4],
            position=r[5],
            date=datetime.datetime.strptime(r[6], "%d.%m.%Y").date(),
        )
        for student, r in zip(found, rows, strict=True)
    )


# --- the portal's side: the two jobs, as the worker runs them ----------------------------


def portal(key, name, content, user):
    from jobs import services
    from jobs.models import BackgroundJob
    from kitek_portal import imports

    token = secrets.token_hex(16)
    (imports._stash_dir() / f"{token}.upload").write_bytes(content)
    preview = services.start_job(user, f"{key}.import_preview", {"token": token, "name": name})
    services.run_job(preview.pk)
    preview.refresh_from_db()
    assert preview.status == "done" and preview.result["token"], preview.message
    confirm = services.start_job(user, f"{key}.import_confirm", {"token": token})
    services.run_job(confirm.pk)
    confirm.refresh_from_db()
    assert confirm.result.get("totals", {}).get("new") == ROWS, confirm.result.keys()
    BackgroundJob.objects.filter(pk__in=[preview.pk, confirm.pk]).delete()


def compare(label, portal_run, baseline_run, pairs):
    portal_times, baseline_times = [], []
    for pair in range(pairs):
        sides = [(portal_times, portal_run), (baseline_times, baseline_run)]
        if pair % 2:
            sides.reverse()
        for times, run in sides:
            times.append(in_rollback(run))
    ratios = [p / b for p, b in zip(portal_times, baseline_times, strict=True)]
    ratio = statistics.median(portal_times) / statistics.median(baseline_times)

    def figures(times):
        return (
            f"median {statistics.median(times):.2f} s (range {min(times):.2f}–{max(times):.2f} s)"
        )

    print(f"{label}, {ROWS} rows, {pairs} interleaved pairs:")
    print(f"  portal preview + confirm: {figures(portal_times)}")
    print(f"  openpyxl + bulk_create:   {figures(baseline_times)}")
    print(f"  ratio of medians: {ratio:.1f}× (pairs {min(ratios):.1f}–{max(ratios):.1f}×)")


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    chosen = sys.argv[2].split(",") if len(sys.argv) > 2 else list(FILES)
    setup()
    from django.db import connection

    from accounts.models import User
    from practice.models import Specialty

    for code, name in SPECIALTIES:
        Specialty.objects.get_or_create(code=code, defaults={"name": name})
    student_groups()
    user, _ = User.objects.get_or_create(username="bench-head", defaults={"role": "head"})
    # The jobs would queue on commit; these runs never commit: the runner is called directly.
    graduates()
    print(f"database: {connection.vendor}")
    for key in chosen:
        make_file, baseline = FILES[key]
        content = make_file()
        compare(
            key,
            lambda key=key, content=content: portal(key, f"{key}.xlsx", content, user),
            lambda baseline=baseline, content=content: baseline(content),
            pairs,
        )


FILES = {
    "partners": (partners_file, partners_baseline),
    "students": (students_file, students_baseline),
    "participation": (participation_file, participation_baseline),
    "employment": (employment_file, employment_baseline),
}


if __name__ == "__main__":
    main()
