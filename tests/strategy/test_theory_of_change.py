from pathlib import Path

import pytest
from django.urls import reverse

from strategy import theory_of_change
from strategy.models import Element

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "theory-of-change.txt"


def normalise(text):
    return " ".join(text.replace("·", "").split()).lstrip("- ").strip()


@pytest.mark.skipif(not SEED.exists(), reason="the charity's seed text is not beside the project")
def test_every_statement_of_the_published_theory_of_change_is_loaded():
    headings = {
        "Activities",
        "Missing People and their families",
        "Professionals",
        "Multi-agency partners",
        "The mental models we are aiming to address",
        "Levers for change",
        "Missing People",
        "External",
        "Assumptions",
        "Blockers",
        "Missing people and their families",
    }
    stored = {normalise(e.text) for e in Element.objects.all()}
    lines = [normalise(line) for line in SEED.read_text().splitlines()]
    lines = [line.split(": ", 1)[1] if line.startswith("Aim ") else line for line in lines]
    missing = [line for line in lines if line and line not in headings and line not in stored]
    missing = [line.removeprefix("1. ").removeprefix("2. ").removeprefix("3. ") for line in missing]
    assert [line for line in missing if line not in stored] == []


def test_theory_of_change_has_its_structure():
    counts = {kind: Element.objects.of_kind(kind).count() for kind in Element.Kind.values}
    assert counts == {
        "goal": 1,
        "aim": 3,
        "priority": 6,
        "activity": 6,
        "outcome": 13,
        "mental_model": 3,
        "lever": 12,
        "assumption": 7,
        "blocker": 7,
    }
    assert Element.objects.outcomes().filter(audience="partners").count() == 4
    assert Element.objects.levers().filter(side="external").count() == 8


def test_loading_again_creates_nothing_new():
    before = Element.objects.count()
    assert theory_of_change.load(Element) == 0
    assert Element.objects.count() == before


def test_theory_of_change_page_shows_every_part(leader_client):
    body = leader_client.get(reverse("strategy:theory_of_change")).content.decode()
    for heading in ("Aims", "Outcomes", "Levers for change", "Assumptions", "Blockers"):
        assert heading in body
    assert "Research and data is hard to ignore" in body


def test_a_lever_shows_the_openings_found_for_it(leader_client):
    from tests import builders

    lever = Element.objects.get(code="LE1")
    opening = builders.opening()
    opening.lever = lever
    opening.save()
    body = leader_client.get(lever.get_absolute_url()).content.decode()
    assert "1 opening found by the monitors" in body
    assert opening.title in body


def _longest(kind):
    return max(Element.objects.of_kind(kind), key=lambda e: len(e.text))


def test_aims_and_outcomes_are_shown_in_full_on_every_page_that_lists_them(officer_client):
    from tests import builders

    aim, outcome = _longest("aim"), _longest("outcome")
    assert len(aim.text) > 90 and len(outcome.text) > 90  # long enough to have been cut
    campaign = builders.campaign()
    campaign.aims.add(aim)
    campaign.outcomes.add(outcome)
    ask = builders.ask(campaign=campaign)
    ask.outcomes.add(outcome)
    item = builders.evidence_item()
    item.outcomes.add(outcome)
    builders.feedback(outcome=outcome.code)
    shows_outcome = [
        campaign.get_absolute_url(),
        ask.get_absolute_url(),
        item.get_absolute_url(),
        reverse("campaigns:campaign_edit", args=[campaign.pk]),
        reverse("strategy:feedback_list"),
        reverse("strategy:feedback_create"),
    ]
    for url in shows_outcome:
        assert outcome.text in officer_client.get(url).content.decode(), url
    for url in (
        campaign.get_absolute_url(),
        reverse("campaigns:campaign_edit", args=[campaign.pk]),
    ):
        assert aim.text in officer_client.get(url).content.decode(), url
    assert str(outcome) == f"{outcome.code}: {outcome.text}"
