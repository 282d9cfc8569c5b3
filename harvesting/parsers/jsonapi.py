"""Reading JSON API responses and following their skip/take paging."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..text import decode_text
from .base import ParseError

DEFAULT_MAX_PAGES = 10


def _describe(data: object) -> str:
    if isinstance(data, dict):
        keys = ", ".join(repr(key) for key in list(data)[:5]) or "no keys"
        return f"a JSON object with {keys}"
    if isinstance(data, list):
        return "a JSON list"
    return f"a JSON {type(data).__name__}"


def load_json(body: bytes, *, source: str, options: dict) -> object:
    """Decode a JSON payload, explaining in plain words when it is not JSON at all."""
    text = decode_text(body, options.get("content_type")).strip()
    if not text:
        raise ParseError(f"The {source} sent an empty response.")
    if text.startswith("<"):
        kind = "HTML" if re.match(r"<(!doctype\s+html|html|head|body)", text, re.I) else "XML"
        raise ParseError(
            f"Expected JSON from the {source}, got {kind}. The service may be down, changed "
            "or blocking Waymark."
        )
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"The {source} sent something that is not valid JSON.") from error


def load_envelope(body: bytes, *, source: str, keys: tuple[str, ...], options: dict) -> dict:
    """A JSON object holding at least one of `keys`, or a ParseError naming what came instead."""
    data = load_json(body, source=source, options=options)
    if not isinstance(data, dict) or not any(key in data for key in keys):
        wanted = " or ".join(repr(key) for key in keys)
        raise ParseError(
            f"Expected a JSON object with {wanted} from the {source}, got {_describe(data)}."
        )
    return data


def list_of(data: dict, key: str, *, source: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"Expected {key!r} to be a list in the {source} response.")
    return value


def next_page_url(
    url: str,
    *,
    skip_param: str,
    take_param: str,
    total: object,
    returned: int,
    options: dict,
) -> str | None:
    """The URL of the next page, or None when the results or `options["max_pages"]` run out.

    The next page starts after the results this page actually returned, not after the `take`
    asked for: APIs cap their page size, and stepping by `take` would skip what they held
    back. Paging stops at the total the API reports.
    """
    if not returned or not isinstance(total, int):
        return None
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = {name.lower(): name for name, _ in query}
    values = {name.lower(): value for name, value in query}
    try:
        skip = int(values.get(skip_param.lower(), 0))
    except ValueError:
        return None
    if skip + returned >= total:
        return None
    if skip // returned + 1 >= int(options.get("max_pages", DEFAULT_MAX_PAGES)):
        return None
    skip_name = names.get(skip_param.lower(), skip_param)
    query = [(name, value) for name, value in query if name.lower() != skip_param.lower()]
    query.append((skip_name, str(skip + returned)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def windowed_url(url: str, *, param: str, days: int, today) -> str:
    """`url` asking for what was dated in the last `days` days: `param` set to the first day.

    For APIs whose own search is narrower than the relevance filter (the EDM API's search
    matches titles only), a source reads everything in the window and the filter decides.
    """
    parts = urlsplit(url)
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() != param.lower()
    ]
    query.append((param, (today - datetime.timedelta(days=days)).isoformat()))
    return urlunsplit(parts._replace(query=urlencode(query)))
