from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.access import require_staff

from . import health


def _status(checks):
    return 200 if all(check.ok for check in checks) else 503


@never_cache
@login_required
def health_page(request):
    require_staff(request.user)
    checks = health.run_checks()
    context = {"checks": checks, "healthy": _status(checks) == 200}
    return render(request, "health.html", context, status=_status(checks))


@never_cache
def health_json(request):
    """For monitoring systems: no login, 200 when healthy, 503 when not, no secrets."""
    checks = health.run_checks()
    return JsonResponse(
        health.as_json(checks), status=_status(checks), json_dumps_params={"ensure_ascii": False}
    )
