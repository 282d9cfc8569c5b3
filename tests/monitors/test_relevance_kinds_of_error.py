"""The kinds of error found on public pages (public-pages-kinds-of-error.jsonl), each tested with
wording of our own: other senses of going missing that are not people, and the ways policy text
says that people went missing."""

import pytest

from relevance import assess, explain


@pytest.mark.parametrize(
    ("title", "body", "rule"),
    [
        (
            "AWOL and desertion",
            "A soldier who is AWOL for more than 30 days may be charged with desertion at a "
            "court-martial.",
            "said_of_soldiers",
        ),
        (
            "The gate at Ypres",
            "Building memorials for 'the missing', men presumed dead whose bodies have not been "
            "found, began after the war.",
            "said_of_soldiers",
        ),
        (
            "Dog reunited with owners",
            "Shadow went missing when his family were moving house; the shelter scanned his "
            "microchip and found them.",
            "said_of_an_animal",
        ),
        (
            "Searching",
            "The film stars John Cho as a father whose teenage daughter goes missing.",
            "drama_and_film",
        ),
        (
            "Weekend reading",
            "In this book a teenager disappears from her village and her sister searches for her.",
            "said_in_a_story",
        ),
        (
            "The Missing episode one review",
            "Five-year-old Oliver disappeared in a split second during a family holiday.",
            "said_in_a_story",
        ),
        (
            "Review: The Lost Girls",
            "Her best friend went missing ten years ago, and now her neighbour has gone too.",
            "said_in_a_story",
        ),
        (
            "Prisoners",
            "Keller is one of two fathers whose daughters go missing during a holiday lunch.",
            "told_as_a_plot",
        ),
        (
            "Government Art Collection",
            "How many works in the art collection are recorded as having unknown whereabouts?",
            "art_theft",
        ),
    ],
)
def test_soldiers_pets_films_books_plots_and_art_are_not_people_going_missing(title, body, rule):
    result = assess(title, body)
    assert not result.relevant, result.reasons
    assert any(reason.rule == rule and reason.weight < 0 for reason in result.reasons)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Statistics", "Each year about 170,000 people are reported missing in the UK."),
        (
            "Asylum: Children",
            "What steps is the department taking to find missing unaccompanied asylum-seeking "
            "children?",
        ),
        (
            "Lost walkers call for help",
            "Rescue teams searched the hills overnight and found them safe and well.",
        ),
    ],
)
def test_people_reported_missing_described_children_and_lost_walkers_are_relevant(title, body):
    result = assess(title, body)
    assert result.relevant, result.reasons


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Search for missing man",
            "Search dogs and their handlers joined the search for the missing man on the fells.",
        ),
        ("Advice for parents", "Parents whose child goes missing should call 999 at once."),
        (
            "Girl missing with her puppy",
            "A 14-year-old girl who went missing with her puppy has been found safe.",
        ),
        (
            "Appeal to find missing woman",
            "She was last seen wearing a green parka with a fur-lined hood; police are concerned "
            "for her welfare.",
        ),
    ],
)
def test_search_dogs_fur_hoods_puppies_and_advice_to_parents_do_not_set_a_case_aside(title, body):
    result = assess(title, body)
    assert result.relevant, result.reasons


def test_a_deserter_and_a_lost_pet_say_why_they_were_set_aside():
    soldier = explain(assess("Desertion", "A soldier absent without leave is AWOL."))
    assert any(
        "counts against: the item is about soldiers, the war dead or servicemen absent without "
        "leave" in line
        for line in soldier
    )
    pet = explain(
        assess(
            "Found", "Bella went missing from the garden on Friday; the vet found her microchip."
        )
    )
    assert any("counts against: the item is about a pet or another animal" in line for line in pet)
