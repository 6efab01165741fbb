"""What a large document costs the request now that the worker renders it.

    .venv/bin/python bench/documents_in_worker.py

On the large college of bench/large_college.py (built if missing) it prints, for the schedule
PDF of one specialty's industrial practice (1,000 rows) and of a whole specialty (2,000 rows):
- the request rendering the PDF itself (threshold raised) against the request that queues a
  job and answers with the progress page, interleaved over PAIRS pairs;
- the request queuing a new job against the request whose data has not changed (redirect to
  the stored file), interleaved;
- the data-key query alone (the printed values, hashed);
- the worker rendering the 1,000-row job once.
Figures are medians with the range (min–max), in milliseconds unless marked.
"""

import statistics
import time

from large_college import build, setup

PAIRS = 5


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def summary(label, seconds, unit="ms"):
    scale = 1000 if unit == "ms" else 1
    values = [s * scale for s in seconds]
    print(
        f"  {label}: median {statistics.median(values):.0f} {unit} "
        f"(range {min(values):.0f}–{max(values):.0f}, n={len(values)})"
    )


def main():
    setup()
    build()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from jobs import services
    from jobs.models import BackgroundJob
    from kitek_portal.celery import app
    from practice import schedule as schedule_data
    from practice.models import Specialty

    specialty = Specialty.objects.get(code="43.02.14")
    fresh_head, _ = User.objects.get_or_create(username="bench-head", defaults={"role": "head"})
    stored_head, _ = User.objects.get_or_create(username="bench-head-2", defaults={"role": "head"})
    fresh, stored = Client(), Client()
    fresh.force_login(fresh_head)
    stored.force_login(stored_head)
    BackgroundJob.objects.filter(owner__in=[fresh_head, stored_head]).delete()

    def request(client, params):
        response = client.get("/practice/schedule/", params)
        return response

    def new_job_request(params):
        BackgroundJob.objects.filter(owner=fresh_head).delete()
        return request(fresh, params)

    for rows_label, params in (
        ("1,000 rows", {"specialty": specialty.pk, "kind": "industrial", "format": "pdf"}),
        ("2,000 rows", {"specialty": specialty.pk, "format": "pdf"}),
    ):
        rows = schedule_data.schedule_rows(fresh_head, params).count()
        print(f"schedule PDF, {rows_label} ({rows}):")

        if rows_label.startswith("1,000"):
            inline, queued = [], []
            for _ in range(PAIRS):
                settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 10**9
                seconds, response = timed(lambda p=params: request(fresh, p))
                assert response["Content-Type"] == "application/pdf"
                inline.append(seconds)
                settings.DOCUMENTS_IN_WORKER_ABOVE_ROWS = 200
                seconds, response = timed(lambda p=params: new_job_request(p))
                assert response.status_code == 302 and "/jobs/" in response.url
                queued.append(seconds)
            summary("request rendering the PDF itself", inline, "ms")
            summary("request queuing the job (progress page)", queued, "ms")
            ratio = statistics.median(inline) / statistics.median(queued)
            print(f"  → the request is {ratio:.0f}× faster")

            job = BackgroundJob.objects.get(owner=fresh_head)
            seconds, _ = timed(lambda job_id=job.pk: services.run_job(job_id))
            print(f"  worker rendering the job once: {seconds:.1f} s")

        # A stored, unchanged file for the second user: render it once, then time both sides.
        BackgroundJob.objects.filter(owner=stored_head).delete()
        request(stored, params)
        services.run_job(BackgroundJob.objects.get(owner=stored_head).pk)
        queued, cached = [], []
        for _ in range(PAIRS):
            seconds, response = timed(lambda p=params: new_job_request(p))
            assert response.status_code == 302 and response.url.endswith(
                f"/jobs/{BackgroundJob.objects.get(owner=fresh_head).pk}/"
            )
            queued.append(seconds)
            seconds, response = timed(lambda p=params: request(stored, p))
            assert response.url.endswith("/download/"), response.url
            cached.append(seconds)
        summary("request queuing a new job", queued)
        summary("request with unchanged data (redirect to the stored file)", cached)
        with CaptureQueriesContext(connection) as queries:
            request(stored, params)
        print(f"  SQL queries of that request: {len(queries)}")

        key_times = []
        for _ in range(PAIRS):
            rows_qs = schedule_data.schedule_rows(fresh_head, schedule_data.document_params(params))
            seconds, _ = timed(
                lambda q=rows_qs: services.data_key(
                    "k", {}, q.values_list(*schedule_data.SCHEDULE_PRINTED)
                )
            )
            key_times.append(seconds)
        summary("data key alone (one query, values hashed)", key_times)

    BackgroundJob.objects.filter(owner__in=[fresh_head, stored_head]).delete()
    app.control.purge()  # the jobs queued above have no worker here


if __name__ == "__main__":
    main()
