"""Filtering a list by campaign through its picker, by keyboard, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_filters_the_asks_by_a_campaign_found_by_typing(
    browser_page, live_login, officer, screenshot_dir
):
    protocols = builders.campaign(title="Local multi-agency missing protocols")
    builders.ask(campaign=protocols, title="Every area signs a protocol")
    builders.ask(title="Data on children missing from care")
    for n in range(30):
        builders.campaign(title=f"Campaign about something else {n}")
    page = live_login(browser_page, officer)

    page.goto("/campaigns/asks/")
    page.get_by_role("button", name="Show filters").click()
    search = page.get_by_label("Find a campaign by name")
    search.focus()
    page.keyboard.type("protocols")
    expect(page.get_by_role("status").filter(has_text="1 match for “protocols”")).to_be_visible()
    # Typing searched the campaigns; it neither filtered the list nor changed the address.
    expect(page.get_by_role("link", name="Data on children missing from care")).to_be_visible()
    assert page.url.endswith("/campaigns/asks/")

    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the match
    match = page.get_by_label("Local multi-agency missing protocols")
    expect(match).to_be_focused()
    page.keyboard.press("Space")

    expect(match).to_be_checked()
    expect(page.get_by_role("link", name="Data on children missing from care")).to_have_count(0)
    expect(page.get_by_role("link", name="Every area signs a protocol")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]campaign={protocols.pk}(&|$)"))
    assert "campaign__search" not in page.url
    page.screenshot(path=f"{screenshot_dir}/asks-campaign-picker.png", full_page=True)

    # The address is a link to the filtered list: opened again, the campaign shows as chosen.
    page.goto(page.url)
    expect(page.get_by_label("Local multi-agency missing protocols")).to_be_checked()
    expect(page.get_by_text("1 filter applied")).to_be_visible()
    assert page.console_errors == []
