"""Why an opening matched, as the sentence that made it relevant (escaped, phrase highlighted)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# The relevance scanner already trims a long sentence to about 240 characters around its
# phrase; this only guards against a stored passage from an older or different layout.
SNIPPET_LENGTH = 320


def _best_reason(opening):
    """The strongest reason from the text or a linked document, the title only when there is
    none: a title phrase ("Missing Persons") says less than the sentence it came from."""
    reasons = [r for r in opening.reason_objects() if r.weight > 0 and (r.passage or r.phrase)]
    return max(reasons, key=lambda r: (r.field != "title", r.weight), default=None)


def _passage(reason):
    text = " ".join((reason.passage or reason.phrase).split())
    return text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1].rstrip() + "…"


@register.simple_tag
def reason_snippet(opening):
    """HTML: the deciding passage with its phrase in <mark>; everything else escaped."""
    reason = _best_reason(opening)
    if reason is None:
        return ""
    escaped = escape(_passage(reason))
    phrase = escape(" ".join(reason.phrase.split()))
    if phrase:
        escaped = re.sub(
            re.escape(phrase),
            lambda match: f"<mark>{match.group(0)}</mark>",
            escaped,
            count=1,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308  built from escaped text only


@register.simple_tag
def reason_text(opening):
    """Plain text: the deciding passage with its phrase between asterisks."""
    reason = _best_reason(opening)
    if reason is None:
        return ""
    passage = _passage(reason)
    phrase = " ".join(reason.phrase.split())
    if phrase:
        passage = re.sub(
            re.escape(phrase), lambda m: f"*{m.group(0)}*", passage, count=1, flags=re.IGNORECASE
        )
    return passage
