from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from agreements import demo as agreements_demo
from announcements import demo as announcements_demo
from library import demo as library_demo
from meetings import demo as meetings_demo
from monitoring import demo as monitoring_demo
from monitoring import demo_users
from partners import demo as partners_demo
from practice import demo as practice_demo


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные колледжа (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ничего не делать, если в базе уже есть пользователи (для make run).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("В базе уже есть данные, демо-данные не создаются.")
            return
        with transaction.atomic():
            practice_demo.seed(self.stdout)
            partners_demo.seed(self.stdout)
            demo_users.seed(self.stdout)
            partners_demo.assign_responsibles(self.stdout)
            agreements_demo.seed(self.stdout)
            practice_demo.seed_practice(self.stdout)
            practice_demo.seed_attendance(self.stdout)
            meetings_demo.seed(self.stdout)
            meetings_demo.seed_previous_year(self.stdout)
            announcements_demo.seed(self.stdout)
            library_demo.seed(self.stdout)
            monitoring_demo.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Демо-данные готовы."))
