"""An officer triages openings from the keyboard alone."""

import pytest
from playwright.sync_api import expect

from monitors.models import Opening
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_triages_openings_with_keyboard_shortcuts(browser_page, live_login, officer):
    source = builders.source()
    older = builders.opening(source=source)
    newer = builders.opening(source=source)
    page = live_login(browser_page, officer)
    page.goto("/monitors/")
    first, second = page.locator("[data-triage-row]").all()[:2]
    assert first.get_attribute("id") == f"opening-{newer.pk}"

    page.keyboard.press("j")
    expect(first).to_be_focused()
    with page.expect_response(lambda response: "/status/" in response.url):
        page.keyboard.press("d")
    expect(page.locator(f"#opening-{newer.pk}")).to_contain_text("Dismissed")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )

    page.keyboard.press("j")
    expect(page.locator(f"#opening-{older.pk}")).to_be_focused()
    with page.expect_response(lambda response: "/status/" in response.url):
        page.keyboard.press("m")
    expect(page.locator(f"#opening-{older.pk}")).to_contain_text(officer.first_name)

    newer.refresh_from_db()
    older.refresh_from_db()
    assert newer.status == Opening.Status.DISMISSED
    assert older.assignee == officer
    assert page.console_errors == []
