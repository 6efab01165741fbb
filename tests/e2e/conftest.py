import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous and safe. The browser lives for
    # one test only: while the loop runs, Django hands this thread another
    # connection object, which would miss the database setup of the next test
    # (the restore of data-migration rows for serialized rollback).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the connections opened while the loop ran, or the test database
        # cannot be dropped at the end of the run.
        from django.db import connections

        connections.close_all()


# Every page reports content security policy violations to the test: the journeys run
# with the portal's policy on and fail on anything it blocks.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


def _open(browser, **options):
    context = browser.new_context(locale="ru-RU", **options)
    violations = []
    context.expose_function("__cspViolation", lambda text: violations.append(text))
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.on(
        "console",
        lambda message: "Refused to" in message.text and violations.append(message.text),
    )
    page.set_default_timeout(10_000)
    page.csp_violations = violations
    return context, page


def _no_violations(page):
    # Reports arrive asynchronously: give the last ones a moment to come in.
    page.wait_for_timeout(100)
    if page.csp_violations:
        pytest.fail("Content security policy violations:\n" + "\n".join(page.csp_violations))


@pytest.fixture
def page(browser):
    context, page = _open(browser, viewport={"width": 1280, "height": 900})
    yield page
    _no_violations(page)
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _open(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    yield page
    _no_violations(page)
    context.close()


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
