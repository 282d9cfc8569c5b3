"""Decide whether a monitored item is about people going missing, and say why.

Every item a monitor fetches passes through `assess()`. The model is a set of readable, weighted
phrase rules rather than a trained classifier, so that an officer can see which words decided an
item and a policy lead can argue with a rule. The rules follow the labelling rule in
`shared/relevance/README.md`:

- evidence: phrases that only ever mean a person going missing or whose whereabouts are unknown
  ("missing person", "ran away", "return home interview", "Herbert Protocol");
- ambiguous evidence: phrases that mean that only when a person is mentioned close by
  ("went missing", "unaccounted for", "cannot be found"); without one they count for little,
  and straight after a thing ("the passport went missing") they count against;
- against: "missing" in other senses (targets, data, funds, lost property, missing in action),
  which consume the word so it cannot count as evidence;
- context: words (child, care, police, exploitation...) that add weight only when they sit near
  evidence, and that choose the topics.

Title matches weigh more than body matches. The weighted features go through a logistic function
so that a score of 0.5 or more means relevant. Officers' triage decisions can nudge the weights
through `learn_weights()`, within bounds, and the result is stored as JSON.

The package is split by job: `topics`, `rules` (the rules as data, with what each means),
`scanner` (finding phrases), `scoring`, `explanation` (each decision in sentences, why it counted
and why not), `training` (learning from triage decisions) and `evaluation`. It has no Django or
model imports, so it sits below `monitors` and any app may use it.
"""

from .evaluation import (
    KEYWORD_BASELINE,
    KeywordFilter,
    Metrics,
    as_examples,
    evaluate,
    load_labelled,
)
from .explanation import describe, explain
from .rules import FEATURES, MEANINGS
from .scoring import (
    DEFAULT_WEIGHTS,
    Assessment,
    Reason,
    Weights,
    assess,
    highlight,
    missing_phrases,
)
from .topics import TOPICS, topic_label
from .training import learn_weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "KEYWORD_BASELINE",
    "TOPICS",
    "Assessment",
    "KeywordFilter",
    "Metrics",
    "Reason",
    "MEANINGS",
    "Weights",
    "as_examples",
    "assess",
    "describe",
    "evaluate",
    "explain",
    "highlight",
    "learn_weights",
    "load_labelled",
    "missing_phrases",
    "topic_label",
]
