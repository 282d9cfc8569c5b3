"""Misses found on blind set 11 (built blind, scored once with round four and the couple's fix,
then studied), each a passage as published with its address: a missing schoolgirl, a missing
psychiatric patient, people recorded as "missing and absent", and runaways targeted by
predators under a headline that is not a book's title and author."""

import pytest

from relevance import assess


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # https://www.independent.ie/irish-news/news/gardai-seek-publics-help-in-tracing-missing-schoolgirl-chloe-15-38424786.html
        (
            "Gardai seek public's help in tracing missing schoolgirl Chloe (15)",
            "Gardai are seeking the public's assistance in tracing a missing schoolgirl (15). "
            "Chloe Fitzgerald, from Avoca, Co Wicklow has been missing since yesterday.",
        ),
        # https://thetelegraphandargus.co.uk/news/10770557.peter-barnes-inquest-nurse-thought-he-would-be-drinking-in-park
        (
            "Peter Barnes inquest: nurse thought he would be drinking in park",
            "A nurse told a 999 operator that a missing psychiatric patient was probably sitting "
            "somewhere with a couple of lagers because nine out of ten times that is what they "
            "do, an inquest heard.",
        ),
        # http://missingpersons.police.uk/en/pressroom/high-level-data-reports-for-2013-2014-and-2014-2015
        (
            "High level data reports for 2013-2014 and 2014-2015",
            "The UK Missing Persons Bureau has published high level data reports providing an "
            "overview on missing and absent person cases for the financial years 2013-2014 and "
            "2014-2015.",
        ),
        # https://www.huffingtonpost.co.uk/brenda-blethyn/teenage-runaways-are-targ_b_3635292.html
        (
            "Teenage Runaways Are Targeted by Sexual Predators",
            "It is desperately worrying when a child runs away from home or from care. Even if "
            "they are only gone for a few panic-ridden hours, and even if their whereabouts are "
            "known or suspected, their well-being is seriously at risk.",
        ),
    ],
)
def test_people_going_missing_found_on_blind_set_eleven_are_relevant(title, body):
    assert assess(title, body).relevant


def test_a_novel_heading_still_names_its_author():
    # The headline exceptions are verbs of exploitation, not every "by".
    assessment = assess(
        "The Night She Disappeared by April Henry",
        "Gabie didn't think twice about switching shifts with Kayla. Then Kayla goes missing.",
    )

    assert not assessment.relevant
