"""Walks every URL Waymark serves and proves read-only roles cannot change anything."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alerts import actions
from alerts.models import Channel, Subscription
from api.models import ApiToken
from feeds.models import PrivateFeed
from monitors.models import Opening
from stakeholders.models import ImportBatch
from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db
User = get_user_model()

# Views any signed-in user may post to: they change only the user's own session or settings.
SELF_SERVICE = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "alerts:settings",
    # A person's own private feed addresses (feeds.views fetches only the person's own).
    "feeds:add",
    "feeds:calendar_add",
    "feeds:new_secret",
    "feeds:revoke",
    # Following a person changes only what the follower is sent.
    "alerts:follow",
    "alerts:unfollow",
    # A person's own API tokens (tests/api/test_tokens.py: nobody reaches anyone else's).
    "api_tokens:list",
    "api_tokens:create",
    "api_tokens:revoke",
}
# One-click links from emails: the signed token in the address is the credential, so they work
# without signing in. The cases at the end of this module prove what a stranger, a read-only
# member and an officer can do through each (tests/alerts/test_email_action_roles.py has more).
TOKEN_LINKS = {"alerts:action", "alerts:unsubscribe"}
# Deliberately public: the health check for uptime monitors shows no data and no secrets
# (tests/health/test_healthz.py checks what a stranger sees), and browsers post
# Content-Security-Policy violation reports without cookies (tests/test_content_security_policy.py
# shows what anyone can do with it).
PUBLIC_DOORS = {"healthz", "csp_report"}
# The JSON API: a personal access token in the Authorization header is the credential, never a
# session, so these answer 401 rather than redirecting to sign-in. The API cases at the end of this
# module walk every one of them (tests/api/ has the rest).
# The schema and docs page are pages of the site; django-ninja's base address is always 404.
API_BASE = "api:api-root"
API_SITE_PAGES = {"api:openapi-json", "api:openapi-view", API_BASE}


def is_api_door(name):
    return name.startswith("api:") and name not in API_SITE_PAGES


# Every door reachable without a session. There are no feeds or other public pages.
NO_SESSION_DOORS = {"accounts:login"} | TOKEN_LINKS | PUBLIC_DOORS

# ...but for private feeds: feed readers and calendar apps cannot sign in, so the secret in the
# address is the credential; read-only, and only what the secret's owner may see (cases below).
FEED_DOORS = {"feeds:openings", "feeds:calendar"}
NO_SESSION_DOORS |= FEED_DOORS


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
            "evidence:cite_feedback": Element.objects.first().pk,
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
            "api:campaign": ask.campaign.pk,
            "api:ask": ask.pk,
            "api:consultation": builders.consultation().pk,
            "api:person": builders.person().pk,
            "api:organisation": builders.organisation().pk,
            "api:interaction": builders.interaction(summary="Called").pk,
            "api:evidence_item": evidence.pk,
            "api:area": builders.local_area().pk,
        }
        opening = builders.opening()
        self.by_prefix["monitors:opening"] = opening.pk
        self.by_prefix["monitors:source"] = opening.source.pk
        self.by_prefix["monitors:run"] = opening.source.runs.create().pk
        self.by_prefix["api:opening"] = opening.pk
        subscriber = User.objects.create(username="subscriber", email="subscriber@example.org")
        self.by_prefix["api_tokens:revoke"] = ApiToken.issue(subscriber, "script")[0].pk
        subscription = Subscription.objects.create(user=subscriber, frequency="daily")
        self.by_prefix["alerts:subscription_for"] = {"user_id": subscriber.pk}
        member = builders.person(name="Followed member", parliament_member_id=4514)
        self.by_prefix["alerts:follow"] = member.pk
        self.by_prefix["alerts:unfollow"] = member.pk
        self.by_prefix["alerts:follow_champions"] = ask.campaign.pk
        self.by_prefix["alerts:digest"] = subscription.digests.create(kind="daily", period="p").pk
        self.by_prefix["alerts:action"] = {
            "token": actions.action_token(subscriber, opening, actions.ASSIGN)
        }
        self.by_prefix["alerts:unsubscribe"] = {"token": actions.unsubscribe_token(subscription)}
        channel = Channel.objects.create(
            name="Team channel", kind="slack", url="https://hooks.slack.com/services/T/B/x"
        )
        self.by_prefix["alerts:channel"] = channel.pk
        self.by_prefix["alerts:channel_post_again"] = channel.deliveries.create(
            opening=opening, status="uncertain"
        ).pk
        for kind in PrivateFeed.Kind.values:
            feed = PrivateFeed(user=subscriber, kind=kind, name=kind)
            secret = feed.new_secret()
            feed.save()
            self.by_prefix[f"feeds:{kind}"] = {"secret": secret}
        self.by_prefix["feeds:"] = feed.pk

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
        if name in SELF_SERVICE or name in TOKEN_LINKS or name in PUBLIC_DOORS or is_api_door(name):
            continue  # the API's doors take tokens, not sessions: see the API cases below
        if name == API_BASE:
            continue  # django-ninja's base address: 404 to every method, for everyone
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
        if writes(pattern) or name in SELF_SERVICE or name in TOKEN_LINKS or name in PUBLIC_DOORS:
            continue  # the email links and public doors have their own cases
        if is_api_door(name) or name == API_BASE:
            continue  # token doors, below; django-ninja's base address is always 404
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} ({name}) gave {response.status_code}"


def test_every_page_needs_a_login(client):
    for name, _pattern, url in every_url(Objects()):
        if (
            name == "accounts:login"
            or name in TOKEN_LINKS
            or name in FEED_DOORS
            or is_api_door(name)
        ):
            continue
        response = client.get(url)
        if name in PUBLIC_DOORS:
            # The report door takes only posts; neither door redirects to sign-in.
            status = response.status_code
            assert status in (200, 405), f"GET {url} ({name}) gave {status}"
            continue
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
        self_service = name in SELF_SERVICE
        if (
            changes_data
            and not writes(pattern)
            and not self_service
            and not module.startswith("django.")
        ):
            unmarked.append(name)
    assert unmarked == []


def every_url_names():
    for name, pattern in walk(get_resolver().url_patterns):
        yield name, pattern, None


# --- Doors reachable without a session -----------------------------------------------------


def test_the_only_doors_without_a_session_are_sign_in_email_links_health_and_csp_reports():
    public = {
        name
        for name, pattern, _ in every_url_names()
        if getattr(pattern.callback, "login_required", True) is False and not is_api_door(name)
    }
    assert public == NO_SESSION_DOORS


def test_sign_in_lets_a_stranger_try_a_password_and_nothing_else(client, officer):
    url = reverse("accounts:login")
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("home")).status_code == 302


def _action_url(owner, opening, action=actions.DISMISS):
    return reverse("alerts:action", args=[actions.action_token(owner, opening, action)])


def _dismissed(opening):
    opening.refresh_from_db()
    return opening.status == Opening.Status.DISMISSED


def test_email_action_link_for_a_stranger(client, officer, staff_member):
    """Not signed in: an editor's link acts once, as the editor; a read-only member's never."""
    opening = builders.opening()
    url = _action_url(officer, opening)
    assert client.get(url).status_code == 200 and not _dismissed(opening)
    assert client.post(url).status_code == 200 and _dismissed(opening)
    assert "already" in client.post(url).content.decode()

    other = builders.opening()
    assert client.post(_action_url(staff_member, other)).status_code == 403
    assert not _dismissed(other)


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_email_action_link_for_a_read_only_member(role, request, client, officer):
    """Signed in read-only: neither their own link nor an editor's changes anything."""
    member = request.getfixturevalue(role)
    client.force_login(member)
    opening = builders.opening()
    for owner in (member, officer):
        for action in (actions.DISMISS, actions.ASSIGN):
            assert client.post(_action_url(owner, opening, action)).status_code == 403
    opening.refresh_from_db()
    assert (opening.status, opening.assignee) == (Opening.Status.NEW, None)


