"""A miss found on blind set 10 (built blind, scored once with round four, then studied): an
elderly couple who have not arrived where they were driving is a police appeal for missing
people, while "a couple of" days or files is not a person."""

import pytest

from relevance import assess


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # https://ottawa.ctvnews.ca/elderly-couple-from-port-hope-ont-possibly-lost-in-ottawa-gatineau-area-1.5732763
        (
            "Elderly couple from Port Hope, Ont. possibly lost in Ottawa-Gatineau area",
            "Ottawa police are asking for the public's help in locating a missing elderly couple "
            "from Port Hope, Ont., who may be lost in the Ottawa-Gatineau region. Police say "
            "Anthony and Sheena Miller are in their 90s.",
        ),
        # https://ca.sports.yahoo.com/news/port-hope-couple-90s-missing-182728579.html?src=rss
        (
            "Port Hope couple in their 90s missing",
            "The Ottawa Police Service is asking for the public's help finding Anthony Miller, "
            "90, and his wife, Sheena Miller, 92. The elderly couple left Port Hope on Friday "
            "morning heading for Wakefield, Que. They have yet to arrive, even though the drive "
            "typically takes under four hours.",
        ),
    ],
)
def test_an_elderly_couple_who_have_not_arrived_are_people_going_missing(title, body):
    assert assess(title, body).relevant


def test_a_couple_of_missing_files_are_not_a_missing_couple():
    assessment = assess(
        "Records audit",
        "The audit found a couple of files missing from the archive, and a couple of "
        "spreadsheets had not arrived from the regional office.",
    )

    assert not assessment.relevant
