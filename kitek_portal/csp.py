"""Content security policy: where browsers report violations (django-csp sets the header).

The policy itself is in settings ("Content security policy"): everything from the portal's
own origin, no inline script or style, no framing. A browser that blocks something posts a
JSON report here; it is logged (logger ``kitek_portal.csp``) so that a template that slipped
an inline style in shows up in the logs instead of silently losing its looks.
"""

import base64
import hashlib
import json
import logging

from csp.constants import UNSAFE_HASHES
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)


def _hash(source):
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# django-import-export's admin export page carries a few fixed inline attributes
# (admin/import_export/export.html); the admin allows exactly these, nothing else.
ADMIN_SCRIPT_ATTRIBUTES = ["onSelectToggleChange(event)"]
ADMIN_STYLE_ATTRIBUTES = ["padding: 0;", "font-weight: bold;"]


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; under /admin/ the policy also allows the inline attributes
    of third-party admin templates, each by its hash ('unsafe-hashes')."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(reverse("admin:index")) and parts.update is None:
            parts.update = {
                "script-src": [UNSAFE_HASHES, *map(_hash, ADMIN_SCRIPT_ATTRIBUTES)],
                "style-src": [UNSAFE_HASHES, *map(_hash, ADMIN_STYLE_ATTRIBUTES)],
            }
        return parts


MAX_REPORT_BYTES = 16 * 1024
FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "script-sample",
)


@csrf_exempt  # browsers post reports without a token; the view changes nothing
@require_POST
def csp_report(request):
    body = request.body[:MAX_REPORT_BYTES]
    try:
        report = json.loads(body or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    if isinstance(report, dict) and isinstance(report.get("csp-report"), dict):
        report = report["csp-report"]
    details = {k: report.get(k) for k in FIELDS} if isinstance(report, dict) else {}
    logger.warning("CSP violation: %s", json.dumps(details, ensure_ascii=False))
    return HttpResponse(status=204)
