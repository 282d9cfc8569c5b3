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

    first.focus()  # the shortcuts work inside the list only
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


def test_arrow_keys_scroll_the_page_outside_the_openings_list(browser_page, live_login, officer):
    source = builders.source()
    for _ in range(3):
        builders.opening(source=source)
    page = live_login(browser_page, officer)
    page.goto("/monitors/")
    page.locator("#header-search").focus()
    page.keyboard.press("Escape")
    page.locator("h1").click()  # focus on the page, outside the list
    captured = page.evaluate(
        """() => {
          const event = new KeyboardEvent(
            "keydown", {key: "ArrowDown", bubbles: true, cancelable: true}
          );
          document.querySelector("h1").dispatchEvent(event);
          return event.defaultPrevented;
        }"""
    )
    assert captured is False
    assert page.locator(".wm-opening--selected").count() == 0
    # Inside the list the arrows still move between openings.
    page.locator("[data-triage-row]").first.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".wm-opening--selected")).to_have_count(1)
