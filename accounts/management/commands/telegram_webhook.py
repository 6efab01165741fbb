from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts import telegram


class Command(BaseCommand):
    help = (
        "Сообщает Telegram адрес вебхука бота (SITE_URL + /accounts/telegram/webhook/) "
        "с секретом TELEGRAM_WEBHOOK_SECRET; --delete отключает вебхук."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Отключить вебхук.")

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN не задан: Telegram выключен.")
        try:
            if options["delete"]:
                telegram.call("deleteWebhook", {})
                self.stdout.write("Вебхук отключён.")
                return
            if not settings.TELEGRAM_WEBHOOK_SECRET:
                raise CommandError(
                    "Задайте TELEGRAM_WEBHOOK_SECRET: без секрета портал не принимает "
                    "запросы вебхука (их мог бы прислать кто угодно)."
                )
            url = settings.SITE_URL + reverse("telegram_webhook")
            if not url.startswith("https://"):
                raise CommandError(f"Telegram принимает только https-адрес вебхука, а не {url}.")
            payload = {
                "url": url,
                "allowed_updates": ["message"],
                "secret_token": settings.TELEGRAM_WEBHOOK_SECRET,
            }
            telegram.call("setWebhook", payload)
        except telegram.TelegramError as exc:
            raise CommandError(f"Telegram ответил ошибкой: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Вебхук установлен: {url}"))
