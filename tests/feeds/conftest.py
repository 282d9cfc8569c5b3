"""Builders for private feed addresses."""

import pytest

from feeds.models import PrivateFeed


@pytest.fixture
def make_feed():
    """A feed of `kind` for `user`; returns (feed, secret) as the owner's page would show it."""

    def make(user, kind=PrivateFeed.Kind.OPENINGS, *, query="", name="My feed"):
        feed = PrivateFeed(user=user, kind=kind, query=query, name=name)
        secret = feed.new_secret()
        feed.save()
        return feed, secret

    return make
