"""The evidence library clicked through in a real Chromium."""

import pytest
from playwright.sync_api import expect

from evidence.models import EvidenceItem
from tests.evidence.samples import pdf_with_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_finds_evidence_by_a_phrase_inside_its_pdf(
    browser_page, live_login, officer, tmp_path
):
    pdf = tmp_path / "evaluation.pdf"
    pdf.write_bytes(
        pdf_with_text(
            "Pilot evaluation of return conversations",
            "Named missing leads made referrals routine in both trusts.",
        )
    )
    page = live_login(browser_page, officer)
    page.goto("/evidence/")
    page.get_by_role("link", name="Add evidence").first.click()
    page.get_by_label("Title", exact=True).fill("Return conversations for adults")
    page.get_by_label("Kind", exact=True).select_option("research")
    page.get_by_label("Attach a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="evaluation.pdf", exact=True)).to_be_visible()

    page.goto("/evidence/")
    page.get_by_role("searchbox", name="Search", exact=True).press_sequentially(
        "referrals routine", delay=20
    )
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Return conversations for adults")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("referrals", ignore_case=True)
    assert "q=referrals" in page.url

    page.locator("#header-search").fill("referrals routine")
    page.locator("#header-search").press("Enter")
    expect(page.locator("#group-evidence")).to_be_visible()
    expect(page.get_by_role("link", name="Return conversations for adults")).to_be_visible()
    assert EvidenceItem.objects.get().files.get().file_type == "pdf"
    assert page.console_errors == []


def test_global_search_shows_results_as_you_type(browser_page, live_login, officer):
    from tests import builders

    builders.campaign(title="Cross-government leadership on missing")
    page = live_login(browser_page, officer)
    page.goto("/search/")
    page.locator("#search-page-q").press_sequentially("leadersh", delay=30)
    expect(page.locator("#group-campaigns")).to_be_visible()
    expect(page.get_by_role("link", name="Cross-government leadership on missing")).to_be_visible()
    assert "q=leadersh" in page.url
    assert page.console_errors == []
