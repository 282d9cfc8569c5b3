"""What a new opening looks like in Slack, Microsoft Teams and a generic webhook.

Titles and summaries are third-party text (question headings, feed entries), so each format
escapes them its own way: Slack's mrkdwn control characters, Markdown in an Adaptive Card, and
nothing to do for JSON, where the serializer quotes everything.

Teams gets an Adaptive Card message, not the older MessageCard: Microsoft is retiring the
Office 365 connectors MessageCard was made for, and the Workflows ("Post to a channel when a
webhook request is received") webhooks that replace them take Adaptive Cards.
"""

import json
import re

from django.conf import settings

from relevance import topic_label

SUMMARY_LIMIT = 500
# The generic webhook's payload version; a breaking change gets a new one.
WEBHOOK_SCHEMA = "waymark.opening.v1"


def _shorten(text, limit=SUMMARY_LIMIT):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slack_escape(text):
    """Slack mrkdwn: only &, < and > are control characters, escaped as HTML entities."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def teams_escape(text):
    """Adaptive Card TextBlocks read a subset of Markdown; backslash-escape its characters."""
    return _MARKDOWN.sub(r"\\\1", text or "")


def facts_of(opening):
    item = opening.item
    return {
        "id": opening.pk,
        "title": item.title,
        "summary": _shorten(item.summary),
        "url": settings.SITE_URL + opening.get_absolute_url(),
        "source_url": item.url,
        "source": opening.source.name if opening.source else "",
        "lever_type": opening.lever_type or "",
        "lever": opening.get_lever_type_display() if opening.lever_type else "",
        "topics": list(opening.topics or []),
        "score": round(opening.score or 0.0, 2),
        "status": opening.status,
        "found_at": opening.created_at.isoformat(),
        "published": item.published.isoformat() if item.published else None,
        "deadline": item.deadline.isoformat() if item.deadline else None,
    }


def _context_line(facts):
    parts = [facts["source"], facts["lever"], ", ".join(map(topic_label, facts["topics"]))]
    return " · ".join(part for part in parts if part) + f" · score {facts['score']:.2f}"


def slack(facts, delivery_id):
    title, summary = slack_escape(facts["title"]), slack_escape(facts["summary"])
    text = f"New opening: <{facts['url']}|{title}>"
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*<{facts['url']}|{title}>*"}},
    ]
    if summary:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": summary}})
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": slack_escape(_context_line(facts))}],
        }
    )
    return {"text": text, "blocks": blocks}


def teams(facts, delivery_id):
    body = [
        {
            "type": "TextBlock",
            "text": teams_escape(facts["title"]),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        }
    ]
    if facts["summary"]:
        body.append({"type": "TextBlock", "text": teams_escape(facts["summary"]), "wrap": True})
    body.append(
        {
            "type": "TextBlock",
            "text": teams_escape(_context_line(facts)),
            "isSubtle": True,
            "wrap": True,
            "size": "Small",
        }
    )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": "Open in Waymark", "url": facts["url"]}],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def webhook(facts, delivery_id):
    return {
        "schema": WEBHOOK_SCHEMA,
        "event": "opening.created",
        "delivery": delivery_id,
        "opening": facts,
    }


BUILDERS = {"slack": slack, "teams": teams, "webhook": webhook}


def payload(kind, opening, delivery_id):
    """The JSON bytes to post for one opening to a channel of this kind."""
    message = BUILDERS[kind](facts_of(opening), delivery_id)
    return json.dumps(message, ensure_ascii=False).encode("utf-8")
