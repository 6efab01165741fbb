"""How long the daily agreement task takes over 10,000 agreements, and how many queries it runs.

    .venv/bin/python bench/reminder_scan.py                  # var/bench-reminders/portal.sqlite3
    DATABASE_URL=postgres://…/kitek_bench .venv/bin/python bench/reminder_scan.py

The database is the bench's own: it is flushed and rebuilt on every start (a PostgreSQL
URL must name a database with "bench" in its name). The data: 3 specialties with two
practice heads each, 60 teachers responsible for agreements, 2,000 partners and 10,000
agreements whose end dates spread from 45 days ago to three years ahead, a quarter of
them prolonging themselves.

Each round puts the agreements back as built, empties the outbox, then times
``daily_reminders_task`` twice: the cold run (statuses move, reminders and
digests queued) and the re-run the same day, which must send nothing. The rounds
alternate the two, so drift of the machine touches both alike. Delivery is handed to the
broker as in production (with no REDIS_URL, Celery's filesystem broker under VAR_DIR).
"""

import os
import random
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench-reminders"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

AGREEMENTS, PARTNERS, TEACHERS, ROUNDS = 10_000, 2_000, 60, 5


def setup():
    import django
    from django.core.management import call_command

    url = os.environ.get("DATABASE_URL", "")
    if url and "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must name a bench database (with 'bench' in its name).")
    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def build():
    from django.utils import timezone

    from accounts.models import User
    from agreements.models import Agreement
    from partners.models import Partner
    from practice.models import Specialty

    rng = random.Random(10)
    today = timezone.localdate()
    started = time.perf_counter()
    specialties = Specialty.objects.bulk_create(
        Specialty(code=code, name=name)
        for code, name in [
            ("43.02.14", "Гостиничное дело"),
            ("43.02.15", "Поварское и кондитерское дело"),
            ("38.02.05", "Товароведение и экспертиза качества потребительских товаров"),
        ]
    )
    users = User.objects.bulk_create(
        [
            User(username=f"head{n}", email=f"head{n}@kitek.test", role="head")
            for n in range(2 * len(specialties))
        ]
        + [
            User(username=f"teacher{n}", email=f"teacher{n}@kitek.test", role="teacher")
            for n in range(TEACHERS)
        ]
    )
    heads, teachers = users[: 2 * len(specialties)], users[2 * len(specialties) :]
    User.specialties.through.objects.bulk_create(
        User.specialties.through(user=head, specialty=specialties[n // 2])
        for n, head in enumerate(heads)
    )
    partners = Partner.objects.bulk_create(
        Partner(name=f"ООО «Партнёр № {n}»", city="Омск", status="active", places_per_year=0)
        for n in range(1, PARTNERS + 1)
    )
    agreements = []
    for n in range(AGREEMENTS):
        valid_from = today - timedelta(days=rng.randint(-20, 700))
        valid_to = max(today + timedelta(days=rng.randint(-45, 1100)), valid_from)
        if valid_from > today or rng.random() < 0.03:
            status = "signed"
        elif valid_to < today and rng.random() < 0.5:
            status = "expired"
        else:
            status = "active"
        agreements.append(
            Agreement(
                number=f"Д-{n:05d}",
                partner=partners[n % PARTNERS],
                kind="cooperation" if n % 7 == 0 else "training",
                valid_from=valid_from,
                valid_to=valid_to,
                auto_prolongation=rng.random() < 0.25,
                responsible=rng.choice(teachers) if rng.random() < 0.8 else None,
                status=status,
            )
        )
    agreements = Agreement.objects.bulk_create(agreements, batch_size=2000)
    Agreement.specialties.through.objects.bulk_create(
        (
            Agreement.specialties.through(agreement=a, specialty=rng.choice(specialties))
            for a in agreements
        ),
        batch_size=2000,
    )
    print(
        f"Built in {time.perf_counter() - started:.1f} s: {len(agreements)} agreements, "
        f"{len(partners)} partners, {len(heads)} heads, {len(teachers)} teachers"
    )
    return [Agreement(pk=a.pk, status=a.status, valid_to=a.valid_to) for a in agreements]


def reset(as_built):
    from accounts.models import OutgoingEmail
    from agreements.models import Agreement, AgreementStatusChange

    Agreement.objects.bulk_update(as_built, ["status", "valid_to"], batch_size=2000)
    AgreementStatusChange.objects.all().delete()
    Agreement.history.filter(history_type="~").delete()
    OutgoingEmail.objects.all().delete()


def timed_run():
    from django.db import connection

    from monitoring.tasks import daily_reminders_task

    queries = 0

    def count(execute, sql, params, many, context):  # no cap, unlike Django's query log
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = daily_reminders_task()
        elapsed = time.perf_counter() - started
    return elapsed, queries, result


def summary(label, runs):
    times = [t for t, _, _ in runs]
    queries = sorted({q for _, q, _ in runs})
    print(
        f"{label}: median {statistics.median(times):.2f} s, "
        f"range {min(times):.2f}–{max(times):.2f} s over {len(times)} runs; "
        f"SQL queries {', '.join(map(str, queries))}; last result {runs[-1][2]}"
    )


def main():
    from django.conf import settings
    from django.db import connection

    setup()
    print(f"Database: {connection.vendor}; broker: {settings.CELERY_BROKER_URL.split('@')[-1]}")
    as_built = build()
    cold, rerun = [], []
    for _ in range(ROUNDS):
        reset(as_built)
        cold.append(timed_run())
        rerun.append(timed_run())
    summary("cold run", cold)
    summary("re-run", rerun)
    broker_dir = Path(settings.VAR_DIR) / "celery-broker"
    if not os.environ.get("REDIS_URL") and broker_dir.is_dir():
        shutil.rmtree(broker_dir)  # nobody consumes the bench's deliveries


if __name__ == "__main__":
    main()
