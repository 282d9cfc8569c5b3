"""Measuring the filter on a labelled set: precision, recall, the keyword baseline, and the items
it gets wrong. Run it with `manage.py evaluate_relevance FILE.jsonl` or
`python -m relevance evaluate FILE.jsonl`."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .scoring import Weights, assess


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    tn: int


@dataclass(frozen=True)
class KeywordFilter:
    """The naive filter the model is measured against: any item that contains the word."""

    pattern: re.Pattern[str]

    def __call__(self, title: str, body: str = "") -> bool:
        return bool(self.pattern.search(title) or self.pattern.search(body))


KEYWORD_BASELINE = KeywordFilter(re.compile(r"\bmissing\b", re.IGNORECASE))


def evaluate(
    examples: Iterable[tuple[str, str, bool]],
    *,
    weights: Weights | None = None,
    predict: Callable[[str, str], bool] | None = None,
) -> Metrics:
    """Precision and recall of the filter (or of `predict`, e.g. `KEYWORD_BASELINE`)."""
    if predict is None:

        def predict(title: str, body: str) -> bool:
            return assess(title, body, weights=weights).relevant

    tp = fp = fn = tn = 0
    for title, body, label in examples:
        guess = predict(title, body)
        if guess and label:
            tp += 1
        elif guess:
            fp += 1
        elif label:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(round(precision, 4), round(recall, 4), round(f1, 4), tp, fp, fn, tn)


def load_labelled(path: str) -> list[dict]:
    """Read a labelled JSONL file (`id`, `title`, `body`, `label`, optional `topic`)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def as_examples(rows: Sequence[dict]) -> list[tuple[str, str, bool]]:
    return [(row["title"], row.get("body", ""), bool(row["label"])) for row in rows]


def _report(name: str, metrics: Metrics) -> str:
    return (
        f"{name:<22} precision {metrics.precision:.3f}  recall {metrics.recall:.3f}  "
        f"F1 {metrics.f1:.3f}  (tp {metrics.tp}, fp {metrics.fp}, fn {metrics.fn}, "
        f"tn {metrics.tn})"
    )


def report(path: str, weights_path: str | None = None) -> str:
    """The evaluation printed by `manage.py evaluate_relevance` and `python -m relevance`."""
    lines: list[str] = []
    rows = load_labelled(path)
    examples = as_examples(rows)
    weights = None
    if weights_path:
        with open(weights_path, encoding="utf-8") as handle:
            weights = Weights.from_json(handle.read())
    started = time.perf_counter()
    results = [assess(title, body, weights=weights) for title, body, _ in examples]
    elapsed = time.perf_counter() - started
    lines.append(_report("relevance filter", evaluate(examples, weights=weights)))
    lines.append(_report("keyword 'missing'", evaluate(examples, predict=KEYWORD_BASELINE)))
    wrong = [
        f"{row['id']} ({'missed' if row['label'] else 'false alarm'}, score {result.score:.2f})"
        for row, result in zip(rows, results, strict=True)
        if result.relevant != bool(row["label"])
    ]
    lines.append("misclassified: " + (", ".join(wrong) if wrong else "none"))
    topical = [
        (row["topic"], result.topics)
        for row, result in zip(rows, results, strict=True)
        if row["label"] and result.relevant and row.get("topic")
    ]
    if topical:
        first = sum(1 for topic, found in topical if found[:1] == (topic,))
        anywhere = sum(1 for topic, found in topical if topic in found)
        lines.append(
            f"topic of caught relevant items: first {first}/{len(topical)}, "
            f"listed {anywhere}/{len(topical)}"
        )
    lines.append(f"speed: {len(rows) / elapsed:,.0f} items/second")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m relevance")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="score a labelled JSONL file")
    evaluate_parser.add_argument("path")
    evaluate_parser.add_argument("--weights", help="JSON file of learned weights")
    args = parser.parse_args(argv)
    print(report(args.path, args.weights))
    return 0
