from django.db import models


class Role(models.TextChoices):
    DEPUTY_DIRECTOR = "deputy", "Заместитель директора по практике"
    PRACTICE_HEAD = "head", "Заведующий практикой"
    TEACHER = "teacher", "Преподаватель / руководитель практики"
    EMPLOYER = "employer", "Представитель работодателя"
    ADMIN = "admin", "Администратор"


STAFF_ROLES = frozenset({Role.DEPUTY_DIRECTOR, Role.PRACTICE_HEAD, Role.TEACHER, Role.ADMIN})
MANAGER_ROLES = frozenset({Role.DEPUTY_DIRECTOR, Role.PRACTICE_HEAD, Role.ADMIN})
# Who manages college staff accounts (heads, teachers) on the staff page.
STAFF_MANAGER_ROLES = frozenset({Role.DEPUTY_DIRECTOR, Role.ADMIN})
