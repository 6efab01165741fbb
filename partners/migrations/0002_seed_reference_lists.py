from django.db import migrations

COOPERATION_FORMS = [
    ("practice-base", "База практики"),
    ("mentoring", "Наставничество"),
    ("round-tables", "Круглые столы и производственные совещания"),
    ("exam-experts", "Эксперты демо- и квалификационного экзамена"),
    ("championships", "Чемпионаты профессионального мастерства"),
    ("teacher-internships", "Стажировки преподавателей и мастеров"),
    ("equipment", "Оборудование и материалы"),
    ("programme-review", "Рецензирование программ и КОС"),
    ("state-attestation", "Государственная экзаменационная комиссия"),
    ("master-classes", "Мастер-классы"),
    ("employment", "Трудоустройство выпускников"),
]

SECTORS = [
    "Торговля",
    "Общественное питание",
    "Гостиничные услуги",
    "Туризм и санаторно-курортные услуги",
    "Водный транспорт",
    "Логистика и складское хозяйство",
    "АПК и пищевая промышленность",
    "Сфера услуг",
    "Культура и досуг",
]


def seed(apps, schema_editor):
    CooperationForm = apps.get_model("partners", "CooperationForm")
    Sector = apps.get_model("partners", "Sector")
    for order, (code, name) in enumerate(COOPERATION_FORMS, start=1):
        CooperationForm.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for name in SECTORS:
        Sector.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
