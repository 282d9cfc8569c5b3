"""The shape every list page shares: a FilterSet, sorting, pagination and an htmx fragment."""

from django.core.paginator import Paginator
from django.shortcuts import render

PAGE_SIZE = 25


def render_list(request, filterset, *, template, results_template, context=None, page_size=None):
    """Render the whole page, or only the results fragment when htmx asks for it."""
    page = Paginator(filterset.qs, page_size or PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "filter": filterset,
        "page": page,
        "object_list": page.object_list,
        "query_without_page": query.urlencode(),
        "results_template": results_template,
        **(context or {}),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, results_template, ctx)
    return render(request, template, ctx)
