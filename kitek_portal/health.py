"""Is the portal healthy? The checks behind ``/health/`` (staff) and ``/health/json/``.

Each check answers one question an on-call person asks: can we reach the database and the
broker, does a worker answer, did beat run every periodic task when it should have, is mail
leaving. Answers carry counts and ages only, never addresses, URLs or error texts, because
the JSON variant is open to the monitoring system without a login.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import OutgoingEmail

from .celery import app
from .periodic import PERIODIC_TASKS

logger = logging.getLogger(__name__)

# Beat writes ``last_run_at`` to the database every three minutes, so a task is late only
# when it missed its time by more than this.
BEAT_GRACE = timedelta(minutes=5)
WORKER_PING_TIMEOUT = 1.0


@dataclass
class Check:
    key: str
    title: str
    ok: bool
    summary: str
    data: dict = field(default_factory=dict)
    items: list = field(default_factory=list)  # per periodic task, for the beat check


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health: database unreachable")
        return Check("database", "База данных", False, "недоступна")
    return Check("database", "База данных", True, "отвечает")


def check_broker():
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception:
        logger.exception("Health: broker unreachable")
        return Check("broker", "Брокер очереди", False, "недоступен")
    return Check("broker", "Брокер очереди", True, f"доступен ({conn.transport_cls})")


def check_worker():
    title = "Воркер Celery"
    if not app.conf.worker_enable_remote_control:
        # kombu's filesystem transport (a laptop without Redis) cannot broadcast a ping.
        return Check("worker", title, True, "не проверяется: встроенный брокер без Redis")
    try:
        replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception:
        logger.exception("Health: worker ping failed")
        replies = []
    if not replies:
        return Check("worker", title, False, "не отвечает", {"workers": 0})
    return Check("worker", title, True, f"отвечает: {len(replies)}", {"workers": len(replies)})


def _beat_item(name, task, now):
    if task is None:
        return {"name": name, "ok": False, "summary": "не установлена: beat не запускался"}
    item = {
        "name": name,
        "enabled": task.enabled,
        "last_run_at": task.last_run_at.isoformat() if task.last_run_at else None,
    }
    if not task.enabled:
        return {**item, "ok": True, "summary": "выключена администратором"}
    since = task.last_run_at or task.date_changed  # never run: count from its installation
    late_by = -task.schedule.remaining_estimate(since)
    if late_by > BEAT_GRACE:
        minutes = int(late_by.total_seconds() // 60)
        return {**item, "ok": False, "summary": f"не запускалась вовремя (опоздание {minutes} мин)"}
    return {**item, "ok": True, "summary": "по расписанию"}


def check_beat(now):
    tasks = {
        task.name: task
        for task in PeriodicTask.objects.filter(name__in=PERIODIC_TASKS).select_related(
            "interval", "crontab", "solar", "clocked"
        )
    }
    items = [_beat_item(name, tasks.get(name), now) for name in PERIODIC_TASKS]
    late = [item["name"] for item in items if not item["ok"]]
    summary = "все задачи по расписанию" if not late else "опаздывают: " + ", ".join(late)
    return Check("beat", "Планировщик (beat)", not late, summary, items=items)


def _age(since, now):
    return int((now - since).total_seconds()) if since else None


def _outbox_figures(state, now):
    return {
        "waiting": state["waiting"],
        "overdue": state["overdue"],
        "failed": state["failed"],
        "oldest_waiting_age_seconds": _age(state["oldest_waiting"], now),
        "oldest_failed_at": state["oldest_failed"].isoformat() if state["oldest_failed"] else None,
    }


def check_outbox(now):
    state = OutgoingEmail.objects.state(now)
    data = _outbox_figures(state, now)
    summary = f"в очереди {state['waiting']}, задерживаются {state['overdue']}, "
    summary += f"не отправлено {state['failed']}"
    if settings.TELEGRAM_BOT_TOKEN:
        # The totals above include Telegram; its own figures tell which channel is stuck.
        telegram = OutgoingEmail.objects.filter(channel=OutgoingEmail.Channel.TELEGRAM)
        tg_state = telegram.state(now)
        data["telegram"] = _outbox_figures(tg_state, now)
        summary += f" (из них Telegram: в очереди {tg_state['waiting']}, "
        summary += f"не отправлено {tg_state['failed']})"
    ok = not state["overdue"] and not state["failed"]
    return Check("outbox", "Исходящие сообщения", ok, summary, data)


def run_checks():
    now = timezone.now()
    checks = [check_database(), check_broker(), check_worker()]
    database_ok = checks[0].ok
    if database_ok:
        checks += [check_beat(now), check_outbox(now)]
    return checks


def as_json(checks):
    return {
        "status": "ok" if all(check.ok for check in checks) else "fail",
        "checked_at": timezone.now().isoformat(),
        "checks": {
            check.key: {
                "ok": check.ok,
                "summary": check.summary,
                **check.data,
                **({"tasks": check.items} if check.items else {}),
            }
            for check in checks
        },
    }
