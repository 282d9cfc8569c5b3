"""Walks every URL Waymark serves and proves read-only roles cannot change anything."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alerts import actions
from alerts.models import Subscription
from stakeholders.models import ImportBatch
from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db
User = get_user_model()

# Views any signed-in user may post to: they change only the user's own session or settings.
SELF_SERVICE = {"accounts:login", "accounts:logout", "accounts:password_change", "alerts:settings"}
# One-click links from emails: the signed token in the address is the credential, so they work
# without signing in (tests/alerts/test_email_links.py covers what they may and may not do).
TOKEN_LINKS = {"alerts:action", "alerts:unsubscribe"}
# Public doors that take no token either: browsers post Content-Security-Policy violation reports
# without cookies (tests/test_content_security_policy.py shows what anyone can do with it).
PUBLIC_DOORS = {"csp_report"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner.strip(":"))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def every_url(objects_by_namespace):
    """Reverse every named URL, filling <pk> with a real object of the right app."""
    urls = []
    for name, pattern in walk(get_resolver().url_patterns):
        converters = pattern.pattern.converters
        if not converters:
            urls.append((name, pattern, reverse(name)))
            continue
        value = objects_by_namespace.resolve(name)
        kwargs = value if isinstance(value, dict) else {"pk": value}
        urls.append((name, pattern, reverse(name, kwargs=kwargs)))
    return urls


class Objects:
    def __init__(self):
        ask = builders.ask()
        self.by_prefix = {
            "campaigns:ask": ask.pk,
            "campaigns:consultation": builders.consultation(
                response_document=ContentFile(b"Our response", name="response.txt")
            ).pk,
            "campaigns:campaign": ask.campaign.pk,
            "strategy:element": Element.objects.first().pk,
            "stakeholders:person": builders.person().pk,
            "stakeholders:organisation": builders.organisation().pk,
            "stakeholders:area": builders.local_area().pk,
            "stakeholders:interaction": builders.interaction(summary="Met").pk,
            "stakeholders:import": ImportBatch.objects.create(
                kind="people", filename="people.csv", owner=User.objects.create(username="imp")
            ).pk,
            "evidence:item": (evidence := builders.evidence_item(confidentiality="public")).pk,
            "evidence:file": builders.evidence_file(evidence).pk,
            "strategy:delivery": builders.delivery().pk,
            "dashboards:rate_person": builders.person().pk,
            "dashboards:rate_organisation": builders.organisation().pk,
        }
        opening = builders.opening()
        self.by_prefix["monitors:opening"] = opening.pk
        self.by_prefix["monitors:source"] = opening.source.pk
        self.by_prefix["monitors:run"] = opening.source.runs.create().pk
        subscriber = User.objects.create(username="subscriber", email="subscriber@example.org")
        subscription = Subscription.objects.create(user=subscriber, frequency="daily")
        self.by_prefix["alerts:subscription_for"] = {"user_id": subscriber.pk}
        self.by_prefix["alerts:digest"] = subscription.digests.create(kind="daily", period="p").pk
        self.by_prefix["alerts:action"] = {
            "token": actions.action_token(subscriber, opening, actions.ASSIGN)
        }
        self.by_prefix["alerts:unsubscribe"] = {"token": actions.unsubscribe_token(subscription)}

    def resolve(self, name):
        for prefix, pk in sorted(self.by_prefix.items(), key=lambda kv: -len(kv[0])):
            if name.startswith(prefix):
                return pk
        raise AssertionError(f"No object to fill {name}: add one to tests/test_permissions.py")


def writes(pattern):
    return getattr(pattern.callback, "waymark_writes", False)


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_read_only_roles_get_403_on_every_write(role, request, client):
    user = request.getfixturevalue(role)
    client.force_login(user)
    checked = 0
    for name, pattern, url in every_url(Objects()):
        if name in SELF_SERVICE or name in TOKEN_LINKS or name in PUBLIC_DOORS:
            continue
        response = client.post(url, {}, headers={"HX-Request": "true"})
        assert response.status_code in (403, 405), (
            f"POST {url} ({name}) gave {response.status_code}"
        )
        if writes(pattern):
            status = client.get(url).status_code
            assert status in (403, 405), f"GET {url} ({name}) is not refused"
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("role", ["leader", "staff_member", "officer"])
def test_every_page_reads_for_every_role(role, request, client):
    user = request.getfixturevalue(role)
    client.force_login(user)
    for name, pattern, url in every_url(Objects()):
        if writes(pattern) or name in SELF_SERVICE or name in PUBLIC_DOORS:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} ({name}) gave {response.status_code}"


def test_every_page_needs_a_login(client):
    for name, _pattern, url in every_url(Objects()):
        if name == "accounts:login" or name in TOKEN_LINKS:
            continue
        response = client.get(url)
        assert response.status_code in (302, 405), f"GET {url} ({name}) is open"
        if response.status_code == 302:
            assert response.url.startswith(reverse("accounts:login"))


def test_every_write_view_is_marked_so_this_walk_covers_it():
    """A view that changes data without edit_required would slip past the checks above."""
    unmarked = []
    for name, pattern, _ in every_url_names():
        view = pattern.callback
        module = getattr(view, "__module__", "")
        words = set(re.split(r"[:_]", name))
        changes_data = bool(words & {"create", "edit", "delete", "status", "response"})
        if changes_data and not writes(pattern) and not module.startswith("django."):
            unmarked.append(name)
    assert unmarked == []


def every_url_names():
    for name, pattern in walk(get_resolver().url_patterns):
        yield name, pattern, None
