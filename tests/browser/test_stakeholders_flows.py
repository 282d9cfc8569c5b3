"""Stakeholder work clicked through in a real Chromium."""

import pytest
from playwright.sync_api import expect

from stakeholders.models import Interaction, Organisation, Person
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_adds_a_person_with_their_current_role(browser_page, live_login, officer):
    builders.organisation(name="College of Policing")
    page = live_login(browser_page, officer)
    page.goto("/stakeholders/")
    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_label("Name", exact=True).fill("Ruth Castell")
    page.get_by_label("Current role").fill("APP Guidance Lead")
    page.get_by_label("Find an organisation by name").fill("college")
    page.get_by_label("College of Policing").check()
    page.get_by_label("Stance").select_option("champion")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Ruth Castell")).to_be_visible()
    expect(page.get_by_text("Person created")).to_be_visible()
    person = Person.objects.get()
    assert person.organisation == Organisation.objects.get(name="College of Policing")
    assert person.roles.get().title == "APP Guidance Lead"
    assert page.console_errors == []


def test_officer_logs_an_interaction_from_a_persons_page(browser_page, live_login, officer):
    person = builders.person(name="Helen Marsh")
    page = live_login(browser_page, officer)
    page.goto(person.get_absolute_url())
    page.get_by_role("link", name="Log an interaction").click()
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Summary").fill("Agreed to raise a named minister for missing.")
    page.get_by_label("Follow up action").fill("Send the briefing pack")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Helen Marsh")).to_be_visible()
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Agreed to raise a named minister for missing.")
    interaction = Interaction.objects.get()
    assert list(interaction.people.all()) == [person]
    assert interaction.follow_up_owner == officer
    assert page.console_errors == []


def test_officer_imports_organisations_from_a_csv(browser_page, live_login, officer, tmp_path):
    csv = tmp_path / "organisations.csv"
    csv.write_text(
        "Name,Kind,Website\nEssex Police,Police force,www.essex.police.uk\n"
        "Barnardo's,Third sector,\n",
        encoding="utf-8",
    )
    page = live_login(browser_page, officer)
    page.goto("/stakeholders/import/")
    page.get_by_label("What the file lists").select_option("organisations")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_text("2 rows ready to import")).to_be_visible()
    assert not Organisation.objects.exists()
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.get_by_text("Imported 2 organisations.")).to_be_visible()
    expect(page.get_by_role("link", name="Essex Police")).to_be_visible()
    assert Organisation.objects.get(name="Essex Police").sector == "police"
    assert page.console_errors == []
