"""Periodic tasks are on the clock out of the box, as `make run` and the systemd units start beat.

The reminders once never fired on a deployed portal: beat scheduled only e-mail delivery, and
the tests called the tasks by hand. These tests start the real processes instead.
"""

import datetime
import inspect
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import OutgoingEmail
from kitek_portal.beat import install_periodic_tasks
from kitek_portal.celery import app
from kitek_portal.periodic import PERIODIC_TASKS
from meetings import services as meetings
from tests import factories

PROJECT_APPS = ("accounts", "partners", "practice", "agreements", "meetings", "monitoring")
CELERY = str(Path(sys.executable).with_name("celery"))


def test_every_task_that_takes_no_arguments_is_on_the_clock():
    # A task without parameters can only do its work when beat calls it: each must be listed.
    app.loader.import_default_modules()
    periodic = {
        name
        for name, task in app.tasks.items()
        if name.split(".")[0] in PROJECT_APPS
        and not any(
            p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in inspect.signature(task.run).parameters.values()
        )
    }
    scheduled = {entry["task"] for entry in PERIODIC_TASKS.values()}
    assert periodic, "the project's tasks were not discovered"
    assert periodic <= scheduled, f"tasks no beat calls: {sorted(periodic - scheduled)}"
    assert scheduled <= set(app.tasks), "a scheduled task name matches no task"


@pytest.mark.django_db
def test_installing_keeps_what_an_administrator_changed():
    PeriodicTask.objects.all().delete()
    assert sorted(install_periodic_tasks(app)) == sorted(PERIODIC_TASKS)

    daily = PeriodicTask.objects.get(name="agreements-daily")
    daily.crontab.hour = "7"
    daily.crontab.save()
    daily.enabled = False
    daily.save()
    PeriodicTask.objects.filter(name="meeting-reminders").delete()

    assert install_periodic_tasks(app) == ["meeting-reminders"]
    daily.refresh_from_db()
    assert (daily.crontab.hour, daily.enabled) == ("7", False)


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _start(args, tmp_path, name):
    """Start a Celery process on the test database, as bin/serve or a systemd unit does."""
    env = dict(os.environ, DATABASE_URL=_database_url())
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [CELERY, "-A", "kitek_portal", *args, "--loglevel=INFO"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.log_path, proc.log_file = tmp_path / f"{name}.log", log
    return proc


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log_file.close()


def _wait_for(condition, proc, what, timeout=150.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    raise AssertionError(f"{what}; process log:\n{proc.log_path.read_text()[-4000:]}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_started_as_make_run_schedules_every_reminder_and_keeps_admin_edits(tmp_path):
    if os.environ.get("CI"):
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    app.control.purge()
    PeriodicTask.objects.all().delete()  # a fresh database: nothing scheduled yet
    meeting = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(minutes=40))
    contact = factories.ContactFactory(email="rudenko@skazka.example", is_primary=True)
    meetings.invite(meeting, [contact.partner])
    queue = settings.CELERY_TASK_DEFAULT_QUEUE

    # bin/serve (make run): one worker process with beat embedded.
    serve = _start(
        ["worker", "--beat", "--pool=solo", "-Q", queue, f"--schedule={tmp_path / 'beat'}"],
        tmp_path,
        "serve",
    )
    try:
        _wait_for(
            lambda: (
                PeriodicTask.objects.filter(name__in=PERIODIC_TASKS).count() == len(PERIODIC_TASKS)
            ),
            serve,
            "beat did not install the periodic tasks",
        )
        tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab", "interval")}
        daily = tasks["agreements-daily"]
        assert daily.task == "monitoring.tasks.daily_reminders_task"
        assert (daily.crontab.minute, daily.crontab.hour) == ("0", "8")
        assert str(daily.crontab.timezone) == "Asia/Omsk"
        assert tasks["decision-reminders"].crontab.hour == "8"
        assert tasks["meeting-reminders"].interval.every == 600
        assert tasks["deliver-pending-email"].interval.every == 60
        assert all(t.enabled for t in tasks.values())

        # An administrator makes the meeting reminders run every two seconds (the admin form
        # saves the row the same way); beat picks the change up and the worker sends.
        fast, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
        reminders = tasks["meeting-reminders"]
        reminders.interval = fast
        reminders.save()
        _wait_for(
            lambda: OutgoingEmail.objects.filter(
                status="sent", subject__startswith="Через час"
            ).exists(),
            serve,
            "beat did not run the meeting reminders through the worker",
        )
    finally:
        _stop(serve)

    # The kitek-beat systemd unit: beat alone. Its start keeps the edit and restores a task
    # deleted by mistake.
    PeriodicTask.objects.filter(name="decision-reminders").delete()
    beat = _start(["beat", f"--schedule={tmp_path / 'beat2'}"], tmp_path, "beat")
    try:
        _wait_for(
            lambda: PeriodicTask.objects.filter(name="decision-reminders").exists(),
            beat,
            "beat did not reinstall the deleted task",
        )
    finally:
        _stop(beat)
    assert PeriodicTask.objects.get(name="meeting-reminders").interval.every == 2
    assert OutgoingEmail.objects.filter(subject__startswith="Через час").count() == 1
