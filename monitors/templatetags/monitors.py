"""Showing third-party text safely: escaped, with the phrases that decided relevance marked."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import relevance
from harvesting.text import safe_url
from monitors.models import reasons_from_json

register = template.Library()


@register.filter
def highlighted(text, reasons):
    """`text` escaped, with reason phrases in <mark>; `reasons` are stored dicts or Reasons."""
    if reasons and isinstance(next(iter(reasons)), dict):
        reasons = reasons_from_json(reasons)
    # relevance.highlight escapes everything it does not wrap in <mark>.
    return mark_safe(relevance.highlight(str(text or ""), reasons or []))  # noqa: S308


@register.filter
def highlighted_body(text, reasons):
    if reasons and isinstance(next(iter(reasons)), dict):
        reasons = reasons_from_json(reasons)
    return mark_safe(relevance.highlight(str(text or ""), reasons or [], field="body"))  # noqa: S308


@register.filter
def http_url(url):
    """The URL if it is http(s), else an empty string, so no other scheme becomes a link."""
    return safe_url(url) or ""


@register.filter
def topic_label(slug):
    return relevance.topic_label(slug)


@register.filter
def top_reasons(reasons, count=3):
    """The strongest reasons that counted for relevance, as stored dicts."""
    return [reason for reason in reasons or [] if reason.get("weight", 0) > 0][: int(count)]


@register.filter
def percent(score):
    return f"{round(float(score or 0) * 100)}%"


@register.filter
def marked_passage(reason):
    """A reason's passage, escaped, with its phrase marked (reasons are stored dicts)."""
    passage, phrase = reason.get("passage", ""), reason.get("phrase", "")
    start = passage.find(phrase) if phrase else -1
    if start < 0:
        return passage
    css = ' class="against"' if reason.get("weight", 0) < 0 else ""
    return format_html(
        "{}<mark{}>{}</mark>{}",
        passage[:start],
        mark_safe(css),  # noqa: S308  (a fixed attribute, not third-party text)
        phrase,
        passage[start + len(phrase) :],
    )


@register.filter
def matched_passages(reasons):
    """Each matched sentence once, with every phrase found in it marked, for "Why it matched".

    A sentence that holds several phrases is one reason per phrase in the stored reasons; shown
    one per phrase it repeated. Each entry: {"html", "field", "against", "why"}; the passage is
    escaped and only the marks are markup. `why` is `relevance.describe` for each of its
    reasons, so an officer sees why a phrase counted for, for little or against; reasons
    stored before rules were recorded have no sentence.
    """
    grouped: dict[tuple[str, str], list[dict]] = {}
    for reason in reasons or []:
        key = (reason.get("field", ""), reason.get("passage", "") or reason.get("phrase", ""))
        grouped.setdefault(key, []).append(reason)
    passages = []
    for (field, passage), found in grouped.items():
        spans = []
        for reason in found:
            phrase = reason.get("phrase", "")
            start = passage.lower().find(phrase.lower()) if phrase else -1
            if start >= 0:
                spans.append((start, start + len(phrase), reason.get("weight", 0) < 0))
        html, at = [], 0
        for start, end, against in sorted(spans):
            if start < at:
                continue  # overlapping phrases: the first one marked covers it
            css = ' class="against"' if against else ""
            html.append(
                format_html(
                    "{}<mark{}>{}</mark>",
                    passage[at:start],
                    mark_safe(css),  # noqa: S308  (a fixed attribute, not third-party text)
                    passage[start:end],
                )
            )
            at = end
        html.append(format_html("{}", passage[at:]))
        passages.append(
            {
                "html": mark_safe("".join(html)),  # noqa: S308  (each part escaped above)
                "field": field,
                "against": all(reason.get("weight", 0) < 0 for reason in found),
                "why": [
                    relevance.describe(reason) for reason in reasons_from_json(found) if reason.rule
                ],
            }
        )
    return passages
