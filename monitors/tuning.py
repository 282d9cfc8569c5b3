"""Learning from triage: officers' accept and dismiss decisions become labels that nudge the
relevance weights, stored in one row that every later scan uses."""

from __future__ import annotations

import relevance
from monitors.models import RelevanceWeights, TriageDecision

MIN_DECISIONS = 5


def triage_examples() -> list[tuple[str, str, bool]]:
    """(title, text, relevant) per opening, from the latest decision on it."""
    latest: dict[int, TriageDecision] = {}
    decisions = TriageDecision.objects.select_related("opening__item").order_by("created_at")
    for decision in decisions:
        latest[decision.opening_id] = decision
    examples = []
    for decision in latest.values():
        opening, item = decision.opening, decision.opening.item
        text = opening.change or item.body or item.summary
        examples.append((item.title, text, decision.decision == TriageDecision.Decision.RELEVANT))
    return examples


def tune_relevance(*, now) -> str:
    """Learn and store weights; returns a sentence saying what happened."""
    examples = triage_examples()
    if len(examples) < MIN_DECISIONS:
        return (
            f"Only {len(examples)} openings have been triaged; at least {MIN_DECISIONS} are "
            "needed before the filter is tuned. Nothing changed."
        )
    weights = relevance.learn_weights(examples)
    RelevanceWeights.store(weights, trained_on=len(examples), now=now)
    relevant = sum(1 for *_, label in examples if label)
    return (
        f"Learned weights from {len(examples)} triaged openings ({relevant} relevant, "
        f"{len(examples) - relevant} not); {len(weights.adjustments)} rules adjusted. "
        "Scans use them from now on."
    )
