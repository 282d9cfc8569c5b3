"""Two sets of addresses: the JSON API (token doors) and the token pages of a person's account."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from api import views
from api.endpoints import api

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("create/", views.token_create, name="create"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]

# The schema and the docs page are pages of the site, for people signed in. Every other API
# address answers a missing or bad token with a JSON 401 itself, never a sign-in redirect.
DOCS_PAGES = {"openapi-json", "openapi-view"}


def api_patterns():
    patterns, app, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in DOCS_PAGES:
            login_not_required(pattern.callback)
    return patterns, app
