import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_journeys_notice_a_policy_violation(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # What a template with style="" or an inline <script> would do: the browser refuses.
    page.evaluate(
        """() => {
          const div = document.createElement("div");
          div.innerHTML = '<img src="x.png" onerror="window.ran = true">';
          document.body.appendChild(div);
          document.body.setAttribute("style", "background: red");
        }"""
    )
    page.wait_for_timeout(200)
    assert not page.evaluate("window.ran === true")
    assert any("script-src" in v or "script-src-attr" in v for v in page.csp_violations)
    assert any("style-src" in v for v in page.csp_violations)
    page.csp_violations.clear()  # seen: this test's own violations are expected


def test_partner_card_and_import_preview_render_without_violations(page, live_server):
    factories.PracticeHeadFactory(username="belova")
    partner = factories.PartnerFactory(name="ООО «Сказка»", stage=4)
    login(page, live_server, "belova", factories.PASSWORD)
    page.goto(f"{live_server.url}/partners/{partner.pk}/")
    bar = page.locator(".progress-bar").first
    expect(bar).to_be_visible()
    # The stage bar keeps its width without an inline style (4 of 9 = 44%).
    width = bar.evaluate(
        "el => el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width"
    )
    assert 0.40 < width < 0.48
    page.goto(f"{live_server.url}/partners/import/")
    expect(page.get_by_role("button", name="Проверить файл")).to_be_visible()


def test_administrator_pages_run_under_the_policy(page, live_server):
    factories.AdminFactory(username="adm", is_staff=True, is_superuser=True)
    partner = factories.PartnerFactory()
    login(page, live_server, "adm", factories.PASSWORD)
    for url in [
        "/admin/",
        "/admin/partners/partner/",
        f"/admin/partners/partner/{partner.pk}/change/",
        "/admin/partners/partner/import/",
        "/admin/axes/accessattempt/",
        "/admin/django_celery_beat/periodictask/add/",
    ]:
        page.goto(live_server.url + url)
    # django-celery-beat's script, moved to a static file, still hides the helper field.
    expect(page.locator(".field-crontab_translation")).to_be_hidden()
    # django-import-export's inline «select all» handler is allowed by its hash.
    page.goto(live_server.url + "/admin/partners/partner/export/")
    page.locator("input.select-toggle").uncheck()
    expect(page.locator("#id_partnerresource_name")).not_to_be_checked()
