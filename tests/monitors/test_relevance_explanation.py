"""Every decision is explained to an officer: why an item counted, and why it did not."""

from relevance import MEANINGS, assess, describe, explain
from relevance.evaluation import main
from relevance.rules import _CONTEXT, _RULES


def test_every_rule_says_what_it_means_in_plain_words():
    for rule in _RULES:
        if rule.kind != _CONTEXT:
            assert MEANINGS.get(rule.name), rule.name


def test_a_relevant_item_says_what_counted_for_it():
    lines = explain(assess("Missing children", "Two children went missing from a care home."))
    assert lines[0].startswith("Counted as about people going missing")
    assert "“Missing children” in the title counts for: a missing child or young person." in lines


def test_an_item_turned_down_says_which_sense_of_missing_it_found():
    lines = explain(
        assess("Clinical trials", "Missing data on women's outcomes skewed the results.")
    )
    assert lines[0].startswith("Not counted as about people going missing")
    assert any("counts against: missing data" in line for line in lines)


def test_a_phrase_with_nobody_near_it_says_it_counted_for_little_and_why():
    lines = explain(assess("Update", "It has been missing since Tuesday."))
    assert lines[0].startswith("Not counted")
    assert (
        "“been missing” counts for little: someone going, or being reported, missing, but no "
        "person is mentioned close by."
    ) in lines


def test_a_phrase_said_of_a_thing_says_so():
    lines = explain(assess("Update", "The file went missing last week."))
    assert (
        "“went missing” counts against: it is said of a thing mentioned just before it, not of a "
        "person."
    ) in lines


def test_a_novel_says_its_missing_people_are_characters():
    lines = explain(assess("Book review", "A young woman went missing in this thriller."))
    assert any(
        "counts against: the item is about a novel, a drama or music" in line for line in lines
    )
    assert any("“thriller” counts against: a novel" in line for line in lines)


def test_an_item_with_no_phrase_says_nothing_was_found():
    lines = explain(assess("Road maintenance", "Potholes in the county."))
    assert lines == [
        "Not counted as about people going missing (score 0.05; 0.50 or more counts).",
        "No phrase about people going missing was found.",
    ]


def test_each_reason_is_described_with_where_it_was_found():
    result = assess("Runaway children", "Young runaways are at risk of exploitation.")
    assert describe(result.reasons[0]) == (
        "“Runaway” in the title counts for: a runaway (a person, care placement or police is "
        "mentioned close by)."
    )


def test_the_evaluation_explains_each_item_it_gets_wrong(tmp_path, capsys):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "c", "title": "Missing data", "body": "", "label": 1}\n')
    main(["evaluate", str(path), "--explain"])
    out = capsys.readouterr().out
    assert "c: Missing data" in out
    assert "counts against: missing data, documents, money, pets or other things" in out


def test_a_stored_reason_from_a_rule_since_renamed_is_still_described():
    from relevance import Reason

    gone = Reason("went missing", 0, 12, "body", 0.2, "He went missing.", "retired_rule:alone")
    near = Reason("pupils", 0, 6, "body", 0.5, "Pupils went missing.", "near:retired")
    assert describe(gone) == (
        "“went missing” counts for little: nothing close by said it was about a person."
    )
    assert describe(near) == "“pupils” adds weight: it is mentioned near the evidence."
