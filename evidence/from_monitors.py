"""Saving a document the monitors found as an evidence item.

Monitors sit above evidence and call down into this with plain values; evidence decides how a
found document is recorded: the passages about missing people quoted with their pages.
"""

from django.db import transaction

from evidence.models import EvidenceItem


def quoted_findings(passages) -> str:
    """One line a passage, each with its page when the document has pages."""
    return "\n".join(
        f"p. {passage['page']}: {passage['text']}" if passage.get("page") else passage["text"]
        for passage in passages
        if passage.get("text")
    )


@transaction.atomic
def save_found_document(
    *,
    title,
    kind,
    publisher,
    published_on,
    url,
    summary,
    passages,
    created_by,
    campaigns=(),
    asks=(),
) -> EvidenceItem:
    """An evidence item quoting the passages about missing people, linked to what it serves."""
    evidence = EvidenceItem.objects.create(
        title=title[:300],
        kind=kind,
        publisher=publisher[:200],
        published_on=published_on,
        url=url[:500],
        summary=summary,
        key_findings=quoted_findings(passages),
        created_by=created_by,
    )
    evidence.campaigns.set(campaigns)
    evidence.asks.set(asks)
    return evidence
