"""Signed one-click links in emails: each does one thing, for one person, for a limited time.

An action link ("Not relevant", "Assign to me") is the one door that changes data without a
session: the signed token in its address is the credential, so it must be worth no more than
its owner's own click. Hence:
- links are only put in the emails of people whose role may edit (`may_act`);
- the owner's role is checked again when the link is used, so a member demoted or deactivated
  after the email went out is refused;
- a link works once (`UsedActionLink`), and an action already in effect changes nothing;
- the change is recorded in the audit trail under the owner's name;
- someone signed in as another person cannot act through it (they act as themselves, on the
  opening's page). A visitor who is not signed in may: that is what a link in an email is for.
"""

import contextvars
import datetime
import enum
import functools
import hashlib

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import can_edit
from alerts.models import UsedActionLink
from monitors.models import Opening

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


def may_act(user) -> bool:
    """Whether `user`'s emails carry action links, and whether their links still work."""
    return can_edit(user)


def links_for(user, opening):
    """The opening's address, and the action links too when `user` may act on it."""
    links = {"open": opening_url(opening)}
    if may_act(user):
        action = _address_pattern("alerts:action")
        links[DISMISS] = absolute(action.format(action_token(user, opening, DISMISS)))
        links[ASSIGN] = absolute(action.format(action_token(user, opening, ASSIGN)))
    return links


class Outcome(enum.Enum):
    DONE = "done"
    USED_BEFORE = "used before"  # this very link was used already
    ALREADY_SO = "already so"  # dismissed or assigned to the owner some other way


def owner_of(user_id):
    """The link's owner, or None if their account is gone."""
    return get_user_model().objects.filter(pk=user_id).first()


def refusal(owner, visitor) -> str:
    """Why this visitor may not use this owner's link now; empty when they may."""
    name = owner.get_full_name() or owner.get_username()
    if not may_act(owner):
        return (
            f"This link was sent to {name}, whose role can read Waymark but cannot change it, "
            "so it does nothing."
        )
    if visitor.is_authenticated and visitor.pk != owner.pk:
        return (
            f"This link was sent to {name}. You are signed in as someone else: open the "
            "opening in Waymark to act on it yourself."
        )
    return ""


def use(token, owner, opening, action, *, remote_addr=None, now=None) -> Outcome:
    """Do what the link says, as its owner, if this link has not been used before.

    The caller has checked `refusal()`. The use is recorded in the same transaction as the
    change, and the unique token digest makes a replay (or two clicks at once) find it.
    """
    now = now or timezone.now()
    digest = hashlib.sha256(token.encode()).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsedActionLink.objects.create(
                    token_digest=digest, user=owner, opening=opening, action=action, used_at=now
                )
        except IntegrityError:
            return Outcome.USED_BEFORE
        opening = Opening.objects.select_for_update().get(pk=opening.pk)
        if action == DISMISS and opening.status == Opening.Status.DISMISSED:
            return Outcome.ALREADY_SO
        if action == ASSIGN and opening.assignee_id == owner.pk:
            return Outcome.ALREADY_SO
        # A copy of the context: auditlog's set_actor stores its actor in a context variable
        # it never resets, which would otherwise leave the request middleware's own actor
        # (none, for a visitor not signed in) connected after this block.
        contextvars.copy_context().run(_act, owner, opening, action, remote_addr, now)
    return Outcome.DONE


def _act(owner, opening, action, remote_addr, now):
    with set_actor(owner, remote_addr=remote_addr):
        if action == DISMISS:
            opening.dismiss(by=owner, note="Marked not relevant from an email", when=now)
        else:
            opening.assign(owner, by=owner, when=now)


def unsubscribe_url(subscription):
    return absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))
