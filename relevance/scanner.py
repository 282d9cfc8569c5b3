"""Finding the rules' phrases in text: every rule compiled into one pattern, applied once per
field, with the sentence boundaries that decide what counts as "near"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .rules import _CONTEXT, _NEAR_AFTER, _NEAR_BEFORE, _RULES, _Rule


def _outside_classes(pattern: str):
    """(index, character, group depth after it) for each unescaped character outside `[...]`."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
            yield index, char, depth
        index += 1


def _split_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|`."""
    parts, start = [], 0
    for index, char, depth in _outside_classes(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str) -> int:
    """Index just after the group that opens `pattern`."""
    for index, char, depth in _outside_classes(pattern):
        if char == ")" and depth == 0:
            return index + 1
    raise ValueError(f"unbalanced pattern: {pattern}")


def _literal_led(alternative: str) -> list[str]:
    """Rewrite an alternative that opens with a group into alternatives that open with a letter."""
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _group_end(alternative)
    inner, rest = alternative[3 : end - 1], alternative[end:]
    optional = rest.startswith("?")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{"):
        raise ValueError(f"a rule cannot open with a repeated group: {alternative}")
    led = [
        expanded
        for option in _split_alternatives(inner)
        for expanded in _literal_led(option + rest)
    ]
    return led + _literal_led(rest) if optional else led


# Characters after the first by which alternatives are grouped as well.
_GROUP_DEPTH = 1
# `\W` spelled for ASCII text. Python's regex engine tests `\W` with a Unicode lookup at every
# character, which was over half of a scan; on ASCII text this class matches exactly the same
# characters, about twice as fast.
_ASCII_NON_WORD = "[^0-9A-Za-z_]"


@dataclass(frozen=True)
class _Scanner:
    """The same rules compiled twice: for any text, and faster for ASCII text."""

    any_text: re.Pattern[str]
    ascii_text: re.Pattern[str]
    # The rule each group number stands for.
    rules: tuple[_Rule | None, ...]


def _literal_lead(alternative: str) -> str:
    """The alternative's first character if it is a letter or digit matched exactly once."""
    first, second = alternative[:1], alternative[1:2]
    return first if first.isalnum() and second not in ("?", "*", "+", "{") else ""


def _grouped(alternatives: list[str], depth: int) -> list[str]:
    """Alternatives grouped under their shared leading characters, `depth` characters deep.

    Alternatives under different leading characters cannot match at the same place, so grouping
    keeps which one matches; a group holding any alternative that does not open with a plain
    character is left in its order.
    """
    if depth == 0 or len(alternatives) < 2 or not all(map(_literal_lead, alternatives)):
        return alternatives
    by_lead: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_lead.setdefault(alternative[0], []).append(alternative[1:])
    grouped = []
    for lead, rests in by_lead.items():
        inner = _grouped(rests, depth - 1)
        grouped.append(f"{lead}(?:{'|'.join(inner)})" if len(inner) > 1 else lead + inner[0])
    return grouped


def _compile_scanner(rules: Sequence[_Rule], prefix: str) -> _Scanner:
    """One regex for every rule, with alternatives grouped by their first letters.

    Python's regex engine tries each alternative at each word; grouped under shared first
    letters it rejects a whole group with one comparison, which keeps a scan of 50,000 items
    cheap. An empty named group at the end of each alternative says which rule matched. The
    pattern is applied to the text with one space in front (see `_Field`).
    """
    by_letter: dict[str, list[str]] = {}
    others: list[str] = []
    owners: dict[str, _Rule] = {}
    for index, rule in enumerate(rules):
        alternatives = (
            led
            for alternative in _split_alternatives(rule.pattern)
            for led in _literal_led(alternative)
        )
        for number, alternative in enumerate(alternatives):
            group = f"{prefix}{index}_{number}"
            owners[group] = rule
            if _literal_lead(alternative):
                by_letter.setdefault(alternative[0], []).append(f"{alternative[1:]}(?P<{group}>)")
            else:
                others.append(f"{alternative}(?P<{group}>)")
    branches = [
        f"{letter}(?:{'|'.join(_grouped(alts, _GROUP_DEPTH))})"
        for letter, alts in by_letter.items()
    ]
    # Starting at the non-word character before a word lets the engine skip through words.
    rules_pattern = "|".join(branches + others)
    any_text = re.compile(rf"\W(?:{rules_pattern})\b")
    by_number = dict.fromkeys(range(any_text.groups + 1))
    by_number.update((number, owners[name]) for name, number in any_text.groupindex.items())
    scanner = _Scanner(
        any_text=any_text,
        ascii_text=re.compile(rf"{_ASCII_NON_WORD}(?:{rules_pattern})\b"),
        rules=tuple(by_number.values()),
    )
    return scanner


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

    __slots__ = ("name", "text", "padded", "ascii", "boundaries", "hits", "contexts")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.padded = _padded(text)
        # ASCII text (most) pads to ASCII; other text may fold to it too.
        self.ascii = text.isascii() or self.padded.isascii()
        # Filled in by scan_context(), for the fields that have evidence.
        self.boundaries: Sequence[int] = ()
        self.hits = self._scan(_SCANNER)
        self.contexts: Sequence[_Hit] = ()

    def _scan(self, scanner: _Scanner, start: int = 0, end: int | None = None) -> list[_Hit]:
        hits: list[_Hit] = []
        # Offsets in the padded text, less the pad, are offsets in the text; each match opens
        # with the character before its phrase.
        text = self.text
        stop = len(text) if end is None else end
        pattern = scanner.ascii_text if self.ascii else scanner.any_text
        rules = scanner.rules
        append = hits.append
        for match in pattern.finditer(self.padded, start, stop + 1):
            # The empty group closing each alternative is the last group a match closes.
            rule = rules[match.lastindex or 0]
            if rule is None:
                # Never so: each alternative closes with its rule's empty group, the last to close.
                continue
            first, last = match.start(), match.end() - 1
            if rule.acronym and not text[first:last].isupper():
                continue
            if rule.title_only and self.name != "title":
                continue
            if rule.names and not text[first:last].split(None, 1)[-1].istitle():
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
