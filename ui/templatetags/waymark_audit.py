from auditlog.models import LogEntry
from django import template

register = template.Library()


@register.simple_tag
def audit_entries(obj, limit=50):
    """The latest audit entries for one record, newest first, with their actors."""
    return list(LogEntry.objects.get_for_object(obj).select_related("actor")[:limit])
