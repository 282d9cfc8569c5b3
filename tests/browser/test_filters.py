"""The MoJ filter pattern on every list: "Show filters", by mouse, keyboard and without script."""

import pytest
from django.test import Client
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filters_fold_behind_show_filters_and_open_by_keyboard(browser_page, live_login, officer):
    page = live_login(browser_page, officer)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/campaigns/asks/")
    toggle = page.get_by_role("button", name="Show filters")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("searchbox", name="Search", exact=True)).to_be_visible()  # in view
    status = page.locator("#filters").get_by_label("Status", exact=True)
    expect(status).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    hide = page.get_by_role("button", name="Hide filters")
    expect(hide).to_have_attribute("aria-expanded", "true")
    expect(status).to_be_visible()
    expect(hide).to_be_focused()  # focus stays put; the filters come next in the tab order
    page.keyboard.press("Space")
    expect(status).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.console_errors == []


def test_applied_filters_stay_in_view(browser_page, live_login, officer):
    page = live_login(browser_page, officer)
    page.goto("/campaigns/asks/?status=made")
    expect(page.get_by_role("button", name="Hide filters")).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.locator("#filters").get_by_label("Status", exact=True)).to_be_visible()
    expect(page.get_by_text("1 filter applied")).to_be_visible()


def test_without_javascript_the_filters_show_and_no_toggle_does(browser, live_server, officer):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    client = Client()
    client.force_login(officer)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto("/stakeholders/")
        expect(page.locator("#filters").get_by_label("Stance")).to_be_visible()
        expect(page.locator("[data-filter-toggle]")).to_be_hidden()
        page.locator("#filters").get_by_label("Stance").select_option("champion")
        page.get_by_role("button", name="Apply filters").click()
        assert "stance=champion" in page.url
    finally:
        context.close()
