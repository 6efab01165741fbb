"""Upload and confirm as a user does, with the worker's part run in the test."""

from jobs import services
from jobs.models import BackgroundJob


def run_queued_jobs():
    """What the worker does; on_commit never fires inside a test transaction."""
    for pk in BackgroundJob.objects.filter(status="queued").values_list("pk", flat=True):
        services.run_job(pk)


def upload(client, url, file):
    """Post the file, let the worker check it, open the page the user is sent to."""
    response = client.post(url, {"file": file})
    if response.status_code != 302:
        return response
    run_queued_jobs()
    return client.get(response.url)


def confirm(client, url, token):
    response = client.post(url, {"token": token})
    if response.status_code != 302 or "?job=" not in response.url:
        return response
    run_queued_jobs()
    return client.get(response.url)
