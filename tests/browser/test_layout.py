"""Layout fixes users see: the phone header, print titles, chart text, focus after a save."""

import re

import pytest
from playwright.sync_api import expect

from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_header_fits_and_the_menu_folds_away(browser_page, live_login, officer):
    page = live_login(browser_page, officer)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/campaigns/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    search = page.locator("#header-search").bounding_box()
    assert search["width"] >= 150  # a usable box, not a sliver
    sign_out = page.get_by_role("button", name="Sign out").bounding_box()
    assert sign_out["x"] + sign_out["width"] <= 390
    # "Password" stays white on the header's blue, not white on the page's white.
    header = page.locator(".govuk-header").bounding_box()
    password = page.get_by_role("link", name="Password").bounding_box()
    assert (
        header["y"] <= password["y"]
        and password["y"] + password["height"] <= header["y"] + header["height"]
    )
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Asks", exact=True)).to_be_hidden()
    menu.click()
    expect(page.get_by_role("link", name="Asks", exact=True)).to_be_visible()


def test_wide_tables_scroll_in_their_own_labelled_focusable_frame(
    browser_page, live_login, officer
):
    builders.organisation(name="Kent Police", sector="police")
    page = live_login(browser_page, officer)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/stakeholders/organisations/")
    frame = page.locator(".wm-scroll").first
    expect(frame).to_have_attribute("tabindex", "0")
    expect(frame).to_have_attribute("role", "region")
    assert "scrolls sideways" in frame.get_attribute("aria-label")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_pages_print_with_their_title(browser_page, live_login, leader):
    page = live_login(browser_page, leader)
    page.emulate_media(media="print")
    for url, title in [("/dashboards/", "Leadership dashboard"), ("/stakeholders/", "People")]:
        page.goto(url)
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


def test_headline_counts_use_the_page_font_not_serif(browser_page, live_login, leader):
    builders.consultation(closes_in_days=5)
    page = live_login(browser_page, leader)
    page.goto("/dashboards/")
    for selector in (".wm-count", ".wm-calendar"):
        element = page.locator(selector).first
        if element.count():
            family = element.evaluate("e => getComputedStyle(e).fontFamily")
            assert "serif" not in family.replace("sans-serif", ""), (selector, family)


def test_a_keyboard_save_in_the_influence_table_keeps_focus_and_says_what_was_saved(
    browser_page, live_login, officer
):
    person = builders.person(name="Tom Baxter", influence=3, stance="neutral")
    page = live_login(browser_page, officer)
    page.goto("/dashboards/influence/")
    row = page.locator(f"#person-row-{person.pk}")
    row.locator('select[name$="influence"]').select_option("5")
    save = row.get_by_role("button", name="Save rating of Tom Baxter")
    save.focus()
    with page.expect_response(lambda response: "/rate/" in response.url):
        page.keyboard.press("Enter")
    expect(page.locator(f"#person-row-{person.pk}").get_by_role("button")).to_be_focused()
    expect(page.locator("#rate-status")).to_contain_text("Saved rating of Tom Baxter: influence 5")
    person.refresh_from_db()
    assert person.influence == 5


def test_leadership_dashboard_prints_as_a_short_board_pack(browser_page, live_login, leader):
    # Every police force area: on paper their table alone ran to 13 pages, then again as the
    # numbers behind the tile map.
    for n in range(45):
        builders.local_area(name=f"Area {n}", protocol="in_place", partnership="none")
    campaign = builders.campaign(title="Local multi-agency missing protocols")
    builders.ask(campaign=campaign).move_to("made")
    builders.consultation(closes_in_days=5)
    page = live_login(browser_page, leader)
    page.goto("/dashboards/")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, f"{pages} pages"
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Leadership dashboard", level=1)).to_be_visible()
