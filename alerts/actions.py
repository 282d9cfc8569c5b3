"""Signed one-click links in emails: each does one thing, for one person, for a limited time."""

import datetime
import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse

ACTION_SALT = "waymark.alerts.opening-action"
UNSUBSCRIBE_SALT = "waymark.alerts.unsubscribe"
ACTION_MAX_AGE = datetime.timedelta(days=14)
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)

DISMISS = "dismiss"
ASSIGN = "assign"
ACTIONS = {DISMISS: "Mark as not relevant", ASSIGN: "Assign to me"}


def action_token(user, opening, action):
    return signing.dumps({"u": user.pk, "o": opening.pk, "a": action}, salt=ACTION_SALT)


def read_action_token(token):
    """(user id, opening id, action); raises signing.BadSignature (or SignatureExpired)."""
    data = signing.loads(token, salt=ACTION_SALT, max_age=ACTION_MAX_AGE)
    if data.get("a") not in ACTIONS:
        raise signing.BadSignature("Unknown action")
    return data["u"], data["o"], data["a"]


def unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)["s"]


def absolute(path):
    return settings.SITE_URL + path


@functools.cache
def _address_pattern(name):
    # Reversing once and filling in the argument keeps a 500-opening digest cheap to build.
    return reverse(name, args=["00000"]).replace("00000", "{}")


def opening_url(opening):
    return absolute(_address_pattern("monitors:opening").format(opening.pk))


def links_for(user, opening):
    action = _address_pattern("alerts:action")
    return {
        "open": opening_url(opening),
        DISMISS: absolute(action.format(action_token(user, opening, DISMISS))),
        ASSIGN: absolute(action.format(action_token(user, opening, ASSIGN))),
    }


def unsubscribe_url(subscription):
    return absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))
