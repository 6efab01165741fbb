"""The content security policy is on every page; violations reported by browsers are logged."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def _policy(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/partners/",
        "/partners/import/",
        "/practice/periods/",
        "/agreements/",
        "/meetings/",
        "/announcements/",
        "/announcements/new/",
        "/accounts/notifications/",
        "/no-such-page/",
    ],
)
def test_every_staff_page_carries_the_policy(client_for, head, url):
    policy = _policy(client_for(head).get(url))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["report-uri"] == ["/csp-report/"]


def test_login_and_employer_pages_carry_the_policy(client, client_for, employer_a):
    assert _policy(client.get(reverse("login")))["frame-ancestors"] == ["'none'"]
    page = client_for(employer_a).get(reverse("dashboard"))
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]


def test_admin_allows_only_the_hashed_attributes_of_its_templates(client_for):
    policy = _policy(client_for(factories.AdminFactory()).get("/admin/"))
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-hashes'" in policy["script-src"]
    assert len([s for s in policy["script-src"] if s.startswith("'sha256-")]) == 1


def test_violation_report_is_logged(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://practice.kitek.ru/partners/",
            "violated-directive": "style-src-attr",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="kitek_portal.csp"):
        response = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert "style-src-attr" in caplog.text and "/partners/" in caplog.text


def test_violation_endpoint_refuses_garbage(client):
    assert client.get("/csp-report/").status_code == 405
    assert (
        client.post("/csp-report/", "{not json", content_type="application/json").status_code == 400
    )


SERVED_TEMPLATES = [
    path
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
    for path in folder.rglob("*.html")
    # PDFs are rendered by WeasyPrint on the server, e-mails are read in mail clients.
    if "pdf" not in path.parts and "emails" not in path.parts
]


@pytest.mark.parametrize("template", SERVED_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_style_in_page_templates(template):
    text = template.read_text()
    assert not re.search(r"\sstyle\s*=", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert "<style" not in text
