"""The kinds of error found on public pages 5 and 6 (built blind, scored once, then studied), each
tested with wording of our own: a band, the war dead of other countries, stage magic and film
comedies are not people going missing; vulnerable people who disappear, lowland searches, the
anniversaries of long disappearances and podcasts about runaways are."""

import pytest

from relevance import assess, explain


@pytest.mark.parametrize(
    ("title", "body", "rule"),
    [
        (
            "Missing Persons live in 1983",
            "Their catchiest tune is pure new wave, and the drummer never misses a beat.",
            "said_in_a_story",
        ),
        (
            "Missing Persons",
            "The video for their first hit was played on MTV every hour that summer.",
            "said_in_a_story",
        ),
        (
            "Bring them home",
            "Thousands of men remain missing after the Korean War; the POW/MIA Accounting Agency "
            "still looks for their remains.",
            "said_of_soldiers",
        ),
        (
            "Stage magic for beginners",
            "Every magician learns how a coin can vanish from her open hand while the audience "
            "watches.",
            "said_of_a_trick",
        ),
        (
            "Runaway groom",
            "The comedic spark goes AWOL halfway through, and the romantic comedy never finds it "
            "again.",
            "said_in_a_story",
        ),
    ],
)
def test_a_band_the_war_dead_stage_magic_and_a_comedy_are_not_people_going_missing(
    title, body, rule
):
    result = assess(title, body)
    assert not result.relevant, result.reasons
    assert any(reason.rule == rule and reason.weight < 0 for reason in result.reasons)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Man found in canal",
            "Mr Okafor, who had a severe learning disability, disappeared from his flat on Monday.",
        ),
        (
            "What we do",
            "A lowland search can last through the night, and no two are ever alike.",
        ),
        ("Seven years on", "It is seven years to the day since Dan Hale vanished."),
        (
            "Season 2 - Episode 4",
            "One in six children who run away from home sleeps rough, and many are never "
            "reported missing.",
        ),
    ],
)
def test_vulnerable_people_lowland_searches_anniversaries_and_podcasts_are_relevant(title, body):
    result = assess(title, body)
    assert result.relevant, result.reasons


def test_a_drama_reviewed_by_episode_number_is_still_set_aside():
    result = assess(
        "The Missing series 3 episode 2 review",
        "The detective finds the girl who was last seen by her mother a decade ago.",
    )
    assert not result.relevant, result.reasons


def test_stage_magic_says_why_it_was_set_aside():
    lines = explain(
        assess("Card tricks", "The magician made the card vanish and the audience gasped.")
    )
    assert any(
        "counts against: the item is about stage magic, so what disappears is a trick" in line
        for line in lines
    )
