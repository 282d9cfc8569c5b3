"""Every page carries a strict Content-Security-Policy and is written so it works under it; the
violation report door is open to strangers and lets them do no more than add a log line."""

import json
import logging
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from tests.test_permissions import (
    API_BASE,
    PUBLIC_DOORS,
    SELF_SERVICE,
    TOKEN_LINKS,
    Objects,
    every_url,
    is_api_door,
    writes,
)

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "report-uri": "/csp-report/",
}
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def directives(header):
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(parts)


def what_the_policy_would_block(html):
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type", "") in EXECUTABLE_SCRIPT_TYPES:
            found.append(f"inline script {script.string!r:.60}")
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute.startswith("on"):
                found.append(f"<{tag.name} {attribute}=…>")
            if attribute == "style":
                found.append(f"<{tag.name} style={value!r}>")
            if isinstance(value, str) and re.match(r"\s*javascript:", value, re.IGNORECASE):
                found.append(f"<{tag.name} {attribute}={value!r}>")
    found += [f"<{tag.name}> element" for tag in soup.find_all("style")]
    return found


def test_the_sign_in_page_carries_the_strict_policy(client):
    response = client.get(reverse("accounts:login"))
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx-fragment"])
def test_every_page_is_served_under_the_policy_and_needs_nothing_it_forbids(htmx, officer_client):
    checked = 0
    headers = {"HX-Request": "true"} if htmx else {}
    for name, pattern, url in every_url(Objects()):
        if writes(pattern) or name in SELF_SERVICE or name in PUBLIC_DOORS:
            continue
        if is_api_door(name) or name == API_BASE:
            continue  # JSON behind tokens, no page (tests/api/); the docs page is walked here
        response = officer_client.get(url, headers=headers)
        # An email link may refuse a visitor who does not own it; its refusal is a page too.
        expected = (200, 403) if name in TOKEN_LINKS else (200,)
        assert response.status_code in expected, f"GET {url} ({name}): {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert directives(response["Content-Security-Policy"]) == POLICY, name
        assert what_the_policy_would_block(response.content.decode()) == [], name
        checked += 1
    assert checked > 30


def test_htmx_is_configured_to_need_no_inline_style_or_eval(officer_client):
    soup = BeautifulSoup(officer_client.get(reverse("home")).content, "html.parser")
    config = json.loads(soup.find("meta", attrs={"name": "htmx-config"})["content"])
    assert config == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }


# The report door


REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/campaigns/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12,
        "original-policy": "default-src 'self'",
    }
}


def csp_logs(caplog):
    return [record for record in caplog.records if record.name == "waymark.csp"]


def post_report(client, body, content_type="application/csp-report"):
    return client.post(reverse("csp_report"), body, content_type=content_type)


def test_a_stranger_can_report_a_violation_and_it_is_logged(caplog):
    stranger = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="waymark.csp"):
        response = post_report(stranger, json.dumps(REPORT))
    assert response.status_code == 204
    assert response.content == b""
    [record] = csp_logs(caplog)
    logged = record.getMessage()
    assert "script-src-elem" in logged
    assert "/campaigns/" in logged
    assert "original-policy" not in logged


def test_reports_in_the_reporting_api_format_are_logged(caplog):
    body = [
        {"type": "csp-violation", "body": {"effectiveDirective": "style-src-attr"}},
        {"type": "csp-violation", "body": {"effectiveDirective": "img-src"}},
    ]
    with caplog.at_level(logging.WARNING, logger="waymark.csp"):
        response = post_report(Client(), json.dumps(body), "application/reports+json")
    assert response.status_code == 204
    assert len(csp_logs(caplog)) == 2


def test_a_stranger_cannot_forge_log_lines_or_flood_one_entry(caplog):
    report = {"csp-report": {"blocked-uri": "x\nERROR forged line " + "a" * 5000}}
    with caplog.at_level(logging.WARNING, logger="waymark.csp"):
        post_report(Client(), json.dumps(report))
    logged = csp_logs(caplog)[0].getMessage()
    assert "\n" not in logged
    assert len(logged) < 500


def test_a_stranger_cannot_send_more_than_the_size_limit(caplog, settings):
    body = json.dumps({"csp-report": {"blocked-uri": "a" * settings.CSP_REPORT_MAX_BYTES}})
    with caplog.at_level(logging.WARNING, logger="waymark.csp"):
        response = post_report(Client(), body)
    assert response.status_code == 413
    assert csp_logs(caplog) == []


@pytest.mark.parametrize("body", ["not json", "[]", '{"something": "else"}', '"text"'])
def test_anything_but_a_report_is_refused_and_not_logged(caplog, body):
    with caplog.at_level(logging.WARNING, logger="waymark.csp"):
        response = post_report(Client(), body)
    assert response.status_code == 400
    assert csp_logs(caplog) == []


@pytest.mark.parametrize("who", ["stranger", "leader", "officer"])
def test_the_report_door_does_the_same_for_everyone_and_changes_nothing(who, request):
    """A stranger, a read-only member and an officer: each may post a report and nothing else;
    nothing is stored, whoever sends it."""
    from django.apps import apps

    client = Client(enforce_csrf_checks=True)
    if who != "stranger":
        client.force_login(request.getfixturevalue(who))
    counts = {model: model.objects.count() for model in apps.get_models()}
    assert post_report(client, json.dumps(REPORT)).status_code == 204
    assert client.get(reverse("csp_report")).status_code == 405
    assert client.put(reverse("csp_report"), "{}").status_code == 405
    assert {model: model.objects.count() for model in apps.get_models()} == counts
