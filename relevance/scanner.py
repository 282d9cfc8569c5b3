"""Finding the rules' phrases in text: every rule compiled into one pattern, applied once per
field, with the sentence boundaries that decide what counts as "near"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .rules import _CONTEXT, _NEAR_AFTER, _NEAR_BEFORE, _RULES, _Rule


@dataclass(frozen=True)
class _Scanner:
    """Every rule of one kind in one pattern, each inside a group named for it."""

    pattern: re.Pattern[str]
    rules: dict[str, _Rule]


def _compile_scanner(rules: Sequence[_Rule], prefix: str) -> _Scanner:
    """One regex for the rules: an alternation in their listed order, so where two rules can match
    at the same place the first listed wins. `match.lastgroup` names the rule that matched (the
    rules' own patterns capture nothing). The pattern is applied to the text with one space in
    front (see `_Field`), so that it can open with the non-word character before a phrase."""
    named = {f"{prefix}{index}": rule for index, rule in enumerate(rules)}
    for rule in rules:
        if re.compile(rule.pattern).groups:
            raise ValueError(f"rule {rule.name} captures a group; use (?:...)")
    alternatives = "|".join(f"(?P<{name}>{rule.pattern})" for name, rule in named.items())
    return _Scanner(pattern=re.compile(rf"\W(?:{alternatives})\b"), rules=named)


# Evidence and against rules are looked for first; context words only in items that have some.
_SCANNER = _compile_scanner([r for r in _RULES if r.kind != _CONTEXT], "e")
_CONTEXT_SCANNER = _compile_scanner([r for r in _RULES if r.kind == _CONTEXT], "c")


# Same-length replacements so offsets into the lowered text are offsets into the original.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2011": "-", "\xa0": " "})
# Punctuation before a space, or a line break. Opening with one character class lets the engine
# skip to candidates instead of trying each alternative at every character.
_SENTENCE_END = re.compile(r"[\n.!?;:](?:(?<=\n)|(?=\s))")


def _padded(text: str) -> str:
    if text.isascii():
        # Nothing to fold, and lower-casing keeps every offset.
        return " " + text.lower()
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters (such as a dotted capital I) lower-case to two; keep those as they are.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # The leading space lets the scanners match a phrase at the very start of the text.
    return " " + lowered.translate(_FOLD)


@dataclass(slots=True)
class _Hit:
    rule: _Rule
    start: int
    end: int
    sentence: int
    # Feature the hit counts towards; for a context word, the booster it stands for.
    feature: str


class _Field:
    """One field of an item, scanned: its phrase hits and its sentence boundaries."""

    __slots__ = ("name", "text", "padded", "boundaries", "hits", "contexts")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.padded = _padded(text)
        # Filled in by scan_context(), for the fields that have evidence.
        self.boundaries: Sequence[int] = ()
        self.hits = self._scan(_SCANNER)
        self.contexts: Sequence[_Hit] = ()

    def _scan(self, scanner: _Scanner, start: int = 0, end: int | None = None) -> list[_Hit]:
        hits = []
        # Offsets in the padded text, less the pad, are offsets in the text; each match opens
        # with the character before its phrase.
        text = self.text
        stop = len(text) if end is None else end
        rules = scanner.rules
        append = hits.append
        for match in scanner.pattern.finditer(self.padded, start, stop + 1):
            rule = rules[match.lastgroup]
            first, last = match.start(), match.end() - 1
            if rule.acronym and not text[first:last].isupper():
                continue
            append(_Hit(rule, first, last, 0, rule.name))
        return hits

    def scan_context(self) -> None:
        """Look for context words, but only in the sentences around evidence, which is the only
        place they count."""
        self.boundaries = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        if not self.boundaries:
            # One sentence: it is the only window, and every hit is in sentence 0 already.
            self.contexts = self._scan(_CONTEXT_SCANNER, 0, len(self.text))
            return
        edges = [0, *self.boundaries, len(self.text)]
        windows: list[list[int]] = []
        for hit in self.hits:
            hit.sentence = bisect.bisect_right(self.boundaries, hit.start)
            first = bisect.bisect_right(self.boundaries, max(0, hit.start - _NEAR_BEFORE))
            last = bisect.bisect_right(self.boundaries, hit.end + _NEAR_AFTER)
            lo, hi = edges[first], edges[min(last + 1, len(edges) - 1)]
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        self.contexts = [hit for lo, hi in windows for hit in self._scan(_CONTEXT_SCANNER, lo, hi)]
        for hit in self.contexts:
            hit.sentence = bisect.bisect_right(self.boundaries, hit.start)

    def passage(self, hit: _Hit, limit: int = 240) -> str:
        """The sentence a phrase came from, trimmed around it if the sentence is long."""
        left = self.boundaries[hit.sentence - 1] if hit.sentence else 0
        right = (
            self.boundaries[hit.sentence] if hit.sentence < len(self.boundaries) else len(self.text)
        )
        sentence = self.text[left:right]
        if len(sentence) > limit:
            centre = (hit.start + hit.end) // 2 - left
            lo = max(0, min(centre - limit // 2, len(sentence) - limit))
            sentence = (
                ("…" if lo else "")
                + sentence[lo : lo + limit]
                + ("…" if lo + limit < len(sentence) else "")
            )
        return sentence.strip()