def test_email_action_link_for_an_officer(client, officer, administrator):
    """Signed in as an officer: their own link acts once; someone else's link does not."""
    client.force_login(officer)
    opening = builders.opening()
    assert client.post(_action_url(administrator, opening)).status_code == 403
    assert not _dismissed(opening)
    assert client.post(_action_url(officer, opening)).status_code == 200
    assert _dismissed(opening)


def _unsubscribe(client, subscription):
    url = reverse("alerts:unsubscribe", args=[actions.unsubscribe_token(subscription)])
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"  # a GET (a mail scanner) changes nothing
    return client.post(url, {"List-Unsubscribe": "One-Click"})


@pytest.mark.parametrize("visitor", [None, "leader", "staff_member", "officer"])
def test_unsubscribe_link_stops_only_its_own_subscription_for_anyone_holding_it(
    visitor, request, client, administrator
):
    """RFC 8058 one-click: the mail client posts without cookies, so whoever holds the link
    may stop that subscription's emails; it changes nothing else, for anyone."""
    if visitor:
        client.force_login(request.getfixturevalue(visitor))
    subscription = Subscription.objects.create(user=administrator, frequency="daily")
    bystander = Subscription.objects.create(
        user=User.objects.create(username="bystander", email="b@example.org"), frequency="daily"
    )
    assert _unsubscribe(client, subscription).status_code == 200
    subscription.refresh_from_db()
    bystander.refresh_from_db()
    assert (subscription.frequency, bystander.frequency) == ("none", "daily")
    bad = reverse("alerts:unsubscribe", args=["not-a-token"])
    assert client.post(bad).status_code == 400


