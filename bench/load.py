"""The portal under load: p50/p95 per page against the lightest page, in one run.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitek_bench
    .venv/bin/python bench/load.py [--concurrency 16] [--requests 24] [--max-seconds 300]

On the large college of bench/large_college.py (built if missing) it starts gunicorn with
2 workers on a free port of 127.0.0.1 (loopback only, DEBUG off, CONN_MAX_AGE=60 as in
production), logs in every role (a session per user, as the login form would create it), and
sends --requests requests to each page in turn from --concurrency threads (one page at a time:
see run()). Each page gets --max-seconds / pages; what is left then is not sent and reported; a
request that errors or times out (60 s) is counted, not retried. Prints, per page: requests,
errors, p50, p95, p95 as a multiple of the lightest page's p95 (password change), HTML size.

Pages are found by URL name; one whose name is missing (a page another change renamed) is
skipped with a note, so the script works on whatever pages exist.
"""

import argparse
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

SECRET_KEY = "bench-load-only-not-a-real-secret-0123456789abcdefghijklmnopqrstuvwxyz"
os.environ["SECRET_KEY"] = SECRET_KEY  # the sessions made here must be valid in gunicorn

from large_college import ROOT, build, setup  # noqa: E402

LIGHTEST = "password change"


def pages():
    """(label, login, url name, args, GET params) of every page measured."""
    from partners.models import Partner
    from practice.models import PracticePeriod, Specialty

    partner = Partner.objects.order_by("-places_per_year", "pk").first()
    specialty = Specialty.objects.filter(responsible_users__username="head").first()
    period = (
        PracticePeriod.objects.filter(group__specialty=specialty, kind="industrial")
        .order_by("pk")
        .first()
    )
    return [
        (LIGHTEST, "head", "password_change", [], {}),
        ("placement page (one period)", "head", "practice:period_detail", [period.pk], {}),
        ("schedule, one period", "head", "practice:schedule", [], {"period": period.pk}),
        (
            "schedule, one specialty",
            "head",
            "practice:schedule",
            [],
            {"specialty": specialty.pk},
        ),
        ("partners list", "head", "partners:list", [], {}),
        ("periods list", "head", "practice:period_list", [], {}),
        ("agreements list", "head", "agreements:list", [], {}),
        ("meetings list", "head", "meetings:list", [], {}),
        ("dashboard: practice head", "head", "dashboard", [], {}),
        ("dashboard: deputy director", "deputy", "dashboard", [], {}),
        ("dashboard: teacher", "teacher", "dashboard", [], {}),
        ("dashboard: employer", "employer", "dashboard", [], {}),
        ("dashboard: administrator", "admin", "dashboard", [], {}),
        ("partner card", "head", "partners:detail", [partner.pk], {}),
        ("schedule PDF, one specialty", "head", "practice:schedule", [], {
            "specialty": specialty.pk, "format": "pdf"}),
        ("indicators: deputy director", "deputy", "monitoring:indicators", [], {}),
        ("indicators: practice head", "head", "monitoring:indicators", [], {}),
        ("annual plan", "deputy", "monitoring:plan_current", [], {}),
        ("reports page", "deputy", "monitoring:reports", [], {}),
    ]  # fmt: skip


def resolve(spec):
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    label, login, name, args, params = spec
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        print(f"  (skipped {label}: no URL named {name})")
        return None
    return label, login, path + (f"?{urlencode(params)}" if params else "")


def session_cookie(username):
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "kitek_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start within 30 s")


def fetch(base, path, cookie):
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            # A lost session ends on the login page: that is an error, not a fast page.
            ok = response.status == 200 and "/login/" not in response.geturl()
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        body, ok = b"", False
    return time.perf_counter() - started, len(body), ok


def run(base, targets, cookies, requests_per_page, concurrency, seconds_per_page):
    """Each page in turn under `concurrency` connections of its own.

    Pages are measured one after the other, not mixed: with 2 sync workers a mixed run
    makes every request wait behind the slowest pages, so every page shows the same
    queueing time. One page at a time, the lightest page's p95 is the cost of 16
    connections sharing 2 workers, and a page's ratio to it is what the page itself costs.
    """
    results = {}
    for label, login, path in targets:
        work = queue.Queue()
        for _ in range(requests_per_page):
            work.put(path)
        data = results[label] = {"times": [], "sizes": [], "errors": 0, "unsent": 0}
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds_per_page

        def worker(data=data, work=work, lock=lock, stop_at=stop_at, login=login):
            while time.monotonic() < stop_at:
                try:
                    path = work.get_nowait()
                except queue.Empty:
                    return
                elapsed, size, ok = fetch(base, path, cookies[login])
                with lock:
                    if ok:
                        data["times"].append(elapsed)
                        data["sizes"].append(size)
                    else:
                        data["errors"] += 1

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        data["unsent"] = work.qsize()
        drain(base, targets[0][2], cookies[targets[0][1]])
    return results


def drain(base, lightest_path, cookie, quiet=1.0, longest=120):
    """Wait until the server is idle again: a request the client gave up on (60 s) may still
    be worked on, and must not be counted against the next page."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        if fetch(base, lightest_path, cookie)[0] < quiet:
            return


def p95(times):
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]


def report(results):
    base = results[LIGHTEST]["times"]
    lightest = p95(base) if base else None
    print(f"{'page':32} {'n':>4} {'err':>4} {'p50':>8} {'p95':>8} {'× lightest':>10} {'KiB':>6}")
    for label, data in results.items():
        times = data["times"]
        if not times:
            print(f"{label:32} {0:4} {data['errors']:4}   (no successful request in time)")
            continue
        ratio = f"{p95(times) / lightest:.1f}×" if lightest else "?"
        print(
            f"{label:32} {len(times):4} {data['errors']:4} "
            f"{statistics.median(times) * 1000:6.0f}ms {p95(times) * 1000:6.0f}ms "
            f"{ratio:>10} {statistics.median(data['sizes']) / 1024:6.0f}"
            + (f"  ({data['unsent']} not sent: time bound)" if data["unsent"] else "")
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=24, help="per page")
    parser.add_argument("--max-seconds", type=int, default=300)
    args = parser.parse_args()
    setup()
    build()
    targets = [t for t in map(resolve, pages()) if t]
    cookies = {login: session_cookie(login) for _, login, _ in targets}
    port = free_port()
    server = start_gunicorn(port)
    try:
        base = f"http://127.0.0.1:{port}"
        for _, login, path in targets:  # warm both workers (imports, templates, caches)
            warm = [
                threading.Thread(target=fetch, args=(base, path, cookies[login])) for _ in range(2)
            ]
            for thread in warm:
                thread.start()
            for thread in warm:
                thread.join()
        print(
            f"gunicorn, 2 workers; {args.concurrency} concurrent connections; "
            f"{args.requests} requests per page, at most {args.max_seconds} s"
        )
        # The lightest page again at the end shows how much the machine drifted meanwhile.
        targets.append((f"{LIGHTEST} (again)", *targets[0][1:]))
        started = time.monotonic()
        results = run(
            base,
            targets,
            cookies,
            args.requests,
            args.concurrency,
            args.max_seconds / len(targets),
        )
        print(f"ran {time.monotonic() - started:.0f} s")
        report(results)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
