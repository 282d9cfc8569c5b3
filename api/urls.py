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

# The schema and the docs page are pages of the site, for people signed in, as is ninja's base
# address (always 404). Every other API address answers a missing or bad token with a JSON 401
# itself, never a sign-in redirect.
SITE_PAGES = {"openapi-json", "openapi-view", "api-root"}
# The API's writes, marked like `edit_required` views so the permission walk finds them.
WRITES = {"opening_triage", "ask_status"}


def api_patterns():
    patterns, app, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in SITE_PAGES:
            login_not_required(pattern.callback)
            pattern.callback.waymark_writes = pattern.name in WRITES
    return patterns, app
