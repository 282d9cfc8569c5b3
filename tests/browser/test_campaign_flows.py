"""A policy officer's core day, clicked through in a real Chromium."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Ask, Campaign
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_creates_a_campaign_and_an_ask(browser_page, officer, screenshot_dir):
    page = browser_page
    page.goto("/")
    page.get_by_label("Username").fill("olive")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()

    page.get_by_role("link", name="Campaigns", exact=True).click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Title", exact=True).fill("Cross-government leadership on missing")
    page.get_by_label("Status", exact=True).select_option("active")
    page.get_by_role("group", name="Aims").get_by_label(
        "A2: Multi-agency professionals better understand", exact=False
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", name="Cross-government leadership on missing")
    ).to_be_visible()

    page.get_by_role("link", name="Add an ask").click()
    page.get_by_label("The ask").fill("A named minister leads cross-government work on missing")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ask created")).to_be_visible()
    page.screenshot(path=f"{screenshot_dir}/ask-created.png", full_page=True)

    campaign = Campaign.objects.get()
    assert campaign.aims.get().code == "A2"
    assert campaign.asks.get().owner == officer
    assert page.console_errors == []


def test_officer_moves_an_ask_along_its_pipeline_in_place(browser_page, live_login, officer):
    ask = builders.ask(title="APP treats repeat episodes as a trigger")
    page = live_login(browser_page, officer)
    page.goto(ask.campaign.get_absolute_url())
    row = page.locator(f"#ask-{ask.pk}")
    url_before = page.url
    row.get_by_label("Status of").select_option("made")
    with page.expect_response(lambda response: "/status/" in response.url):
        row.get_by_role("button", name="Save").click()
    expect(page.locator(f"#ask-{ask.pk} select")).to_have_value("made")
    wait_for_htmx_to_settle(page)
    row = page.locator(f"#ask-{ask.pk}")
    row.get_by_label("Status of").select_option("acknowledged")
    with page.expect_response(lambda response: "/status/" in response.url):
        row.get_by_role("button", name="Save").click()
    expect(page.locator(f"#ask-{ask.pk} select")).to_have_value("acknowledged")
    assert page.url == url_before  # updated in place, no navigation

    ask.refresh_from_db()
    assert ask.status == Ask.Status.ACKNOWLEDGED
    assert [c.to_status for c in ask.status_changes.order_by("changed_at")] == [
        "made",
        "acknowledged",
    ]
    assert page.console_errors == []


def test_arrow_keys_on_a_status_select_record_nothing_until_save(browser_page, live_login, officer):
    ask = builders.ask(title="Stepped through with the keyboard")
    page = live_login(browser_page, officer)
    page.goto(ask.campaign.get_absolute_url())
    select = page.locator(f"#ask-{ask.pk}").get_by_label("Status of")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value("acknowledged")
    # Only the deliberate Save sends anything; the steps on the way were never recorded.
    with page.expect_response(lambda response: "/status/" in response.url):
        page.locator(f"#ask-{ask.pk}").get_by_role("button", name="Save").click()
    expect(page.locator(f"#ask-{ask.pk} select")).to_have_value("acknowledged")
    assert [c.to_status for c in Ask.objects.get().status_changes.all()] == ["acknowledged"]
    assert page.console_errors == []


def wait_for_htmx_to_settle(page):
    """htmx wires up swapped-in content a moment after the swap, as a person's next click is."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_officer_filters_asks_and_the_address_can_be_shared(browser_page, live_login, officer):
    builders.ask(title="Committed ask").move_to("committed")
    builders.ask(title="Drafted ask")
    page = live_login(browser_page, officer)
    page.goto("/campaigns/asks/")
    expect(page.get_by_role("link", name="Drafted ask")).to_be_visible()
    page.get_by_role("button", name="Show filters").click()  # the filters fold away at first
    page.locator("#id_status").select_option("committed")
    expect(page.get_by_role("link", name="Drafted ask")).to_have_count(0)
    expect(page.get_by_role("link", name="Committed ask")).to_be_visible()
    assert "status=committed" in page.url

    page.goto(page.url)  # the shared link shows the same filtered list
    expect(page.get_by_role("link", name="Drafted ask")).to_have_count(0)
    assert page.console_errors == []


def test_officer_downloads_the_filtered_asks_as_csv(browser_page, live_login, officer):
    builders.ask(title="Exported ask").move_to("made")
    builders.ask(title="Not exported")
    page = live_login(browser_page, officer)
    page.goto("/campaigns/asks/?status=made")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as exported:
        content = exported.read()
    assert download.suggested_filename == "asks.csv"
    assert "Exported ask" in content
    assert "Not exported" not in content


def test_core_flows_work_without_javascript(browser, live_server, live_login, officer):
    ask = builders.ask(title="Works without scripts")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = live_login(context.new_page(), officer)
    page.goto(ask.campaign.get_absolute_url())
    page.locator(f"#ask-{ask.pk}").get_by_label("Status of").select_option("made")
    page.locator(f"#ask-{ask.pk}").get_by_role("button", name="Save").click()
    expect(page.get_by_text("is now made")).to_be_visible()
    ask.refresh_from_db()
    assert ask.status == "made"
    context.close()
