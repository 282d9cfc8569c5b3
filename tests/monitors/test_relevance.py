"""The missing-relevance filter that every monitored item passes through."""

import json
from pathlib import Path

import pytest

from relevance import (
    KEYWORD_BASELINE,
    TOPICS,
    Weights,
    as_examples,
    assess,
    evaluate,
    highlight,
    learn_weights,
    load_labelled,
    topic_label,
)
from relevance.evaluation import main

# The charity's labelled development set sits beside the repository, as it does in CI.
LABELLED = Path(__file__).resolve().parents[3] / "shared" / "relevance" / "labelled.jsonl"
EXTRA = Path(__file__).resolve().parent / "fixtures" / "relevance-extra.jsonl"


@pytest.fixture(scope="module")
def labelled() -> list[tuple[str, str, bool]]:
    return as_examples(load_labelled(str(LABELLED)))


@pytest.fixture(scope="module")
def extra() -> list[tuple[str, str, bool]]:
    return as_examples(load_labelled(str(EXTRA)))


def test_filter_reaches_precision_and_recall_of_0_9_on_the_labelled_set(labelled):
    metrics = evaluate(labelled)
    assert metrics.precision >= 0.9, metrics
    assert metrics.recall >= 0.9, metrics


def test_keyword_baseline_scores_far_lower(labelled):
    ours = evaluate(labelled)
    keyword = evaluate(labelled, predict=KEYWORD_BASELINE)
    # The README quotes 0.45 / 0.61 for the plain keyword filter on this set.
    assert keyword.precision == pytest.approx(0.45, abs=0.01)
    assert keyword.recall == pytest.approx(0.61, abs=0.01)
    assert ours.precision - keyword.precision >= 0.3
    assert ours.recall - keyword.recall >= 0.2
    assert ours.f1 - keyword.f1 >= 0.3


@pytest.mark.parametrize(
    "name",
    [
        "relevance-extra.jsonl",
        "relevance-extra-a.jsonl",
        "relevance-extra-b.jsonl",
        "relevance-extra-c.jsonl",
        "relevance-extra-d.jsonl",
        "relevance-extra-e.jsonl",
        "relevance-extra-f.jsonl",
        "relevance-extra-g.jsonl",
    ],
)
def test_filter_reaches_0_9_on_the_extra_items_written_in_the_same_registers(name):
    extra = as_examples(load_labelled(str(EXTRA.parent / name)))
    metrics = evaluate(extra)
    keyword = evaluate(extra, predict=KEYWORD_BASELINE)
    assert metrics.precision >= 0.9, metrics
    assert metrics.recall >= 0.9, metrics
    # Set F says "missing" in most relevant items, so the keyword filter does well there too.
    assert metrics.f1 - keyword.f1 >= 0.15


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Hospital trust misses A&E target again",
            "The trust has been missing the four-hour target for a year, and patients wait hours.",
        ),
        (
            "Net zero: interim targets",
            "The Government is at risk of missing every one of its interim targets for 2030.",
        ),
        (
            "Pension credit take-up",
            "Hundreds of thousands of pensioners are missing out on pension credit.",
        ),
        (
            "Clinical trials",
            "Analysis found that missing data on women's outcomes had skewed the results.",
        ),
        (
            "Lost, stolen or missing passports",
            "If your passport went missing abroad, contact the nearest British embassy.",
        ),
        (
            "War graves",
            "Remains of soldiers listed as missing in action on the Somme were identified.",
        ),
        ("Dog still missing after theft", "The family's spaniel is still missing a month on."),
        (
            "Tackling missing trader fraud",
            "Missing trader fraud occurs when a business charges VAT and disappears.",
        ),
    ],
)
def test_missing_targets_are_not_relevant(title, body):
    result = assess(title, body)
    assert not result.relevant, result.reasons
    assert result.topics == ()


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Stop and search figures rise",
            "Most searches by Fenbridge Police were for drugs, and one in five led to an arrest.",
        ),
        (
            "Child criminal exploitation: prosecutions",
            "How many adults will be prosecuted under the new child criminal exploitation offence?",
        ),
        (
            "Asylum support rates",
            "This consultation seeks views on the weekly rate of asylum support.",
        ),
    ],
)
def test_policing_exploitation_and_asylum_items_with_nobody_missing_are_not_relevant(title, body):
    assert not assess(title, body).relevant


