"""How long the password reset page takes while Redis is stopped.

    .venv/bin/python bench/broker_down.py

Starts a private redis-server and stops it (its port is then closed). Each run is a fresh
process that opens the form once (imports, URLs, templates warm, as in a running gunicorn
worker), then posts the password reset form (it queues one e-mail)
twice. The two sides run in interleaved pairs:
- before: the publishing settings before issue #12 (no transport options: kombu retries the
  connection until the 2 s connect timeout, on every request);
- after: one connection attempt with a 0.5 s connect timeout (REDIS_BROKER_OPTIONS); the
  second request skips the broker, remembered as down for 30 s (accounts.mail).
Prints the median and range of the first and of the second request of each side.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench-broker"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.pop("DATABASE_URL", None)  # its own SQLite file, never a shared database

PAIRS = 7


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_run(side):
    """In a child process: two password reset posts; prints their times as JSON."""
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from kitek_portal.celery import app

    if side == "before":
        app.conf.broker_transport_options = {}
    client = Client()
    # A warm process, as a gunicorn worker is: the page and the broker client are imported.
    client.get(reverse("password_reset"))
    app.amqp.producer_pool  # noqa: B018 (creates the pools without connecting)
    app.connection_for_write().transport  # noqa: B018 (imports kombu's Redis transport)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        response = client.post(reverse("password_reset"), {"email": "bench@kitek.test"})
        times.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    print(json.dumps(times))


def main():
    assert shutil.which("redis-server"), "redis-server is needed"
    port = free_port()
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from accounts.models import User

    User.objects.get_or_create(username="bench", defaults={"email": "bench@kitek.test"})
    # Started and stopped: nothing listens on the port any more, as after `systemctl stop`.
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    redis.kill()
    redis.wait()

    results = {side: ([], []) for side in ("before", "after")}
    for _ in range(PAIRS):  # interleaved
        for side, (first, second) in results.items():
            output = subprocess.run(
                [sys.executable, __file__, side],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ,
            ).stdout
            times = json.loads(output.strip().splitlines()[-1])
            first.append(times[0])
            second.append(times[1])

    print(f"Password reset page (queues one e-mail), Redis stopped, {PAIRS} fresh processes each:")
    for side, pair in results.items():
        for label, times in zip(("1st request", "2nd request"), pair, strict=True):
            ms = [t * 1000 for t in times]
            print(
                f"  {side:7} {label}: median {statistics.median(ms):7.1f} ms, "
                f"range {min(ms):7.1f}–{max(ms):7.1f} ms"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        one_run(sys.argv[1])
    else:
        main()
