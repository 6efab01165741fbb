import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import Role
from partners.models import Partner
from practice.models import Specialty, Student, StudentGroup

PASSWORD = "test-pass-123"


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"ООО «Партнёр {n}»")
    short_name = factory.Sequence(lambda n: f"Партнёр {n}")
    city = "Омск"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kitek.test")
    last_name = "Иванова"
    first_name = "Анна"
    middle_name = "Петровна"
    role = Role.TEACHER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class DeputyFactory(UserFactory):
    role = Role.DEPUTY_DIRECTOR


class PracticeHeadFactory(UserFactory):
    role = Role.PRACTICE_HEAD


class TeacherFactory(UserFactory):
    role = Role.TEACHER


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class EmployerFactory(UserFactory):
    role = Role.EMPLOYER
    partner = factory.SubFactory(PartnerFactory)


class SpecialtyFactory(DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"43.02.{n % 90 + 10:02d}")
    name = "Гостиничное дело"


class StudentGroupFactory(DjangoModelFactory):
    class Meta:
        model = StudentGroup

    name = factory.Sequence(lambda n: f"{n % 4 + 1}{n} ГД")
    specialty = factory.SubFactory(SpecialtyFactory)
    course = 4
    admission_year = 2023


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    last_name = factory.Sequence(lambda n: f"Петров{n}")
    first_name = "Илья"
    middle_name = "Сергеевич"
    group = factory.SubFactory(StudentGroupFactory)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = "partners.Contact"

    partner = factory.SubFactory(PartnerFactory)
    last_name = "Руденко"
    first_name = "Светлана"
    middle_name = "Игоревна"
    position = "Управляющий"
    phone = "+7 3812 00-00-00"


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = "partners.Vacancy"

    partner = factory.SubFactory(PartnerFactory)
    position = "Администратор гостиницы"
    specialty = factory.SubFactory(SpecialtyFactory)
    places = 2


class InteractionFactory(DjangoModelFactory):
    class Meta:
        model = "partners.Interaction"

    partner = factory.SubFactory(PartnerFactory)
    channel = "phone"
    summary = "Созвонились"


class PracticePeriodFactory(DjangoModelFactory):
    class Meta:
        model = "practice.PracticePeriod"

    kind = "industrial"
    group = factory.SubFactory(StudentGroupFactory)
    start = datetime.date(2026, 12, 7)
    end = datetime.date(2026, 12, 19)
    hours = 72


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = "practice.Placement"

    period = factory.SubFactory(PracticePeriodFactory)
    student = factory.SubFactory(StudentFactory, group=factory.SelfAttribute("..period.group"))
    partner = factory.SubFactory(PartnerFactory)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = "agreements.Agreement"

    number = factory.Sequence(lambda n: f"ДП-{n:04d}")
    partner = factory.SubFactory(PartnerFactory)
    kind = "training"
    status = "active"
    valid_from = datetime.date(2026, 1, 1)
    valid_to = datetime.date(2027, 12, 31)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    kind = "round_table"
    topic = "Итоги производственной практики"
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=10)
    )
    format = "hybrid"
    place = "Актовый зал"
    online_link = "https://zoom.example/j/123"
    organizer = factory.SubFactory(PracticeHeadFactory)


class AttestationSheetFactory(DjangoModelFactory):
    class Meta:
        model = "practice.AttestationSheet"

    placement = factory.SubFactory(PlacementFactory)
    characterisation = "Ответственно выполняла задания наставника."
