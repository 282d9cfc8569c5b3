"""Passages quoted from linked reports are found by the relevance rules: one definition of what
counts as people going missing, for items and for the documents they link to."""

from harvesting.documents import Passage, missing_passages
from relevance import assess, missing_phrases


def test_a_report_passage_in_the_filters_words_is_quoted_though_it_never_says_missing():
    sentence = "Her family said she had not been seen since she left the care home on Friday."
    assert missing_passages(
        finds=missing_phrases,
        pages=[(4, f"Staffing was stable. {sentence} Meals were good.")],
        window=0,
    ) == [Passage(4, sentence)]


def test_a_thing_that_went_missing_is_not_quoted_from_a_report():
    text = "The passport went missing at the airport. Records were lost or missing in the move."
    assert missing_passages(finds=missing_phrases, pages=[(1, text)]) == []


def test_document_phrases_are_the_phrases_that_make_an_item_relevant():
    text = "Two children went missing from their placement; a return home interview followed."
    spans = [text[start:end] for start, end in missing_phrases(text)]
    evidence = {
        reason.phrase
        for reason in assess("", text).reasons
        if reason.weight > 0 and not reason.rule.startswith("near:")
    }
    assert spans and set(spans) == evidence
