"""Full-text search over evidence: SQLite FTS5 by default, PostgreSQL full-text search on it.

The index is kept in step explicitly: views call `reindex(item)` after they change an item or
its files, and deleting an item calls `unindex`. Searches always start from a queryset the
caller has already narrowed with `EvidenceItem.objects.visible_to(user)`, and join the index
to it, so a stale index entry can never reveal an item.

What every full-text search shares (reading the query, highlighting) is in `ui.fulltext`.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from evidence.models import EvidenceItem
from ui.fulltext import PG_CONFIG, START, STOP, fts5_query, mark, terms, ts_queries
from ui.fulltext import clean as _clean
from ui.fulltext import matching as fulltext_matching

PG_MAX_FILE_CHARS = 200_000  # a tsvector (two configurations) must stay under 1 MB
FALLBACK_FIELDS = ("title", "publisher", "summary", "key_findings", "quotable_lines", "files_text")


# At most this many matches are ranked: the most recently added of them. Ranking reads every
# ranked item's index entry, so ranking every match of a common word ("missing" is in every
# item) made a search slower the larger the library. A word that common says little about
# relevance anyway; the list says when the limit was reached, and sorting by title or date
# lists every match.
RANKED = 200  # eight pages of 25


def matching(queryset, query):
    """Items in `queryset` matching `query`, in the queryset's own order (nothing ranked)."""
    if not terms(query):
        return queryset
    condition = fulltext_matching(query, fts_table="evidence_search")
    if condition is None:
        condition = Q()
        for words, _ in terms(query):
            phrase = " ".join(words)
            condition &= Q(
                *[Q(**{f"{f}__icontains": phrase}) for f in FALLBACK_FIELDS], _connector=Q.OR
            )
    return queryset.filter(condition)


def search(queryset, query):
    """Items in `queryset` matching `query`, best first, annotated with `search_rank`.

    Only the `RANKED` most recently added matches are ranked (and so listed and counted):
    they are chosen from `queryset`, so from what the caller's filters and access rule let
    through, by the primary key's index; then only they are ranked.
    """
    if not terms(query):
        return queryset
    candidates = matching(queryset, query).order_by("-pk").values("pk")[:RANKED]
    ranked = queryset.filter(pk__in=candidates)
    if connection.vendor == "sqlite":
        # Join the FTS5 table (driven by MATCH) to the candidates, ranked by bm25 with
        # weights for title, publisher, summary, findings, quotes and file text. A correlated
        # subquery per row would re-run MATCH per item.
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        return ranked.extra(  # noqa: S610 - fixed SQL; the query text is a parameter
            tables=["evidence_search"],
            where=[f"evidence_search.rowid = {table}.id", "evidence_search MATCH %s"],
            params=[fts5_query(query)],
            select={"search_rank": "bm25(evidence_search, 10.0, 3.0, 5.0, 5.0, 4.0, 1.0)"},
        ).order_by("search_rank")
    if connection.vendor == "postgresql":
        ts = ts_queries(query)
        return ranked.annotate(search_rank=-SearchRank(F("search_vector"), ts)).order_by(
            "search_rank"
        )
    return ranked


def snippets(items, query):
    """{item id: safe HTML snippet with <mark>ed matches} for a page of items."""
    ids = [item.pk for item in items]
    if not ids or not terms(query):
        return {}
    if connection.vendor == "sqlite":
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            sql = (
                "SELECT rowid, snippet(evidence_search, -1, char(2), char(3), '…', 28) "
                "FROM evidence_search WHERE evidence_search MATCH %s AND rowid IN ("
                + placeholders
                + ")"
            )
            cursor.execute(sql, [fts5_query(query), *ids])
            raw = dict(cursor.fetchall())
    elif connection.vendor == "postgresql":
        # Highlight words as written (simple configuration), each typed word as a prefix.
        ts = SearchQuery(
            " & ".join(
                "(" + " <-> ".join(f"'{w}'" + ("" if phrase else ":*") for w in words) + ")"
                for words, phrase in terms(query)
            ),
            search_type="raw",
            config="simple",
        )
        document = Concat(
            "summary",
            Value(" \n"),
            "key_findings",
            Value(" \n"),
            "quotable_lines",
            Value(" \n"),
            "files_text",
            output_field=TextField(),
        )
        raw = dict(
            EvidenceItem.objects.filter(pk__in=ids)
            .annotate(
                headline=SearchHeadline(
                    document,
                    ts,
                    config="simple",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "headline")
        )
    else:
        raw = {}
    return {pk: mark(text) for pk, text in raw.items() if text and START in text}


def reindex(item):
    """Bring the search index up to date with an item and its files' extracted text."""
    files_text = _clean(
        "\n\n".join(text for text in item.files.values_list("extracted_text", flat=True) if text)
    )
    EvidenceItem.objects.filter(pk=item.pk).update(files_text=files_text)
    item.files_text = files_text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM evidence_search WHERE rowid = %s", [item.pk])
            cursor.execute(
                "INSERT INTO evidence_search "
                "(rowid, title, publisher, summary, findings, quotes, files_text) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    item.pk,
                    _clean(item.title),
                    _clean(item.publisher),
                    _clean(item.summary),
                    _clean(item.key_findings),
                    _clean(item.quotable_lines),
                    _clean(files_text),
                ],
            )
    elif connection.vendor == "postgresql":
        text = Value(files_text[:PG_MAX_FILE_CHARS])
        vector = None
        for config in (PG_CONFIG, "simple"):
            part = (
                SearchVector("title", weight="A", config=config)
                + SearchVector(
                    "summary", "key_findings", "quotable_lines", weight="B", config=config
                )
                + SearchVector("publisher", weight="C", config=config)
                + SearchVector(text, weight="D", config=config)
            )
            vector = part if vector is None else vector + part
        EvidenceItem.objects.filter(pk=item.pk).update(search_vector=vector)


def unindex(pk):
    if connection.vendor == "sqlite" and pk is not None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM evidence_search WHERE rowid = %s", [pk])


def reindex_all():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM evidence_search")
    count = 0
    for item in EvidenceItem.objects.all().iterator():
        reindex(item)
        count += 1
    return count
