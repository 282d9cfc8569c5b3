"""Measuring the filter on labelled sets: precision, recall, the keyword baseline, and the items
it gets wrong, explained. `python -m relevance evaluate` (or `manage.py evaluate_relevance`)
reports every set Waymark keeps, against the floor the suite holds it to;
`python -m relevance evaluate FILE.jsonl` scores one file, and `--explain` says why each item it
gets wrong was decided as it was."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .explanation import explain
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


@dataclass(frozen=True)
class LabelledSet:
    """A labelled set Waymark keeps, how it was used, and the floor the suite holds it to."""

    name: str
    path: Path
    use: str
    min_precision: float
    min_recall: float


_ROOT = Path(__file__).resolve().parents[1]
_FIXTURES = _ROOT / "tests" / "monitors" / "fixtures"
_STUDIED = "studied to write the rules"
_UNSEEN = "scored unseen, then studied"
_HELD_OUT = "held out: scored once, after the rules were settled"

# Every set is labelled by the rule in shared/relevance/README.md. The floors are the figures the
# rules reach (docs/monitors.md, "How well relevance works"): a change that loses precision or
# recall on any set fails the suite.
LABELLED_SETS: tuple[LabelledSet, ...] = (
    LabelledSet(
        "shared development set",
        _ROOT.parent / "shared" / "relevance" / "labelled.jsonl",
        _STUDIED,
        1.0,
        1.0,
    ),
    LabelledSet("extra set", _FIXTURES / "relevance-extra.jsonl", _STUDIED, 1.0, 1.0),
    LabelledSet("recall set A", _FIXTURES / "relevance-extra-a.jsonl", _STUDIED, 1.0, 1.0),
    LabelledSet("recall set B", _FIXTURES / "relevance-extra-b.jsonl", _UNSEEN, 1.0, 0.96),
    LabelledSet("recall set C", _FIXTURES / "relevance-extra-c.jsonl", _UNSEEN, 1.0, 0.98),
    LabelledSet("recall set D", _FIXTURES / "relevance-extra-d.jsonl", _UNSEEN, 1.0, 1.0),
    LabelledSet("recall set E", _FIXTURES / "relevance-extra-e.jsonl", _UNSEEN, 1.0, 1.0),
    LabelledSet("recall set F", _FIXTURES / "relevance-extra-f.jsonl", _HELD_OUT, 1.0, 1.0),
    LabelledSet("recall set G", _FIXTURES / "relevance-extra-g.jsonl", _HELD_OUT, 0.98, 0.96),
    LabelledSet(
        "real text 1, development",
        _FIXTURES / "relevance" / "real-text.jsonl",
        _STUDIED,
        1.0,
        1.0,
    ),
    LabelledSet(
        "real text 1, held out",
        _FIXTURES / "relevance" / "real-text-holdout.jsonl",
        "held out by the last session, then seen",
        0.90,
        1.0,
    ),
    LabelledSet(
        "public pages, development",
        _FIXTURES / "relevance" / "public-pages-development.jsonl",
        _STUDIED,
        0.97,
        1.0,
    ),
    LabelledSet(
        "public pages, second half",
        _FIXTURES / "relevance" / "public-pages-holdout.jsonl",
        "held out, scored once (P 0.88 / R 0.90), then studied",
        0.97,
        1.0,
    ),
    LabelledSet(
        "public pages 2",
        _FIXTURES / "relevance" / "public-pages-2-holdout.jsonl",
        "held out, scored once (P 0.88 / R 0.93), then studied",
        1.0,
        1.0,
    ),
    LabelledSet(
        "public pages 3",
        _FIXTURES / "relevance" / "public-pages-3-holdout.jsonl",
        _HELD_OUT,
        1.0,
        1.0,
    ),
    # Committed before it was scored; its first score was P 63/69, R 63/71.
    LabelledSet(
        "public pages 4",
        _FIXTURES / "relevance" / "public-pages-4-holdout.jsonl",
        "held out, scored once (P 0.91 / R 0.89), then studied",
        0.97,
        0.97,
    ),
    # The kinds of error: pages no other set used, many of them other senses of missing (novels,
    # films, war memorials, pets, AWOL soldiers). Committed before it was scored; first score
    # P 58/73, R 58/61.
    LabelledSet(
        "public pages, kinds of error",
        _FIXTURES / "relevance" / "public-pages-kinds-of-error.jsonl",
        "held out, scored once (P 0.79 / R 0.95), then studied",
        0.93,
        0.98,
    ),
    # Built blind by other engineers (the rules never run on them, `rules.py` never read),
    # labelled by reading, scored once with `main` after the kinds-of-error round, then studied.
    LabelledSet(
        "public pages 5",
        _FIXTURES / "relevance" / "public-pages-5-holdout.jsonl",
        "built blind, scored once (P 0.957 / R 0.989), then studied",
        1.0,
        1.0,
    ),
    LabelledSet(
        "public pages 6",
        _FIXTURES / "relevance" / "public-pages-6-holdout.jsonl",
        "built blind, scored once (P 0.980 / R 0.961), then studied",
        1.0,
        0.99,
    ),
    # Built blind by a third engineer while the second round of rules was written without it,
    # scored once with that round's rules (P 87/92, R 87/93), then studied in round three: the
    # floors are its studied score.
    LabelledSet(
        "public pages 7",
        _FIXTURES / "relevance" / "public-pages-7-holdout.jsonl",
        "built blind, scored once (P 0.946 / R 0.935), then studied",
        1.0,
        0.97,
    ),
    # Round three's own set: pages aimed at the kinds of error of set 7 and at fresh positives
    # from American, Irish, Australian, Canadian and UK public bodies, labelled and committed
    # before it was scored. First score with `main` P 53/67, R 53/57; with round three's rules
    # before the set was studied P 57/71, R 57/57; then studied.
    LabelledSet(
        "public pages, errors 3",
        _FIXTURES / "relevance" / "public-pages-kinds-of-error-3.jsonl",
        "labelled before scoring, first scored P 0.791 / R 0.930, then studied",
        0.90,
        1.0,
    ),
    # Built blind by two more engineers while round three was written without them (set 8 from
    # UK public bodies and UK media, set 9 from the wider English-language web; the three
    # addresses they shared kept in set 8 only). Scored once with round two's rules and once
    # with round three's, the same decisions but one item: set 8 P 81/89, R 81/87 both times;
    # set 9 P 93/98, R 93/107, then P 94/99, R 94/107. Then studied in round four: the floors
    # are its studied scores (set 8 P 83/87, R 83/87; set 9 P 103/105, R 103/107).
    LabelledSet(
        "public pages 8",
        _FIXTURES / "relevance" / "public-pages-8-holdout.jsonl",
        "built blind, scored once (P 0.910 / R 0.931), then studied",
        0.95,
        0.95,
    ),
    LabelledSet(
        "public pages 9",
        _FIXTURES / "relevance" / "public-pages-9-holdout.jsonl",
        "built blind, scored once (P 0.949 / R 0.879), then studied",
        0.98,
        0.96,
    ),
    # Built blind by another engineer while round four was written without it (half UK public
    # bodies and media, half the wider web), scored once with round four's rules (P 91/94,
    # R 91/94; with round three's P 90/93, R 90/94), then studied for one kind of miss (an
    # elderly couple who have not arrived). The floors are its studied score.
    LabelledSet(
        "public pages 10",
        _FIXTURES / "relevance" / "public-pages-10-holdout.jsonl",
        "built blind, scored once (P 0.968 / R 0.968), then studied",
        0.96,
        0.98,
    ),
    # Built blind by another engineer (about half UK, half the wider web) after set 10 was
    # mended, scored once with those rules (P 80/82, R 80/88), then studied for four misses (a
    # missing schoolgirl, a missing psychiatric patient, "missing and absent" cases, runaways
    # under a headline taken for a book's author). The floors are its studied score.
    LabelledSet(
        "public pages 11",
        _FIXTURES / "relevance" / "public-pages-11-holdout.jsonl",
        "built blind, scored once (P 0.976 / R 0.909), then studied",
        0.97,
        0.95,
    ),
)


def _report(name: str, metrics: Metrics) -> str:
    return (
        f"{name:<22} precision {metrics.precision:.3f}  recall {metrics.recall:.3f}  "
        f"F1 {metrics.f1:.3f}  (tp {metrics.tp}, fp {metrics.fp}, fn {metrics.fn}, "
        f"tn {metrics.tn})"
    )


def _weights(weights_path: str | None) -> Weights | None:
    if not weights_path:
        return None
    with open(weights_path, encoding="utf-8") as handle:
        return Weights.from_json(handle.read())


def report_sets(
    sets: Sequence[LabelledSet] = LABELLED_SETS, weights_path: str | None = None
) -> str:
    """One line per labelled set: size, precision and recall against the set's floor, the keyword
    baseline, and the ids of the items the filter gets wrong."""
    weights = _weights(weights_path)
    lines = [
        f"{'set':<28} {'items':>5}  {'precision':>9}  {'recall':>6}  {'floor P/R':>9}  "
        "keyword P/R  wrong"
    ]
    for labelled_set in sets:
        if not labelled_set.path.exists():
            lines.append(f"{labelled_set.name:<28} not found at {labelled_set.path}")
            continue
        rows = load_labelled(str(labelled_set.path))
        examples = as_examples(rows)
        metrics = evaluate(examples, weights=weights)
        keyword = evaluate(examples, predict=KEYWORD_BASELINE)
        wrong = [
            row["id"]
            for row, (title, body, label) in zip(rows, examples, strict=True)
            if assess(title, body, weights=weights).relevant != label
        ]
        below = (
            metrics.precision < labelled_set.min_precision
            or metrics.recall < labelled_set.min_recall
        )
        floor = f"{labelled_set.min_precision:.2f}/{labelled_set.min_recall:.2f}"
        lines.append(
            f"{labelled_set.name:<28} {len(rows):>5}  {metrics.precision:>9.3f}  "
            f"{metrics.recall:>6.3f}  {floor:>9}  {keyword.precision:.2f}/{keyword.recall:.2f}    "
            + ("BELOW FLOOR " if below else "")
            + (", ".join(wrong) or "none")
        )
    return "\n".join(lines)


def report(path: str, weights_path: str | None = None, *, explained: bool = False) -> str:
    """The evaluation of one labelled file, printed by `manage.py evaluate_relevance FILE` and
    `python -m relevance evaluate FILE`; `explained` adds why each wrong item was decided so."""
    lines: list[str] = []
    rows = load_labelled(path)
    examples = as_examples(rows)
    weights = _weights(weights_path)
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
    if explained:
        for row, result in zip(rows, results, strict=True):
            if result.relevant != bool(row["label"]):
                lines.append(f"{row['id']}: {row['title']}")
                lines += [f"    {sentence}" for sentence in explain(result)]
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
    evaluate_parser = commands.add_parser(
        "evaluate", help="score every labelled set Waymark keeps, or one labelled JSONL file"
    )
    evaluate_parser.add_argument("path", nargs="?", help="labelled JSONL file (default: every set)")
    evaluate_parser.add_argument("--weights", help="JSON file of learned weights")
    evaluate_parser.add_argument(
        "--explain", action="store_true", help="say why each item it gets wrong was decided so"
    )
    args = parser.parse_args(argv)
    if args.path:
        print(report(args.path, args.weights, explained=args.explain))
    else:
        print(report_sets(weights_path=args.weights))
    return 0
