"""Leadership reading the dashboards and maps, and an officer re-rating from the grid."""

import datetime

import pytest
from playwright.sync_api import expect

from stakeholders.models import Organisation, Person
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/dashboards/", "Leadership dashboard", "leadership-dashboard"),
    ("/dashboards/outcomes/", "Activities and outcomes", "activities-and-outcomes"),
    ("/dashboards/theory-of-change/", "Theory of change, with live counts", "live-theory"),
    ("/dashboards/influence/", "Influence grid", "influence-grid"),
    ("/dashboards/network/", "Network map", "network-map"),
]


def some_records():
    today = datetime.date.today()
    kent = builders.local_area(name="Kent", protocol="in_place", partnership="in_place")
    police = builders.organisation(name="Kent Police", sector="police", local_area=kent)
    council = builders.organisation(name="Kent County Council", sector="local_authority")
    champion = builders.person(name="Priya Nair", organisation=police, stance="champion")
    builders.person(name="Tom Baxter", organisation=council, stance="neutral", influence=3)
    campaign = builders.campaign(title="Local multi-agency missing protocols")
    ask = builders.ask(campaign=campaign)
    ask.target_people.add(champion)
    ask.move_to("made")
    meeting = builders.interaction(date=today, people=[champion], organisations=[police])
    meeting.campaigns.add(campaign)
    builders.consultation(closes_in_days=5)
    builders.opening()
    delivery = builders.delivery(local_area=kent, organisations=[police], people_reached=20)
    for agreement in (5, 4, 2):
        builders.feedback(delivery=delivery, agreement=agreement)


def test_leadership_open_every_dashboard_and_map_without_errors(
    browser_page, live_login, leader, screenshot_dir
):
    some_records()
    page = live_login(browser_page, leader)
    for url, heading, name in PAGES:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        if "theory" not in url:
            assert page.locator("svg.wm-chart").count() >= 1
        page.screenshot(path=f"{screenshot_dir}/{name}.png", full_page=True)
    page.goto("/dashboards/influence/")
    assert page.locator("[data-rate-url]").count() == 0  # read-only for leadership
    page.emulate_media(media="print")
    page.goto("/dashboards/")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    page.screenshot(path=f"{screenshot_dir}/leadership-dashboard-print.png", full_page=True)
    assert page.console_errors == []


def test_a_chart_downloads_as_png_drawn_in_the_browser(browser_page, live_login, leader):
    some_records()
    page = live_login(browser_page, leader)
    page.goto("/dashboards/")
    with page.expect_download() as download:
        page.locator('[data-png-for="figure-asks-pipeline"]').click()
    assert download.value.suggested_filename == "asks-pipeline.png"
    with open(download.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    assert page.console_errors == []


def test_officer_re_rates_a_stakeholder_with_the_keyboard_control(
    browser_page, live_login, officer, screenshot_dir
):
    some_records()
    tom = Person.objects.get(name="Tom Baxter")
    page = live_login(browser_page, officer)
    page.goto("/dashboards/influence/")
    row = page.locator(f"#person-row-{tom.pk}")
    row.get_by_label("Influence of Tom Baxter").focus()
    page.keyboard.press("End")  # select the highest influence
    row.get_by_label("Stance of Tom Baxter").select_option("supportive")
    url_before = page.url
    with page.expect_response(lambda response: "/rate/" in response.url):
        row.get_by_role("button", name="Save rating of Tom Baxter").press("Enter")
    expect(page.locator(f"#person-row-{tom.pk}").get_by_role("status")).to_have_text("Saved")
    assert page.url == url_before
    tom.refresh_from_db()
    assert (tom.influence, tom.stance) == (5, "supportive")
    # The grid was redrawn: Tom's point now sits in the supportive, influence 5 square.
    point = page.locator(f'.wm-point[data-person="{tom.pk}"]')
    assert "influence 5, Supportive" in point.get_attribute("aria-label")
    page.screenshot(path=f"{screenshot_dir}/influence-grid-re-rated.png", full_page=True)
    assert page.console_errors == []


def drag_onto(page, point, target):
    """Drag a grid point onto a square as a mouse user would, waiting for the save."""
    start, end = point.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 20, steps=8)
    with page.expect_response(lambda response: "/rate/" in response.url):
        page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=4)
        page.mouse.up()


