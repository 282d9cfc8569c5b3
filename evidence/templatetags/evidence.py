from django import template

from evidence import search
from evidence.models import EvidenceItem

register = template.Library()


@register.simple_tag
def attach_snippets(items, query):
    """Give each item on a page a `snippet` of where it matched, in one query for the page."""
    items = list(items)
    found = search.snippets(items, query) if query else {}
    for item in items:
        item.snippet = found.get(item.pk, "")
    return ""


@register.simple_tag(takes_context=True)
def evidence_for(context, related_manager):
    """The evidence linked to an ask, campaign or outcome that this user may see."""
    user = context["request"].user
    visible = EvidenceItem.objects.visible_to(user).values("pk")
    return list(related_manager.filter(pk__in=visible))
