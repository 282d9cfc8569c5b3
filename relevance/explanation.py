"""Explaining a decision to an officer: why an item counted as about people going missing, and
why it did not, in plain sentences built from the reasons `assess()` returns.

Every reason gets a sentence: what its phrase counted for, or why it counted for little (no
person close by), or why it counted against (another sense of "missing", a thing just before
it, or an item that is a novel, a drama, a song or a population count).
"""

from __future__ import annotations

from .rules import _AMBIGUOUS, _RULES, MEANINGS
from .scoring import Assessment, Reason

_BY_NAME = {rule.name: rule for rule in _RULES}

# What a context word near the evidence adds, by the booster it stands for.
_NEAR: dict[str, str] = {
    "child": "a child or young person is mentioned near the evidence",
    "adult": "an adult is mentioned near the evidence",
    "care": "care or a placement is mentioned near the evidence",
    "adult_care": "a care home or care facility for adults is mentioned near the evidence",
    "return": "a return, or a conversation after one, is mentioned near the evidence",
    "police": "the police or a search is mentioned near the evidence",
    "exploitation": "exploitation is mentioned near the evidence",
    "dementia": "dementia is mentioned near the evidence",
    "vulnerable": (
        "a condition that makes someone vulnerable (a cognitive impairment, a learning disability,"
        " autism) is mentioned near the evidence"
    ),
    "asylum": "asylum or unaccompanied children are mentioned near the evidence",
    "mental_health": "mental health care is mentioned near the evidence",
    "education": "school or education is mentioned near the evidence",
    "family": "family is mentioned near the evidence",
    "law": "the courts or the law are mentioned near the evidence",
}

# Why a phrase about going missing counted against, when the words around it decided that.
_SET_ASIDE: dict[str, str] = {
    "said_of_a_thing": "it is said of a thing mentioned just before it, not of a person",
    "missing_in_action": "it is said of soldiers or the war dead mentioned just before it",
    "said_in_a_story": (
        "the item is about a novel, a drama or music (or a game), so it is said of a story"
    ),
    "said_of_a_population": "the item is about a population's sex ratio, so it is a statistic",
    "said_of_prisoners": "the item is about prisoners escaping or absconding, who are wanted",
    "said_of_soldiers": (
        "the item is about soldiers, the war dead or servicemen absent without leave, who are not"
        " missing people"
    ),
    "said_of_an_animal": "the item is about a pet or another animal, not a person",
    "said_of_a_trick": "the item is about stage magic, so what disappears is a trick",
    "said_of_ancestors": (
        "the item is about family history, so it is said of ancestors not found in the records"
    ),
}

_ANCHORS: dict[str, str] = {
    "person": "person",
    "care": "care placement",
    "police": "police",
    "mental_health": "mental health service",
    "child": "child",
}


def explain(assessment: Assessment) -> list[str]:
    """The decision and one sentence per reason, strongest first, for showing an officer."""
    threshold = "0.50 or more counts"
    if assessment.relevant:
        lines = [
            f"Counted as about people going missing (score {assessment.score:.2f}; {threshold})."
        ]
    else:
        lines = [
            f"Not counted as about people going missing (score {assessment.score:.2f}; "
            f"{threshold})."
        ]
    if not assessment.reasons:
        lines.append("No phrase about people going missing was found.")
    lines += [describe(reason) for reason in assessment.reasons]
    return lines


def describe(reason: Reason) -> str:
    """One reason as a sentence: the phrase, where it was, and what it counted for or against."""
    quoted = f"“{reason.phrase}”" + (" in the title" if reason.field == "title" else "")
    feature = reason.rule
    # Stored reasons can outlive the rule that made them (officer pages show reasons saved by
    # older rules), so a name no longer known gets a plainer sentence, never an error.
    if feature.startswith("near:"):
        near = _NEAR.get(feature[5:], "it is mentioned near the evidence")
        return f"{quoted} adds weight: {near}."
    if feature in _SET_ASIDE and reason.weight < 0:
        return f"{quoted} counts against: {_SET_ASIDE[feature]}."
    if feature.endswith(":alone"):
        alone = _BY_NAME.get(feature.removesuffix(":alone"))
        if alone is None:
            return f"{quoted} counts for little: nothing close by said it was about a person."
        return (
            f"{quoted} counts for little: {MEANINGS[alone.name]}, but no {_anchors(alone.anchors)}"
            " is mentioned close by."
        )
    meaning = MEANINGS.get(feature, feature)
    if reason.weight < 0:
        return f"{quoted} counts against: {meaning}."
    rule = _BY_NAME.get(feature)
    close_by = ""
    if rule is not None and rule.kind == _AMBIGUOUS:
        close_by = f" (a {_anchors(rule.anchors)} is mentioned close by)"
    return f"{quoted} counts for: {meaning}{close_by}."


def _anchors(anchors: tuple[str, ...]) -> str:
    names = [_ANCHORS.get(anchor, anchor) for anchor in anchors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