def test_officer_re_rates_a_stakeholder_by_dragging_them_on_the_grid(
    browser_page, live_login, officer
):
    some_records()
    tom = Person.objects.get(name="Tom Baxter")
    page = live_login(browser_page, officer)
    page.goto("/dashboards/influence/")
    page.locator("#influence-grid").evaluate("grid => grid.scrollIntoView()")
    point = page.locator(f'.wm-point[data-person="{tom.pk}"]')
    target = page.locator('.wm-grid-cell[data-stance="champion"][data-influence="2"]')
    drag_onto(page, point, target)
    expect(page.locator("#rate-status")).to_contain_text("influence 2, Champion")
    assert page.url.endswith("/dashboards/influence/")  # the drop did not open the person
    tom.refresh_from_db()
    assert (tom.influence, tom.stance) == (2, "champion")
    expect(page.locator(f"#person-row-{tom.pk} select").first).to_have_value("2")
    assert page.console_errors == []


def test_officer_re_rates_an_organisation_with_the_keyboard_control(
    browser_page, live_login, officer, screenshot_dir
):
    some_records()
    council = Organisation.objects.get(name="Kent County Council")
    page = live_login(browser_page, officer)
    page.goto("/dashboards/influence/")
    point = page.locator(f'.wm-point[data-organisation="{council.pk}"]')
    assert "Kent County Council (organisation, Local authority)" in point.get_attribute(
        "aria-label"
    )
    row = page.locator(f"#organisation-row-{council.pk}")
    row.get_by_label("Influence of Kent County Council").focus()
    page.keyboard.press("End")  # select the highest influence
    row.get_by_label("Stance of Kent County Council").focus()
    page.keyboard.press("Home")  # the first choice: "Not rated yet"
    page.keyboard.press("ArrowDown")  # then the first stance: champion
    url_before = page.url
    with page.expect_response(lambda response: "/rate/" in response.url):
        row.get_by_role("button", name="Save rating of Kent County Council").press("Enter")
    expect(page.locator(f"#organisation-row-{council.pk}").get_by_role("status")).to_have_text(
        "Saved"
    )
    assert page.url == url_before
    council.refresh_from_db()
    assert (council.influence, council.stance) == (5, "champion")
    # The grid was redrawn: the council's tile now sits in the champion, influence 5 square.
    point = page.locator(f'.wm-point[data-organisation="{council.pk}"]')
    assert "influence 5, Champion" in point.get_attribute("aria-label")
    champion_five = page.locator('.wm-grid-cell[data-stance="champion"][data-influence="5"]')
    cell, tile = champion_five.bounding_box(), point.bounding_box()
    assert cell["x"] <= tile["x"] and tile["x"] + tile["width"] <= cell["x"] + cell["width"]
    assert cell["y"] <= tile["y"] and tile["y"] + tile["height"] <= cell["y"] + cell["height"]
    page.screenshot(
        path=f"{screenshot_dir}/influence-grid-organisation-re-rated.png", full_page=True
    )
    assert page.console_errors == []


def test_officer_re_rates_an_organisation_by_dragging_its_tile(browser_page, live_login, officer):
    some_records()
    police = Organisation.objects.get(name="Kent Police")
    page = live_login(browser_page, officer)
    page.goto("/dashboards/influence/?show=organisations")
    page.locator("#influence-grid").evaluate("grid => grid.scrollIntoView()")
    point = page.locator(f'.wm-point[data-organisation="{police.pk}"]')
    target = page.locator('.wm-grid-cell[data-stance="sceptical"][data-influence="4"]')
    drag_onto(page, point, target)
    expect(page.locator("#rate-status")).to_contain_text("influence 4, Sceptical")
    assert page.url.endswith("/dashboards/influence/?show=organisations")
    police.refresh_from_db()
    assert (police.influence, police.stance) == (4, "sceptical")
    expect(page.locator(f"#organisation-row-{police.pk} select").first).to_have_value("4")
    assert page.locator(".wm-point[data-person]").count() == 0  # the filter held
    assert page.console_errors == []
