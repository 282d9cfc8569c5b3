"""Openings as JSON or CSV rows, the same from the command line and from the browser."""

from __future__ import annotations

import datetime

from django.utils import timezone

from monitors.models import Opening

COLUMNS = ["source", "title", "url", "published", "score", "topics", "lever", "status", "reasons"]


def openings_since(since: datetime.date | None = None, queryset=None):
    openings = (queryset if queryset is not None else Opening.objects.all()).for_export()
    if since is not None:
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
        openings = openings.since(start)
    return openings.order_by("created_at", "pk")


def as_record(opening: Opening) -> dict:
    """One opening with the exported keys; `published` is ISO 8601, `score` 0 to 1."""
    lever = opening.get_lever_type_display() if opening.lever_type else ""
    if opening.lever_id and not lever:
        lever = opening.lever.text
    return {
        "source": opening.source.name if opening.source else "",
        "title": opening.title,
        "url": opening.url,
        "published": opening.published.isoformat() if opening.published else None,
        "score": round(opening.score, 4),
        "topics": list(opening.topics),
        "lever": lever,
        "status": opening.status,
        "reasons": [
            {"phrase": reason.get("phrase", ""), "passage": reason.get("passage", "")}
            for reason in opening.reasons
            if reason.get("weight", 0) > 0
        ],
    }


def as_csv_columns() -> list:
    """(header, function of a record) pairs for ui.spreadsheet.csv_response."""

    def cell(key):
        def get(record):
            value = record[key]
            if key == "topics":
                return "; ".join(value)
            if key == "reasons":
                return "; ".join(reason["phrase"] for reason in value)
            return "" if value is None else value

        return get

    return [(key, cell(key)) for key in COLUMNS]
