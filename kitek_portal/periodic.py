"""Every periodic task of the portal, in one place.

Beat (``kitek_portal.beat.Scheduler``) installs each entry here that the database does not
have yet, every time it starts. An entry that exists is left alone, so what an administrator
changed in /admin/ → «Периодические задачи» (the time, an interval, switched off) survives
restarts. A task added here is scheduled on the next start of beat; a deleted one is installed
again (switch a task off instead of deleting it).

Times are Asia/Omsk (``CELERY_TIMEZONE``). The keys are the rows' names; ``description`` is
what administrators read in the admin.
"""

from datetime import timedelta

from celery.schedules import crontab

PERIODIC_TASKS = {
    "deliver-pending-email": {
        "task": "accounts.tasks.deliver_pending_email_task",
        "schedule": timedelta(minutes=1),
        "description": "Отправка писем из очереди (и повтор неудавшихся) — каждую минуту.",
    },
    "agreements-daily": {
        "task": "monitoring.tasks.daily_reminders_task",
        "schedule": crontab(minute=0, hour=8),
        "description": "Договоры: смена статусов по датам, напоминания об истечении и "
        "ежедневная сводка (с пунктами плана работы) — каждый день в 08:00.",
    },
    "meeting-reminders": {
        "task": "meetings.tasks.meeting_reminders_task",
        "schedule": timedelta(minutes=10),
        "description": "Совещания: напоминания за день и за час — каждые 10 минут.",
    },
    "decision-reminders": {
        "task": "meetings.tasks.decision_reminders_task",
        "schedule": crontab(minute=5, hour=8),
        "description": "Решения совещаний: за три дня до срока и о просроченных — каждый "
        "день в 08:05.",
    },
    "personal-data-retention": {
        "task": "practice.tasks.anonymise_graduates_task",
        "schedule": crontab(minute=30, hour=3),
        "description": "Персональные данные: обезличивание выпускников старше срока хранения "
        "(PERSONAL_DATA_RETENTION_YEARS) — каждый день в 03:30.",
    },
    "jobs-cleanup": {
        "task": "jobs.tasks.cleanup_jobs_task",
        "schedule": timedelta(hours=1),
        "description": "Фоновые задания: удаление старых файлов «Мои файлы», повторная "
        "постановка потерянных заданий — каждый час.",
    },
}