# --- Private feed addresses ----------------------------------------------------------------


def _feed(user, kind):
    feed = PrivateFeed(user=user, kind=kind, name="Mine")
    secret = feed.new_secret()
    feed.save()
    return feed, reverse(f"feeds:{kind}", args=[secret])


@pytest.mark.parametrize("kind", PrivateFeed.Kind.values)
def test_feed_doors_for_a_stranger(kind, client, staff_member):
    """Without the secret there is nothing: a wrong or revoked one is a 404, like no feed."""
    feed, url = _feed(staff_member, kind)
    assert client.get(reverse(f"feeds:{kind}", args=["guess"])).status_code == 404
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405  # a feed only reads
    feed.delete()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", PrivateFeed.Kind.values)
def test_feed_doors_for_a_read_only_member(kind, client, staff_member, officer):
    """A read-only member's feed reads what they may read; it cannot touch anyone else's."""
    feed, url = _feed(officer, kind)
    client.force_login(staff_member)
    assert client.post(reverse("feeds:revoke", args=[feed.pk])).status_code == 404
    assert client.post(reverse("feeds:new_secret", args=[feed.pk])).status_code == 404
    mine, my_url = _feed(staff_member, kind)
    assert client.post(reverse("feeds:new_secret", args=[mine.pk])).status_code == 302
    client.logout()
    assert client.get(my_url).status_code == 404  # replaced
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", PrivateFeed.Kind.values)
def test_feed_doors_for_an_officer(kind, client, officer):
    """An officer's feed grants no more than reading, and stops when the officer leaves."""
    opening = builders.opening()
    _, url = _feed(officer, kind)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "dismiss"}).status_code == 405
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW
    officer.is_active = False
    officer.save()
    assert client.get(url).status_code == 404


# --- The JSON API: tokens, not sessions ----------------------------------------------------


def _api_urls():
    return [
        (name, pattern, url) for name, pattern, url in every_url(Objects()) if is_api_door(name)
    ]


def test_a_stranger_gets_a_json_401_from_every_api_endpoint(client, officer):
    client.force_login(officer)  # a session is not a credential for the API
    checked = 0
    for name, _pattern, url in _api_urls():
        for method in (client.get, client.post):
            response = method(url, {}, headers={"Authorization": "Bearer not-a-token"})
            if response.status_code == 405:
                continue
            assert response.status_code == 401, f"{url} ({name}) gave {response.status_code}"
            assert response.json()["detail"]
        assert client.get(url).status_code in (401, 405), f"{url} ({name}) opens to a session"
        checked += 1
    assert checked >= 18


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_read_only_api_tokens_get_403_on_every_api_write(role, request, client):
    _, secret = ApiToken.issue(request.getfixturevalue(role), "walk")
    headers = {"Authorization": f"Bearer {secret}"}
    write_count = 0
    for name, pattern, url in _api_urls():
        response = client.post(url, {}, content_type="application/json", headers=headers)
        if writes(pattern):
            assert response.status_code == 403, f"POST {url} ({name}) gave {response.status_code}"
            write_count += 1
        else:
            assert response.status_code == 405, f"POST {url} ({name}) gave {response.status_code}"
            assert client.get(url, headers=headers).status_code == 200, f"GET {url} ({name})"
    assert write_count == 2


def test_restricted_evidence_is_404_in_the_api_for_those_not_allowed(client, staff_member):
    restricted = builders.evidence_item(confidentiality="restricted")
    allowed = User.objects.create(username="cleared")
    allowed.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    url = reverse("api:evidence_item", args=[restricted.pk])

    for user, status in ((staff_member, 404), (allowed, 200)):
        _, secret = ApiToken.issue(user, "walk")
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == status
