"""Paging the API's lists: by cursor for scripts that read everything, by page number for those
that already do.

Page numbers cost more the deeper they go: the database counts its way past every earlier
record (`OFFSET`). A cursor says where the last page ended (the values of the list's ordering
fields on its last record, the id last so that it is unique), and the next page starts after
that point with a `WHERE`, which costs the same at record 20 or 20,000. Every answer carries
`next`, the address of the following page by cursor, so a client that follows it never pays
for depth. Page numbers keep working as before.

django-ninja's own `CursorPagination` positions on the first ordering field alone and steps
over ties with an offset, drops `count` and names the list `results`: it would break the
clients that read `items` and `count`, and its offset grows on lists ordered by a repeated
value (a campaign title, a date). So this is a small paginator of our own on ninja's base.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_SALT = "waymark.api.cursor"


def _field_error(field: str, message: str) -> dict:
    return {"type": "value_error", "loc": ["query", field], "msg": message}


class Pages(PaginationBase):
    """`?cursor=...` (from `next`) or `?page=N`, with `page_size=M` (at most 200); answers
    `{"items": [...], "count": total, "next": address of the next page or null}`.

    `ordering` is the list's order, its last field the unique id; fields named in `nullable`
    may be empty and sort after every value, on every database.
    """

    class Input(Schema):
        cursor: str | None = Field(
            None, description="Where the last page ended: take it from that page's `next`."
        )
        page: int | None = Field(
            None, ge=1, description="A page number (from 1); `next` is quicker for deep pages."
        )
        page_size: int | None = Field(None, ge=1, description="At most 200; more gives 200.")

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(
            description="The next page's address (by cursor), or null on the last page."
        )

    def __init__(self, *, ordering: tuple[str, ...], nullable: tuple[str, ...] = (), **kwargs):
        if ordering[-1].lstrip("-") not in ("pk", "id"):
            raise ValueError("A cursor needs a unique last ordering field: end with the id.")
        self.fields = [(name.lstrip("-"), name.startswith("-")) for name in ordering]
        self.nullable = set(nullable)
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict:
        if pagination.cursor is not None and pagination.page is not None:
            raise ValidationError([_field_error("page", "Send a cursor or a page, not both.")])
        size = min(pagination.page_size or PAGE_SIZE, MAX_PAGE_SIZE)
        ordered = queryset.order_by(
            *(
                F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
                for name, descending in self.fields
            )
        )
        count = ordered.count()
        if pagination.cursor is not None:
            rows = list(ordered.filter(self._after(self._decode(pagination.cursor)))[: size + 1])
            items, more = rows[:size], len(rows) > size
        else:
            start = ((pagination.page or 1) - 1) * size
            items = list(ordered[start : start + size])
            more = start + len(items) < count
        return {
            "items": items,
            "count": count,
            "next": self._next_address(request, items[-1]) if more and items else None,
        }

    # The cursor: the ordering values of the last record shown, signed so that it is opaque
    # and a changed or foreign one is refused rather than read.

    def _values(self, record) -> list:
        values = []
        for name, _ in self.fields:
            value = record
            for part in name.split("__"):
                value = getattr(value, part) if value is not None else None
            if isinstance(value, datetime.date | datetime.datetime):
                value = value.isoformat()
            values.append(value)
        return values

    def _key(self) -> list[str]:
        return [("-" if descending else "") + name for name, descending in self.fields]

    def _encode(self, record) -> str:
        return signing.dumps({"o": self._key(), "v": self._values(record)}, salt=_SALT)

    def _decode(self, cursor: str) -> list:
        try:
            data = signing.loads(cursor, salt=_SALT)
        except signing.BadSignature:
            data = None
        if not isinstance(data, dict) or data.get("o") != self._key():
            raise ValidationError(
                [_field_error("cursor", "This cursor is not one this list gave out.")]
            )
        return data["v"]

    def _after(self, values: list) -> Q:
        """Records after the one with these ordering values: for some field, equal on every
        field before it and past it on that one (empty values sort last)."""
        after = Q(pk__in=[])
        equal = Q()
        for (name, descending), value in zip(self.fields, values, strict=True):
            if value is not None:
                past = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
                if name in self.nullable:
                    past |= Q(**{f"{name}__isnull": True})
                after |= equal & past
                equal &= Q(**{name: value})
            else:
                # Nothing sorts after an empty value but other empty values.
                equal &= Q(**{f"{name}__isnull": True})
        return after

    def _next_address(self, request: HttpRequest, last) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        query["cursor"] = self._encode(last)
        return request.build_absolute_uri("?" + query.urlencode())