def test_runaway_from_care_is_relevant_without_the_word_missing():
    result = assess(
        "Children's home inspection: Ashby Lodge",
        "Two young people living at the home ran away several times in the spring and their "
        "whereabouts were unknown overnight. Staff did not complete the Philomena Protocol.",
    )
    assert result.relevant
    assert result.score >= 0.9
    assert "missing_from_care" in result.topics
    assert "missing" not in " ".join(r.phrase.lower() for r in result.reasons)


def test_herbert_protocol_item_is_tagged_dementia():
    result = assess(
        "Herbert Protocol launched across Daleside",
        "Families and care homes can now record details of a person living with dementia, "
        "such as places they used to visit, so police can start looking straight away.",
    )
    assert result.relevant
    assert result.topics[0] == "dementia_and_missing"
    assert topic_label(result.topics[0]) == "Dementia and going missing"


def test_topics_come_from_the_fixed_vocabulary(labelled):
    for title, body, _ in labelled:
        result = assess(title, body)
        assert set(result.topics) <= set(TOPICS)
        assert bool(result.topics) == result.relevant


def test_reasons_point_at_the_deciding_phrases():
    title = "Missing Persons: Children"
    body = (
        "To ask the Secretary of State how many children were reported missing in 2024. "
        "Answer: forces share data with the UK Missing Persons Unit."
    )
    result = assess(title, body)
    texts = {"title": title, "body": body}
    assert result.reasons
    for reason in result.reasons:
        assert texts[reason.field][reason.start : reason.end] == reason.phrase
        assert reason.phrase in reason.passage
    strongest = result.reasons[0]
    assert strongest.field == "title"
    assert strongest.phrase == "Missing Persons"
    assert any(r.phrase == "Missing Persons Unit" and r.field == "body" for r in result.reasons)
    assert all(r.weight > 0 for r in result.reasons)


def test_reasons_explain_why_an_item_was_turned_down():
    result = assess("Self Assessment", "If you missed the deadline you will get a penalty.")
    assert not result.relevant
    assert [r.rule for r in result.reasons] == ["missed_target"]
    assert result.reasons[0].weight < 0


def test_highlight_escapes_third_party_html():
    body = '<script>alert("x")</script> A child went missing & was found <b>safe</b>.'
    result = assess("News", body)
    html = highlight(body, result.reasons, field="body")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>went missing</mark>" in html
    assert "&amp;" in html
    assert "<b>" not in html
    assert result.highlight(body, field="body") == html


def test_highlight_ignores_reasons_that_do_not_fit_the_text():
    result = assess("Missing children", "")
    assert highlight("<i>other</i>", result.reasons) == "&lt;i&gt;other&lt;/i&gt;"


BORDERLINE = (
    "Care home residents: unexplained absences",
    "Staff said two residents had left the building without telling anyone on several evenings.",
)


def test_officer_labels_shift_the_score_of_a_borderline_item():
    before = assess(*BORDERLINE).score
    assert 0.1 < before < 0.5
    labels = [
        (
            "Ward absences",
            "A patient left the ward without telling anyone and was found later.",
            True,
        ),
        ("Supported living", "A resident left the house without staff knowing overnight.", True),
        ("Hostel", "A young person left the hostel without telling anyone for two days.", True),
        ("Care home", "Residents have left the home without permission on three occasions.", True),
        ("Rail fares", "Fares will rise by 4% in March.", False),
        ("Tax returns", "Taxpayers who missed the deadline face a penalty.", False),
    ]
    weights = learn_weights(labels)
    after = assess(*BORDERLINE, weights=weights).score
    assert after > before + 0.1
    assert weights.adjustments["left_without_telling"] > 0


def test_a_handful_of_contrary_labels_cannot_overturn_clear_evidence():
    item = ("Missing children", "Children reported missing from care were found in other towns.")
    weights = learn_weights([(*item, False)] * 5)
    assert assess(*item, weights=weights).relevant
    assert all(abs(value) <= 1.5 for value in weights.adjustments.values())


def test_learned_weights_round_trip_through_json(labelled):
    weights = learn_weights(labelled[:40], epochs=20)
    stored = weights.to_json()
    restored = Weights.from_json(stored)
    assert restored == weights
    assert json.loads(stored)["adjustments"]
    title, body, _ = labelled[0]
    assert assess(title, body, weights=restored) == assess(title, body, weights=weights)


def test_stored_weights_for_rules_that_no_longer_exist_are_dropped():
    restored = Weights.from_json('{"bias": 9, "adjustments": {"no_such_rule": 1.0}}')
    assert restored.adjustments == {}
    assert restored.bias == 1.5


