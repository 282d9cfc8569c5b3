"""Logs on stdout: with WAYMARK_LOG_FORMAT=json, one JSON object a line, every line of a request
carrying its request id (also returned as X-Request-ID), and errors with their tracebacks.

Logging is configured once when Django starts, so each case runs in a fresh Python process.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

REQUESTS = """
import json, sys, types, django
django.setup()
from django.contrib.auth.decorators import login_not_required
from django.test import Client, override_settings
from django.urls import path

@login_not_required
def boom(request):
    raise RuntimeError("the view broke")

urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom", boom)]
sys.modules["boom_urls"] = urls
client = Client(SERVER_NAME="localhost", raise_request_exception=False)
answers = {}
with override_settings(ROOT_URLCONF="boom_urls"):
    for name, headers in json.loads(sys.argv[1]).items():
        response = client.get("/" + name.split("-")[0], headers=headers)
        answers[name] = [response.status_code, response["X-Request-ID"]]
print("ANSWERS " + json.dumps(answers), file=sys.stderr)
"""


def run(log_format, requests):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAYMARK_LOG")}
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS, json.dumps(requests)],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "WAYMARK_LOG_FORMAT": log_format,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stderr.split("ANSWERS ", 1)[1])
    return result.stdout.splitlines(), answers


PROXY_ID = "6f1c2a9e4b7d4e0f9a3b5c7d9e1f2a3b"


def test_json_logs_carry_the_request_id_and_the_traceback_of_an_error():
    lines, answers = run(
        "json",
        {
            "boom": {"X-Request-ID": PROXY_ID},
            "missing-page": {},
        },
    )
    records = [json.loads(line) for line in lines]  # every line is one JSON object

    assert answers["boom"] == [500, PROXY_ID]  # a proxy's sane id is kept and returned
    error = next(r for r in records if r["level"] == "ERROR")
    assert error["logger"] == "django.request"
    assert error["request_id"] == PROXY_ID
    assert "Traceback" in error["exc_info"] and "RuntimeError: the view broke" in error["exc_info"]

    status, own_id = answers["missing-page"]
    assert status == 404 and re.fullmatch(r"[0-9a-f]{32}", own_id) and own_id != PROXY_ID
    not_found = next(r for r in records if r["message"].startswith("Not Found"))
    assert not_found["request_id"] == own_id


def test_an_incoming_request_id_that_is_not_an_id_is_replaced():
    lines, answers = run("json", {"boom": {"X-Request-ID": 'x"\n{"level": "forged"}'}})
    _, request_id = answers["boom"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert all(json.loads(line).get("level") != "forged" for line in lines)
    assert "forged" not in "".join(lines)


def test_plain_logs_show_the_request_id_too():
    lines, answers = run("plain", {"boom": {"X-Request-ID": PROXY_ID}})
    error = next(line for line in lines if " ERROR " in line)
    assert f"[{PROXY_ID}] django.request Internal Server Error: /boom" in error
    assert any("RuntimeError: the view broke" in line for line in lines)
