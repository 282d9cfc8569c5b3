"""Learning from officers: bounded adjustments to the rule weights from triage decisions.

This part is model-free; `monitors.tuning.tune_relevance` reads the decisions from the database
and stores what is learned here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .rules import _clamp
from .scoring import DEFAULT_WEIGHTS, Weights, _analyse, _logit, _sigmoid


def learn_weights(
    examples: Iterable[tuple[str, str, bool]],
    *,
    start: Weights | None = None,
    epochs: int = 200,
    strength: float = 4.0,
) -> Weights:
    """Fit bounded adjustments to the rule weights from officers' triage decisions.

    Plain logistic regression over the rule features, with an L2 pull of `strength` towards the
    built-in weights and every adjustment clamped to +/-1.5, so a handful of labels nudges
    borderline items without overturning the rules. Only features that occur in the examples
    move.
    """
    start = start or DEFAULT_WEIGHTS
    data = [
        (_analyse(title, body).features, 1.0 if label else 0.0) for title, body, label in examples
    ]
    adjustments = dict(start.adjustments)
    bias = start.bias
    if not data:
        return Weights(adjustments, bias)
    # Step size scaled to the data so the fit is stable for 5 labels or 5,000.
    rate = 1.0 / (len(data) + strength)
    for _ in range(epochs):
        gradient: dict[str, float] = {}
        bias_gradient = 0.0
        current = Weights(adjustments, bias)
        for features, label in data:
            error = _sigmoid(_logit(features, current)) - label
            bias_gradient += error
            for name, value in features.items():
                gradient[name] = gradient.get(name, 0.0) + error * value
        for name, value in gradient.items():
            adjustment = adjustments.get(name, 0.0)
            adjustments[name] = _clamp(adjustment - rate * (value + strength * adjustment))
        bias = _clamp(bias - rate * (bias_gradient + strength * bias))
    return Weights({k: round(v, 4) for k, v in adjustments.items() if abs(v) >= 1e-4}, bias)
