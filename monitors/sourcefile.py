"""The `monitors.toml` format: `[[source]]` entries read, checked and applied as one.

The file's `[[subscription]]` and `[[channel]]` entries are alert set-up, read by alerts' own
code (`alerts.subscriptions_file.import_file`), which applies the whole file in one transaction.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import editors
from harvesting.parsers import PARSERS
from harvesting.text import safe_url
from monitors.forms import SourceForm, parse_interval
from monitors.models import LeverType, Source

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "monitors.toml"
# An entry sets what an administrator can set on the source's form, under the same names.
_KNOWN_KEYS = frozenset(SourceForm.Meta.fields)


class SourceFileError(ValueError):
    """The file cannot be applied; the message names the entry at fault."""


@dataclass
class Applied:
    created: list[str]
    updated: list[str]


def _entry_error(index: int, entry: dict, message: str) -> SourceFileError:
    name = entry.get("name") if isinstance(entry, dict) else None
    label = f"[[source]] number {index}" + (f" ({name!r})" if name else "")
    return SourceFileError(f"{label}: {message}")


def read_sources(text: str) -> list[dict]:
    """Checked field values for every `[[source]]`, or SourceFileError for the first bad one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceFileError(f"The file is not valid TOML: {error}.") from error
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourceFileError("`source` must be written as [[source]] entries.")
    # A source's owner is an officer or administrator, as the source form offers.
    users = editors(get_user_model().objects.all())
    specs, names = [], set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise _entry_error(index, {}, "is not a table.")
        unknown = set(entry) - _KNOWN_KEYS
        if unknown:
            raise _entry_error(index, entry, f"unknown key(s) {', '.join(sorted(unknown))}.")
        for key in ("name", "kind", "url", "every"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise _entry_error(index, entry, f"`{key}` is required and must be text.")
        name = entry["name"].strip()
        if name in names:
            raise _entry_error(index, entry, "the same name is used twice in this file.")
        names.add(name)
        if entry["kind"] not in PARSERS:
            raise _entry_error(
                index, entry, f"unknown kind {entry['kind']!r}; use one of {', '.join(PARSERS)}."
            )
        if safe_url(entry["url"]) is None:
            raise _entry_error(index, entry, f"{entry['url']!r} is not an http(s) address.")
        try:
            every = parse_interval(entry["every"])
        except ValueError as error:
            raise _entry_error(index, entry, str(error)) from None
        options = entry.get("options", {})
        if not isinstance(options, dict):
            raise _entry_error(index, entry, "`options` must be a table ([source.options]).")
        if entry["kind"] == "html" and not (options.get("item") and options.get("title")):
            raise _entry_error(index, entry, "a listing page needs `item` and `title` options.")
        enabled = entry.get("enabled", True)
        follow = entry.get("follow_documents", False)
        if not isinstance(enabled, bool) or not isinstance(follow, bool):
            raise _entry_error(index, entry, "`enabled` and `follow_documents` are true or false.")
        lever_type = entry.get("lever_type", "")
        if lever_type and lever_type not in LeverType.values:
            raise _entry_error(
                index,
                entry,
                f"unknown lever_type {lever_type!r}; use {', '.join(LeverType.values)}.",
            )
        backfill = entry.get("backfill_days", 30)
        if not isinstance(backfill, int) or not 0 <= backfill <= 3650:
            raise _entry_error(index, entry, "`backfill_days` must be a whole number of days.")
        spec = {
            "name": name,
            "kind": entry["kind"],
            "url": entry["url"].strip(),
            "every": every,
            "enabled": enabled,
            "options": options,
            "lever_type": lever_type,
            "backfill_days": backfill,
            "follow_documents": follow,
        }
        if "owner" in entry:
            owner = users.filter(username=entry["owner"]).first()
            if owner is None:
                raise _entry_error(
                    index, entry, f"no officer or administrator called {entry['owner']!r}."
                )
            spec["owner"] = owner
        specs.append(spec)
    return specs


@transaction.atomic
def apply_sources(specs: list[dict]) -> Applied:
    """Create or update each source by name. Scheduling state and history are kept."""
    applied = Applied(created=[], updated=[])
    for spec in specs:
        fields = {key: value for key, value in spec.items() if key != "name"}
        _, created = Source.objects.update_or_create(name=spec["name"], defaults=fields)
        (applied.created if created else applied.updated).append(spec["name"])
    return applied


def read_file(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceFileError(f"Cannot read {path}: {error}.") from error
