"""Scoring: the phrases found in an item add up, through a logistic function, to a decision with
its reasons and topics."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .rules import (
    _AGAINST,
    _AMBIGUOUS,
    _BIAS,
    _BOOSTER_CUES,
    _BOOSTERS,
    _CONTRAST,
    _CONTRAST_AFTER,
    _CONTRAST_BEFORE,
    _DEFAULT_WEIGHTS,
    _EVIDENCE,
    _NEAR_AFTER,
    _NEAR_BEFORE,
    _OTHER_SENSE_CUES,
    _THING_BEFORE,
    _TITLE_FACTOR,
    _clamp,
)
from .scanner import _Field, _Hit


@dataclass(slots=True)
class Reason:
    """One matched phrase and what it contributed, for showing an officer why.

    A plain record rather than a frozen one: every scored item makes several, and a frozen
    dataclass costs three times as much to build. Nothing changes a reason once made.
    """

    phrase: str
    start: int
    end: int
    field: str
    weight: float
    passage: str
    rule: str


@dataclass(frozen=True)
class Assessment:
    relevant: bool
    score: float
    topics: tuple[str, ...]
    reasons: tuple[Reason, ...]

    def highlight(self, text: str, field: str | None = None) -> str:
        return highlight(text, self.reasons, field=field)


@dataclass(frozen=True)
class Weights:
    """Officers' adjustments on top of the built-in rule weights.

    Only the adjustments are stored, so improving a rule's default later still takes effect for
    a team that has learned weights.
    """

    adjustments: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    @cached_property
    def table(self) -> dict[str, float]:
        """Every feature's weight with the adjustments applied, worked out once."""
        return {
            feature: weight + self.adjustments.get(feature, 0.0)
            for feature, weight in _DEFAULT_WEIGHTS.items()
        }

    @cached_property
    def shown(self) -> dict[tuple[str, bool], float]:
        """The weight a reason shows, by feature and whether it was found in the title."""
        return {
            (feature, in_title): round(weight * (_TITLE_FACTOR if in_title else 1.0), 3)
            for feature, weight in self.table.items()
            for in_title in (True, False)
        }

    @cached_property
    def nothing_found(self) -> Assessment:
        """The assessment of an item in which no phrase matched, which most items are."""
        return _assessment(_Analysis({}, (), {}), self)

    def to_json(self) -> str:
        return json.dumps(
            {"bias": self.bias, "adjustments": dict(sorted(self.adjustments.items()))},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Weights:
        """Load stored weights; adjustments for rules that no longer exist are dropped."""
        data = json.loads(text)
        adjustments = {
            name: _clamp(float(value))
            for name, value in data.get("adjustments", {}).items()
            if name in _DEFAULT_WEIGHTS
        }
        return cls(adjustments=adjustments, bias=_clamp(float(data.get("bias", 0.0))))


DEFAULT_WEIGHTS = Weights()


def _near(hit: _Hit, other: _Hit) -> bool:
    """Same sentence, or a few words away across a sentence break."""
    return other.sentence == hit.sentence or (
        other.end >= hit.start - _NEAR_BEFORE and other.start <= hit.end + _NEAR_AFTER
    )


def _feature_of(hit: _Hit, contexts: Sequence[_Hit]) -> str:
    """Which feature an evidence or against hit counts towards, given the words around it.

    An ambiguous phrase counts against when the nearest noun before it is a thing ("the
    passport went missing"), as evidence when a person (or the rule's other anchor) is near,
    and for little on its own.
    """
    rule = hit.rule
    if rule.kind != _AMBIGUOUS:
        return rule.name
    nearest = None
    for context in contexts:
        if context.start >= hit.start:
            break
        if context.end >= hit.start - _THING_BEFORE and (
            "person" in context.rule.cues or context.rule.cues[0] in _OTHER_SENSE_CUES
        ):
            nearest = context
    if nearest is not None and nearest.rule.cues[0] in _OTHER_SENSE_CUES:
        return _OTHER_SENSE_CUES[nearest.rule.cues[0]]
    if any(_near(hit, c) for c in contexts if set(rule.anchors).intersection(c.rule.cues)):
        return rule.name
    return f"{rule.name}:alone"


_CONTRASTED = re.compile(_CONTRAST)


def _set_aside(fields: tuple[_Field, _Field]) -> str:
    """What a story, song or count named in the item sets its missing people aside as, if any.

    A story word that is contrasted ("unlike what you see on TV", "this isn't a TV drama") sets
    nothing aside: the item sets a real case against fiction. Such a hit is marked with no
    feature, and is not counted at all.
    """
    for field_ in fields:
        for hit in field_.hits:
            if not hit.rule.sets_aside:
                continue
            start = max(0, hit.start - _CONTRAST_BEFORE)
            if _CONTRASTED.search(field_.padded, start, hit.end + 1 + _CONTRAST_AFTER):
                hit.feature = ""
                continue
            return hit.rule.sets_aside
    return ""


def _saturate(title_count: int, body_count: int) -> float:
    """Repeating a phrase adds less each time; a title mention counts more than a body one."""
    value = _TITLE_FACTOR if title_count else 0.0
    if body_count:
        value += min(1.0 + 0.5 * math.log2(body_count), 2.5)
    return value


@dataclass(slots=True)
class _Analysis:
    features: dict[str, float]
    # Hits that carry weight, with their field: evidence, against, and one context word for
    # each booster.
    hits: tuple[tuple[_Field, _Hit], ...]
    topic_scores: dict[str, float]


_NOTHING = _Analysis({}, (), {})


def _analyse(title: str, body: str) -> _Analysis:
    fields = (_Field("title", title), _Field("body", body))
    if not fields[0].hits and not fields[1].hits:
        # Most items: no phrase at all, so no context to look for and nothing to count.
        return _NOTHING
    counted: list[tuple[_Field, _Hit]] = []
    # Per feature, its hits in the title and in the body.
    counts: dict[str, list[int]] = {}
    boosters: dict[str, tuple[_Field, _Hit]] = {}
    topic_scores: dict[str, float] = {}
    # A novel, a drama, a song or a population count, named anywhere in the item: its missing
    # people are characters or a statistic, and what it says of them is set aside.
    aside = _set_aside(fields)
    for side, field_ in enumerate(fields):
        hits = field_.hits
        for hit in hits:
            if hit.rule.kind != _AGAINST:
                field_.scan_context()
                break
        contexts = field_.contexts
        evidence = []
        for hit in hits:
            rule = hit.rule
            if not hit.feature:
                continue
            if aside and rule.kind != _AGAINST:
                hit.feature = aside
            elif rule.kind == _AMBIGUOUS:
                hit.feature = _feature_of(hit, contexts)
            counted.append((field_, hit))
            pair = counts.get(hit.feature)
            if pair is None:
                pair = counts[hit.feature] = [0, 0]
            pair[side] += 1
            if hit.feature == rule.name and rule.kind != _AGAINST:
                evidence.append(hit)
        if not evidence:
            continue
        factor = _TITLE_FACTOR if side == 0 else 1.0
        for hit in evidence:
            for topic in hit.rule.topics:
                topic_scores[topic] = topic_scores.get(topic, 0.0) + 2.0 * factor
        for context in contexts:
            cues = _BOOSTER_CUES[context.rule.name]
            if not cues:
                continue
            for hit in evidence:
                if _near(hit, context):
                    break
            else:
                continue
            for cue, name in cues:
                if name not in boosters:
                    booster = _Hit(context.rule, context.start, context.end, context.sentence, name)
                    boosters[name] = (field_, booster)
                _, boosted, topic_weight = _BOOSTERS[cue]
                if boosted:
                    topic_scores[boosted] = topic_scores.get(boosted, 0.0) + topic_weight * factor

    features = {name: _saturate(t, b) for name, (t, b) in counts.items()}
    features.update(dict.fromkeys(boosters, 1.0))
    return _Analysis(features, (*counted, *boosters.values()), topic_scores)


def _logit(features: dict[str, float], weights: Weights) -> float:
    total = _BIAS + weights.bias
    table = weights.table
    for name, value in features.items():
        total += table[name] * value
    return total


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def assess(title: str, body: str = "", *, weights: Weights | None = None) -> Assessment:
    """Score one item. `score >= 0.5` means relevant; reasons are strongest first."""
    weights = weights or DEFAULT_WEIGHTS
    analysis = _analyse(title, body)
    if analysis is _NOTHING:
        return weights.nothing_found
    return _assessment(analysis, weights)


def _assessment(analysis: _Analysis, weights: Weights) -> Assessment:
    score = _sigmoid(_logit(analysis.features, weights))
    relevant = score >= 0.5

    reasons = []
    table, shown = weights.table, weights.shown
    for field_, hit in analysis.hits:
        if table[hit.feature] == 0:
            continue
        reasons.append(
            Reason(
                field_.text[hit.start : hit.end],
                hit.start,
                hit.end,
                field_.name,
                shown[hit.feature, field_.name == "title"],
                field_.passage(hit),
                hit.feature,
            )
        )
    reasons.sort(key=lambda r: (-abs(r.weight), r.field != "title", r.start))

    topics: tuple[str, ...] = ()
    if relevant:
        ranked = sorted(analysis.topic_scores.items(), key=lambda kv: -kv[1])
        topics = tuple(slug for slug, value in ranked[:3] if value >= 0.5 * ranked[0][1])
        # Evidence with no topic of its own ("reported missing") is about people in general.
        topics = topics or ("missing_children",)
    return Assessment(relevant, round(score, 4), topics, tuple(reasons))


def missing_phrases(text: str) -> list[tuple[int, int]]:
    """Where a text says that people went missing: `(start, end)` of each phrase that counts
    towards relevance by the same rules as `assess` (evidence, and ambiguous phrases with a person
    or their other anchor close by), in order. Phrases in other senses ("missing data", "missed
    targets", "the passport went missing") are not returned. Document passages are found with
    this, so "what counts as missing" has one definition."""
    analysis = _analyse("", text)
    return [
        (hit.start, hit.end)
        for field_, hit in analysis.hits
        if field_.name == "body"
        and hit.rule.kind in (_EVIDENCE, _AMBIGUOUS)
        and hit.feature == hit.rule.name
        and DEFAULT_WEIGHTS.table[hit.feature] > 0
    ]


def highlight(text: str, reasons: Iterable[Reason], *, field: str | None = None) -> str:
    """HTML-escape third-party text and wrap the matched phrases in `<mark>`.

    Reasons whose offsets do not point at their phrase in `text` (another field, or edited text)
    are ignored, so a stale reason can never misplace markup. Phrases that count against
    relevance get `class="against"`.
    """
    spans = sorted(
        (r.start, r.end, r.weight < 0)
        for r in reasons
        if (field is None or r.field == field) and text[r.start : r.end] == r.phrase and r.phrase
    )
    parts: list[str] = []
    position = 0
    for start, end, against in spans:
        if start < position:
            continue
        parts.append(html.escape(text[position:start]))
        opening = '<mark class="against">' if against else "<mark>"
        parts.append(f"{opening}{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)
