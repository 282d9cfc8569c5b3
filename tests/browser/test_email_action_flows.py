"""Someone clicks "Not relevant" in an alert email: a confirm page, one button, done once."""

import pytest
from auditlog.models import LogEntry
from playwright.sync_api import expect

from alerts import actions
from monitors.models import Opening
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stranger_confirms_an_officers_email_link_once(browser_page, officer, screenshot_dir):
    opening = builders.opening()
    token = actions.action_token(officer, opening, actions.DISMISS)
    page = browser_page

    # Not signed in (a phone's mail app, say): the page shows no one as signed in.
    page.goto(f"/alerts/email/action/{token}/")
    expect(page.get_by_role("heading", name="Mark as not relevant?")).to_be_visible()
    expect(page.get_by_text("recorded as Olive's decision")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert Opening.objects.get().status == Opening.Status.NEW

    page.get_by_role("button", name="Mark as not relevant").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    page.screenshot(path=f"{screenshot_dir}/email-action-done.png", full_page=True)
    assert Opening.objects.get().status == Opening.Status.DISMISSED
    entries = LogEntry.objects.get_for_object(opening)
    assert entries.latest("timestamp").actor == officer

    # The same link again, say from a second device: told, and nothing changes.
    count = entries.count()
    page.goto(f"/alerts/email/action/{token}/")
    page.get_by_role("button", name="Mark as not relevant").click()
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert LogEntry.objects.get_for_object(opening).count() == count
    assert Opening.objects.get().notes.count("Marked not relevant from an email") == 1
    assert page.console_errors == []
