"""The kinds of error found on blind sets 8 and 9 (built blind, scored once with round three,
then studied in round four), each tested with a passage as published (its address in a comment):
a guide that sets real reporting against TV dramas is not a story; children the authorities lost
track of, the missing and unidentified, a missing tramper, children coerced into going missing
and police counts of missing cases are people going missing; a book heading "<Title> by
<Author>", a video game and dating are not."""

import pytest

from relevance import assess


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # https://winenfood.com/waiting-period-for-a-missing-person-report
        (
            "Waiting Period for a Missing Person Report",
            "There is no federally mandated waiting period to report a missing person. This isn’t "
            "a TV drama; it’s real life, and the clock starts ticking the moment you realize "
            "something is wrong.",
        ),
        # https://axeligence.com/missing-person-what-you-must-tell-cops-crucial-info/
        (
            "How to File a Missing Persons Report: Critical First 24 Hours Guide",
            "Unlike what you see on TV shows, you can report a missing person right away – "
            "there’s no need to wait 24 or 48 hours .",
        ),
        # https://www.bdtonline.com/news/ask-the-sheriff-for-november/article_601c5144-0354-11ea-8b29-7fc8690078a5.html
        (
            "Ask the Sheriff for November",
            "Answer: We hear a lot of things on television that is not true, and missing person "
            "reports are often misrepresented in movies and on television shows. Often we hear "
            "that you have to wait 24 hours or more before someone can be reported missing to "
            "the police.",
        ),
    ],
)
def test_a_reporting_guide_that_contrasts_itself_with_tv_dramas_is_not_set_aside_as_a_story(
    title, body
):
    result = assess(title, body)
    assert result.relevant, result.reasons
    assert not any(reason.rule == "said_in_a_story" for reason in result.reasons)


def test_children_the_authorities_lost_track_of_are_missing():
    # https://thehill.com/latino/393052-mcclatchy-federal-officials-likely-lost-track-of-thousands-more-unaccompanied-migrant/
    result = assess(
        "McClatchy: Officials likely lost track of thousands more unaccompanied migrant children "
        "than reported",
        "Trump administration officials may have lost track of thousands more unaccompanied "
        "migrant children than previously reported, according to a new analysis of federal data "
        "released Tuesday.",
    )
    assert result.relevant, result.reasons
    assert any(reason.rule == "lost_track_of_children" for reason in result.reasons)


def test_the_missing_and_unidentified_in_namus_are_missing_people():
    # https://nij.ojp.gov/topics/articles/advancing-justice-missing-and-unidentified-through-research
    result = assess(
        "Advancing Justice for the Missing and Unidentified Through Research",
        "NamUs is a database that allows for advanced searching and cross matching of missing "
        "and unidentified persons.",
    )
    assert result.relevant, result.reasons


def test_a_missing_tramper_is_a_missing_person():
    # https://nzherald.co.nz/nz/search-for-missing-tramper-to-resume/SCBTMLJH77PJ367JQCL4GAI7TA
    result = assess(
        "Search for missing tramper to resume",
        "The search for a German tramper missing for 10 days in Mt Aspiring National Park near "
        "Queenstown is set to resume at first light this morning.",
    )
    assert result.relevant, result.reasons


def test_children_coerced_into_going_missing_count_without_a_person_named_nearby():
    # https://dokumen.tips/documents/this-is-not-an-official-publication-of-the-house-of-coerced-into-going-missing.html
    result = assess(
        "This is not an official publication of the House of ... · coerced into going missing. "
        "The numbers of out of area placements have soared, despite a government pledge to "
        "clampdown",
        "Taking a child into care is meant to keep them safe and make things better.",
    )
    assert result.relevant, result.reasons
    assert any(reason.rule == "exploited_into_going_missing" for reason in result.reasons)


def test_police_following_up_missing_cases_are_about_missing_people():
    # https://www.radiotimes.com/tv/documentaries/reported-missing-bbc-documentary-air-date/
    result = assess(
        "When is Reported Missing on TV?",
        "The series tracks various police departments as they attempt to follow up on missing "
        "cases.",
    )
    assert result.relevant, result.reasons


@pytest.mark.parametrize(
    ("title", "body", "rule"),
    [
        # http://thebookmuncher.blogspot.com/2012/04/night-she-disappeared-by-april-henry.html
        (
            "The Night She Disappeared by April Henry",
            "Gabie didn’t think twice about switching shifts with Kayla. But then Kayla goes "
            "missing, apparently kidnapped when she was out on a delivery.",
            "book_heading",
        ),
        # http://www.dreadcentral.com/reviews/3555/missing-video-game/
        (
            "Missing (Video Game)",
            "TV journalist and documentarian Jack Lorski and his friend and associate Karen "
            "Gijman are missing. Sometime in January, while researching the mystery surrounding "
            "the 1976 murder of Karen’s father, they stopped responding to calls and vanished "
            "somewhere on the European continent.",
            "game_title",
        ),
        # http://games4women.com/reviews/missing.html
        (
            "Missing - Since January",
            "The player gets a personal request to help find two people who disappeared while on "
            "the trail of a serial murderer.",
            "game",
        ),
    ],
)
def test_a_book_heading_and_a_video_game_tell_a_plot_not_a_case(title, body, rule):
    result = assess(title, body)
    assert not result.relevant, result.reasons
    assert any(reason.rule == rule and reason.weight < 0 for reason in result.reasons)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # https://www.standardmedia.co.ke/entertainment/showbiz/2001397600/lovers-who-vanish-without-a-word
        (
            "Lovers who vanish without a word",
            "Welcome to the 21st century way of ending a relationship: ghosting. Ghosting is when "
            "a person gives no explanation whatsoever for his disappearance to a person he is "
            "dating.",
        ),
        # https://free2livegroup.com/2015/03/01/disappearing-acts/
        (
            "Disappearing Acts",
            "There’s a dark area of dating that almost everyone experiences but no one talks "
            "about. You meet a guy (or girl) have a great time and think there is real potential "
            "only for the person to just disappear out of the blue.",
        ),
    ],
)
def test_a_partner_who_ghosts_is_not_a_missing_person(title, body):
    result = assess(title, body)
    assert not result.relevant, result.reasons
    assert any(reason.rule == "dating" for reason in result.reasons)


def test_a_child_groomed_through_video_games_who_went_missing_still_counts():
    # Our own wording, a guard for the game rules: "video games" sets an item aside only in its
    # title, since children groomed through games go missing for real.
    result = assess(
        "Police appeal for missing girl, 14",
        "Officers believe she was groomed by a man she met through online video games and may "
        "have travelled to meet him.",
    )
    assert result.relevant, result.reasons


@pytest.mark.parametrize(
    "title",
    [
        "Missing Hiker Found by Search Team",
        "Missing Teenager Found Safe by Police Scotland",
        "Urgent Appeal by Missing People",
    ],
)
def test_a_headline_in_title_case_ending_by_whom_is_not_a_book_heading(title):
    # Our own wording, a guard for `book_heading`: headlines in title case also end "by" and two
    # capitalised words.
    result = assess(title, "The boy went missing on Friday and his family have appealed for help.")
    assert result.relevant, result.reasons
    assert not any(reason.rule == "book_heading" for reason in result.reasons)
