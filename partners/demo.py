"""Demo partners: the organisations named in the domain documents first."""

from .models import Partner

PARTNERS = [
    ("ООО «Комплекс «Дворец Молодёжи»", "Дворец Молодёжи", "Омск"),
    ("ООО «Сказка»", "Сказка", "Омск"),
    ("АССОЦИАЦИЯ «САНАТОРИЙ «КОЛОС»", "Санаторий «Колос»", "с. Красноярка"),
    ("ООО «Альва Донна»", "Альва Донна", "Московская область"),
    ("ООО «Глория»", "Глория", "Казахстан"),
]


def seed(stdout=None):
    for name, short_name, city in PARTNERS:
        Partner.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "city": city}
        )
    if stdout:
        stdout.write(f"Партнёров: {Partner.objects.count()}")
