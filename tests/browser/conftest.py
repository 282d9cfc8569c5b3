"""Playwright driving Debian's Chromium against the live test server.

Browser tests skip when Chromium is absent, except where WAYMARK_REQUIRE_BROWSER is set
(as in CI), where its absence fails the run instead.
"""

import logging
import os
import shutil

import pytest
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WAYMARK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# One patience for everything a browser test waits on: navigation, actions and `expect`, which
# otherwise keeps Playwright's own 5 seconds while the rest waited 10. On a machine loaded to 15
# on two cores, the live server and Chromium share what is left, and a step can take longer than
# 5 seconds: the assertion then fails on one run and passes on the next. A longer wait asserts
# exactly the same thing; it only lets a slow machine get there.
TIMEOUT_MS = 20_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in flushed transactions: put back what migrations load."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role
    from strategy import theory_of_change
    from strategy.models import Element

    for role in Role:
        Group.objects.get_or_create(name=role)
    theory_of_change.load(Element)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("WAYMARK_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for browser tests but {CHROMIUM} is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def browser_page(browser, live_server):
    """A fresh page; `page.console_errors` collects console errors and uncaught exceptions.

    Every browser test also proves the page worked under the Content-Security-Policy: nothing
    the policy refused was reported in the console or to the report door.
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_errors = []
    page.csp_violations = []
    page.on("console", lambda message: _console(page, message))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    reports = _Collect()
    logging.getLogger("waymark.csp").addHandler(reports)
    try:
        yield page
        context.close()
    finally:
        logging.getLogger("waymark.csp").removeHandler(reports)
    assert page.csp_violations == [], "the page broke the Content-Security-Policy"
    assert reports.messages == [], "a Content-Security-Policy violation was reported"


def _console(page, message):
    if message.type == "error":
        page.console_errors.append(message.text)
    if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
        page.csp_violations.append(message.text)


@pytest.fixture
def live_login(live_server):
    """Sign a user in by giving the browser a real session cookie."""

    def login(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )
        return page

    return login


@pytest.fixture
def screenshot_dir():
    path = os.environ.get("WAYMARK_SCREENSHOTS", os.path.join("var", "screenshots"))
    os.makedirs(path, exist_ok=True)
    return path
