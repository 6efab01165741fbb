"""The kinds of notification a user can choose channels for, and the channels.

The ground floor only names the kinds; the apps that send them (agreements, meetings,
monitoring, announcements) use these names, so one settings page covers them all.
"""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Почта"
    TELEGRAM = "telegram", "Telegram"


class NotificationKind(models.TextChoices):
    AGREEMENT_EXPIRING = "agreement_expiring", "Договор истекает через 60, 30 и 7 дней"
    AGREEMENT_EXPIRED = "agreement_expired", "Договор истёк и не продлён"
    DAILY_DIGEST = "daily_digest", "Ежедневная сводка: что требует внимания"
    PLAN_ITEMS = (
        "plan_items",
        "В сводке: мои пункты плана работы, срок которых подходит или прошёл",
    )
    MEETING_REMINDER = "meeting_reminder", "Совещания: напоминание за день и за час"
    DECISION_REMINDER = "decision_reminder", "Решения совещаний: срок подходит или прошёл"
    ANNOUNCEMENT = "announcement", "Объявления колледжа для партнёров"
    PLACEMENT_CONFIRMATION = (
        "placement_confirmation",
        "Студенты, распределённые к вам, ждут подтверждения",
    )
    PLACEMENT_ANSWER = "placement_answer", "Партнёр подтвердил или отклонил распределение"
    LIBRARY_VERSION = "library_version", "Новая версия документа в библиотеке колледжа"
    ATTENDANCE_REMINDER = (
        "attendance_reminder",
        "Посещаемость практикантов не отмечена несколько рабочих дней",
    )


#: What an employer representative can receive; staff receive every other kind.
EMPLOYER_KINDS = (
    NotificationKind.MEETING_REMINDER,
    NotificationKind.DECISION_REMINDER,
    NotificationKind.ANNOUNCEMENT,
    NotificationKind.PLACEMENT_CONFIRMATION,
    NotificationKind.LIBRARY_VERSION,
    NotificationKind.ATTENDANCE_REMINDER,
)
STAFF_KINDS = tuple(
    k
    for k in NotificationKind
    if k
    not in (
        NotificationKind.ANNOUNCEMENT,
        NotificationKind.PLACEMENT_CONFIRMATION,
        NotificationKind.LIBRARY_VERSION,
        NotificationKind.ATTENDANCE_REMINDER,
    )
)
DEFAULT_CHANNELS = (Channel.EMAIL,)


def telegram_enabled():
    """Telegram is off everywhere (no UI, nothing queued) while the bot token is empty."""
    return bool(settings.TELEGRAM_BOT_TOKEN)


def kinds_for(user):
    return EMPLOYER_KINDS if user.is_employer else STAFF_KINDS