def test_learning_from_the_labelled_set_keeps_it_above_0_9(labelled):
    half = len(labelled) // 2
    weights = learn_weights(labelled[:half])
    metrics = evaluate(labelled[half:], weights=weights)
    assert metrics.precision >= 0.9 and metrics.recall >= 0.9, metrics


def test_evaluate_command_prints_both_filters_and_the_misclassified_ids(tmp_path, capsys):
    path = tmp_path / "set.jsonl"
    rows = [
        {"id": "a", "title": "Missing children", "body": "", "label": 1},
        {"id": "b", "title": "Missed deadlines", "body": "", "label": 0},
        {"id": "c", "title": "Missing data", "body": "", "label": 1},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    main(["evaluate", str(path)])
    out = capsys.readouterr().out
    assert "relevance filter" in out and "keyword 'missing'" in out
    assert "precision 1.000  recall 0.500" in out
    assert "misclassified: c (missed" in out
    assert "items/second" in out


def test_ascii_text_gets_the_same_phrases_from_the_faster_scanner_as_from_the_general_one(
    labelled, extra
):
    # ASCII text is scanned with a character class in place of \W; every rule must match at
    # the same places, with the same rule, as the general scanner finds.
    import relevance

    texts = [part for title, body, _ in labelled + extra for part in (title, body)]
    texts += ["Half-term: a 14-year-old ran away (again); police; 'looked-after' children."]
    compared = 0
    for text in texts:
        padded = " " + text.lower()
        if not padded.isascii():
            continue
        for scanner in (relevance.scanner._SCANNER, relevance.scanner._CONTEXT_SCANNER):
            general = [(m.span(), m.lastgroup) for m in scanner.any_text.finditer(padded)]
            fast = [(m.span(), m.lastgroup) for m in scanner.ascii_text.finditer(padded)]
            assert fast == general, text
            compared += bool(general)
    assert compared > 100


REAL_TEXT = EXTRA.parent / "relevance" / "real-text.jsonl"


def test_the_grouped_scanner_finds_what_the_rules_say_in_the_order_they_are_listed(labelled, extra):
    # The rules mean a plain alternation in their listed order (the first listed wins where two
    # match at one place). The scanner regroups their alternatives by first letters to be fast;
    # on every labelled text it must find the same phrases, with the same rule, as the plain one.
    import re

    from relevance.rules import _CONTEXT, _RULES
    from relevance.scanner import _CONTEXT_SCANNER, _SCANNER

    real = REAL_TEXT.parent
    texts = [part for title, body, _ in labelled + extra for part in (title, body)]
    for path in sorted(EXTRA.parent.glob("relevance-extra-*.jsonl")) + sorted(real.glob("*.jsonl")):
        texts += [part for t, b, _ in as_examples(load_labelled(str(path))) for part in (t, b)]
    compared = 0
    for scanner, context in ((_SCANNER, False), (_CONTEXT_SCANNER, True)):
        rules = [rule for rule in _RULES if (rule.kind == _CONTEXT) == context]
        plain = re.compile(
            r"\W(?:"
            + "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(rules))
            + r")\b"
        )
        for text in texts:
            padded = " " + text.lower()
            expected = [
                (m.span(), rules[int(m.lastgroup[1:])].name) for m in plain.finditer(padded)
            ]
            found = [
                (m.span(), scanner.rules[m.lastindex].name)
                for m in scanner.any_text.finditer(padded)
            ]
            assert found == expected, text
            compared += bool(expected)
    assert compared > 1000


def test_an_item_with_no_phrase_at_all_scores_the_bias_alone_under_learned_weights():
    weights = Weights(adjustments={}, bias=1.2)
    nothing = assess("Road maintenance funding", "Potholes in the county.", weights=weights)
    assert nothing.score == pytest.approx(1 / (1 + 2.718281828459045 ** (3.0 - 1.2)), abs=1e-4)
    assert not nothing.relevant and nothing.reasons == () and nothing.topics == ()
    assert assess("Road maintenance", "").score < nothing.score


def test_every_rule_has_its_own_name_so_its_weight_and_reasons_are_its_own():
    import relevance

    names = [rule.name for rule in relevance.rules._RULES]
    assert len(names) == len(set(names))


def test_evaluate_relevance_command_scores_a_labelled_file(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "set.jsonl"
    rows = [
        {"id": "a", "title": "Missing children", "body": "", "label": 1},
        {"id": "b", "title": "Missed deadlines", "body": "", "label": 0},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    out = StringIO()
    call_command("evaluate_relevance", str(path), stdout=out)
    assert "precision 1.000  recall 1.000" in out.getvalue()
    assert "misclassified: none" in out.getvalue()
