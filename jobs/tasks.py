from celery import shared_task

from . import services


@shared_task
def run_job_task(job_id):
    return services.run_job(job_id)


@shared_task
def cleanup_jobs_task():
    return services.cleanup()
