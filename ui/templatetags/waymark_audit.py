from auditlog.models import LogEntry
from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.simple_tag
def audit_entries(obj, limit=50):
    """The latest audit entries for one record, newest first, with their actors."""
    # The content type is read by every update entry (its sentences name the fields).
    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
    return list(entries[:limit])


M2M_VERBS = {"add": "Added", "delete": "Removed", "clear": "Removed all"}


@register.filter
def change_sentences(entry):
    """An audit entry's changes as sentences an auditor reads: "Status: Made → Acknowledged",
    "Added aim A2: …". Many-to-many changes become added/removed sentences (auditlog keeps them
    as a {type, operation, objects} record, which its display dict shows as "type → operation"),
    and a change whose two sides read the same is left out.
    """
    model = entry.content_type.model_class()
    displayed = entry.changes_display_dict
    sentences = []
    for name, values in entry.changes_dict.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(getattr(field, "verbose_name", name))
        if isinstance(values, dict) and values.get("type") == "m2m":
            objects = values.get("objects") or []
            if len(objects) == 1 and label.endswith("s"):
                label = label[:-1]
            verb = M2M_VERBS.get(values.get("operation"), "Changed")
            if values.get("operation") == "clear":
                sentences.append(f"{verb} {label}")
            else:
                sentences.append(f"{verb} {label} {', '.join(str(o) for o in objects)}")
            continue
        before, after = displayed.get(label, values)[:2] if len(values) >= 2 else ("", "")
        if str(before) == str(after):
            continue
        sentences.append(f"{label[:1].upper()}{label[1:]}: {_shown(before)} → {_shown(after)}")
    return sentences


def _shown(value):
    value = str(value)
    if value in ("None", ""):
        return "(none)"
    return value if len(value) <= 80 else f"{value[:79]}…"
