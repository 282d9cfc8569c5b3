"""Choosing people and organisations for an ask with the keyboard alone, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Ask
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_chooses_a_person_and_an_organisation_for_a_new_ask_by_keyboard(
    browser_page, live_login, officer, screenshot_dir
):
    campaign = builders.campaign(title="Cross-government leadership")
    home_office = builders.organisation(name="Home Office")
    preselected = builders.person(name="Helen Marsh", organisation=home_office)
    hilda = builders.person(name="Hilda Hellier")
    builders.person(name="Bob Jones")
    college = builders.organisation(name="College of Policing")
    page = live_login(browser_page, officer)

    page.goto(f"/campaigns/asks/new/?campaign={campaign.pk}&target_people={preselected.pk}")
    expect(page.get_by_label("Helen Marsh (Home Office)")).to_be_checked()
    page.get_by_label("The ask").fill("A named minister leads cross-government work on missing")

    people_search = page.get_by_label("Find people by name")
    people_search.focus()
    page.keyboard.type("hil")
    expect(page.get_by_role("status").filter(has_text="1 match for “hil”")).to_be_visible()
    page.keyboard.press("Enter")  # searches; does not send the form
    expect(page.get_by_label("Hilda Hellier")).to_be_visible()
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the first match
    expect(page.get_by_label("Hilda Hellier")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("Hilda Hellier")).to_be_checked()
    # Still chosen after searching for something else.
    people_search.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("bob")
    expect(page.get_by_label("Bob Jones")).to_be_visible()
    expect(page.get_by_label("Hilda Hellier")).to_be_checked()
    expect(page.get_by_label("Helen Marsh (Home Office)")).to_be_checked()

    page.get_by_label("Find organisations by name").focus()
    page.keyboard.type("college")
    expect(page.get_by_label("College of Policing")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("College of Policing")).to_be_checked()
    page.screenshot(path=f"{screenshot_dir}/ask-pickers.png", full_page=True)

    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ask created")).to_be_visible()
    ask = Ask.objects.get()
    assert set(ask.target_people.all()) == {preselected, hilda}
    assert list(ask.target_organisations.all()) == [college]
    assert page.console_errors == []
