"""Tags on records (stakeholders, evidence): one spelling, and one way to filter by a tag.

Tags are kept as one normalised, comma-separated text field, so a filter is a single
case-insensitive match on the field, on every database.
"""

import re

from django.db.models import Q


def normalise_tags(text):
    """'Police, APP ,police' -> 'app, police': lower case, unique, sorted, comma separated."""
    tags = {re.sub(r"\s+", " ", tag).strip().lower() for tag in (text or "").split(",")}
    return ", ".join(sorted(tag for tag in tags if tag))


def tag_filter(field, tag):
    """A Q matching records whose normalised tag list contains exactly this tag."""
    tag = normalise_tags(tag)
    if not tag:
        return Q()
    return Q(**{f"{field}__iregex": rf"(^|, ){re.escape(tag)}(,|$)"})
