"""The relevance filter on real published text: other senses of "missing" near a word that looks
like a person are the errors officers see most, so they are tested by name here."""

from pathlib import Path

import pytest

from relevance import as_examples, assess, evaluate, load_labelled

REAL_TEXT = Path(__file__).resolve().parent / "fixtures" / "relevance"


def test_real_text_development_set_reaches_precision_0_97_without_losing_recall():
    metrics = evaluate(as_examples(load_labelled(str(REAL_TEXT / "real-text.jsonl"))))
    assert metrics.precision >= 0.97, metrics
    assert metrics.recall >= 0.97, metrics


def test_held_out_real_text_keeps_its_recall_and_precision():
    # Scored once, after the rules were settled; the figures are reported in docs/monitors.md.
    metrics = evaluate(as_examples(load_labelled(str(REAL_TEXT / "real-text-holdout.jsonl"))))
    assert metrics.recall >= 0.95, metrics
    # 0.87 when first scored: two reviews of novels whose excerpts never say "novel", and a war
    # memorial to "men presumed dead".
    assert metrics.precision >= 0.85, metrics


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Book Review: The Night She Disappeared",
            "The two young parents disappear into thin air after a pool party.",
        ),
        (
            "Book review",
            "Her mother is sure Nina wouldn't disappear without telling anyone, and sets out to "
            "find out what happened to her daughter.",
        ),
        (
            "Runaway",
            "In economics, the term runaway is often used to describe a situation that has "
            "become uncontrollably rapid.",
        ),
        ("Deadlines", "Pupils lose marks whilst missing the deadline for coursework."),
    ],
)
def test_other_senses_of_missing_on_real_text_are_not_relevant(title, body):
    result = assess(title, body)
    assert not result.relevant, result.reasons


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Initial assessment of risk",
            "Have they been missing before? If yes, what happened whilst they were missing?",
        ),
        (
            "Guardianship",
            "When someone goes missing their family may need to look after their financial and "
            "legal affairs.",
        ),
        ("Runaway children", "Young runaways are at risk of exploitation."),
        ("Research", "A novel approach to finding missing children sooner."),
    ],
)
def test_real_text_about_people_going_missing_stays_relevant(title, body):
    result = assess(title, body)
    assert result.relevant, result.reasons


def test_a_review_says_why_it_was_set_aside():
    result = assess("Book Review: The Night She Disappeared", "")
    assert any(reason.rule == "fiction" and reason.weight < 0 for reason in result.reasons)
