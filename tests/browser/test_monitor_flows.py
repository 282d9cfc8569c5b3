"""An officer triages an opening the monitors found and turns it into a consultation."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Consultation
from monitors.models import Opening
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_accepts_an_opening_and_creates_a_consultation_from_it(
    browser_page, live_login, officer, screenshot_dir
):
    opening = builders.opening(lever_type="consultation")
    page = live_login(browser_page, officer)

    page.goto("/monitors/")
    row = page.locator(f"#opening-{opening.pk}")
    expect(row).to_contain_text(opening.title)
    row.get_by_role("button", name=f"Accept “{opening.title}”").click()
    expect(page.locator(f"#opening-{opening.pk}")).to_contain_text("In progress")
    page.screenshot(path=f"{screenshot_dir}/opening-accepted.png", full_page=True)

    page.get_by_role("link", name=opening.title).click()
    page.get_by_role("button", name="Create a consultation").click()
    expect(page.get_by_text("Consultation created")).to_be_visible()

    consultation = Consultation.objects.get()
    assert consultation.title == opening.item.title and consultation.owner == officer
    opening = Opening.objects.get()
    assert opening.consultation == consultation and opening.assignee == officer
    assert page.console_errors == []
