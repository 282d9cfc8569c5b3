"""Real tokens for the standing users, and a client that sends one."""

import pytest
from django.core.cache import cache

from api.models import ApiToken


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    # Throttle counts live in the default cache; each test starts with none.
    cache.clear()


@pytest.fixture
def token_for():
    def make(user, name="script"):
        return ApiToken.issue(user, name)[1]

    return make


@pytest.fixture
def api_get(client, token_for):
    def get(user, path, **params):
        return client.get(path, params, headers=bearer(token_for(user)))

    return get
