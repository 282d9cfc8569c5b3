"""The cache behind API rate limits and dashboard figures is shared by every web process: two
processes started with the real settings count one token's requests together."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# This suite's own Redis database, so it never meets another checkout's keys.
REDIS_URL = os.environ.get("WAYMARK_TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/1")

# One process's requests with one token, at a limit of two a minute: prints the cache backend
# and whether each request was let through.
SCRIPT = """
import sys
from types import SimpleNamespace
from django.conf import settings
from api.auth import TokenRateThrottle
request = SimpleNamespace(auth=SimpleNamespace(digest=sys.argv[-2]), META={})
throttle = TokenRateThrottle()
allowed = [throttle.allow_request(request) for _ in range(int(sys.argv[-1]))]
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], *allowed)
"""


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def requests_in_a_process(env, token, count):
    result = subprocess.run(
        [sys.executable, "-c", _bootstrap(), token, str(count)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def _bootstrap():
    return "import django\ndjango.setup()\n" + SCRIPT


def _env(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CACHE_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        WAYMARK_TESTING="1",
        WAYMARK_VAR_DIR=str(tmp_path),
        WAYMARK_API_RATE="2/min",
        **extra,
    )
    return env


def test_without_redis_processes_on_one_machine_share_a_tokens_limit(tmp_path):
    env = _env(tmp_path)
    token = uuid.uuid4().hex

    first = requests_in_a_process(env, token, 2)
    second = requests_in_a_process(env, token, 1)

    assert first == ["FileBasedCache", "True", "True"]
    assert second == ["FileBasedCache", "False"]


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_url_set_processes_share_a_tokens_limit_through_redis(tmp_path):
    env = _env(tmp_path, REDIS_URL=REDIS_URL)
    token = uuid.uuid4().hex

    first = requests_in_a_process(env, token, 2)
    second = requests_in_a_process(env, token, 1)
    other_token = requests_in_a_process(env, uuid.uuid4().hex, 1)

    assert first == ["RedisCache", "True", "True"]
    assert second == ["RedisCache", "False"]
    assert other_token == ["RedisCache", "True"]
