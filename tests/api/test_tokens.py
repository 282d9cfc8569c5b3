"""People make, name and revoke their own API tokens; scripts get one from manage.py; and a token
made that way works against a real running server."""

import json
import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from api.models import ApiToken, digest
from tests import builders
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_person_creates_a_token_and_sees_it_once(client_for, staff_member):
    client = client_for(staff_member)

    response = client.post(reverse("api_tokens:create"), {"name": "Weekly report"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    token = ApiToken.objects.get(owner=staff_member)
    assert token.name == "Weekly report"
    assert token.digest == digest(secret) and secret not in (token.prefix, token.digest)
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    later = client.get(reverse("api_tokens:list")).content.decode()
    assert "Weekly report" in later and token.prefix in later and secret not in later


def test_a_token_needs_a_name(client_for, staff_member):
    response = client_for(staff_member).post(reverse("api_tokens:create"), {"name": ""})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_and_it_stops_working(client_for, client, leader):
    token, secret = ApiToken.issue(leader, "Old laptop")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/areas", headers=headers).status_code == 200
    client_for(leader)

    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    client.logout()
    assert client.get("/api/v1/areas", headers=headers).status_code == 401


def test_nobody_sees_or_revokes_anyone_elses_tokens(client_for, leader, officer):
    token, _ = ApiToken.issue(leader, "Leader's script")
    client = client_for(officer)

    assert "Leader's script" not in client.get(reverse("api_tokens:list")).content.decode()
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_create_api_token_prints_the_token_alone_on_its_last_line(officer):
    out = StringIO()
    call_command(
        "create_api_token", officer.username, "--name", "nightly", stdout=out, stderr=StringIO()
    )

    secret = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.for_secret(secret).owner == officer
    assert ApiToken.objects.get(owner=officer).name == "nightly"


@pytest.fixture
def live_officer(live_server, django_user_model):
    """A policy officer for a test against a running server, whose transaction is flushed
    afterwards (and may follow another's flush): the role groups are put back first."""
    for role in Role:
        Group.objects.get_or_create(name=role)
    return make_user(django_user_model, "olive", Role.POLICY_OFFICER)


def test_a_token_from_the_command_reads_and_writes_against_a_running_server(
    live_server, live_officer
):
    officer = live_officer
    out = StringIO()
    call_command(
        "create_api_token", officer.username, "--name", "e2e", stdout=out, stderr=StringIO()
    )
    secret = out.getvalue().splitlines()[-1]
    opening = builders.opening()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def call(path, body=None):
        request = urllib.request.Request(
            live_server.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)

    status, listing = call("/api/v1/openings?status=new")
    assert status == 200 and [row["id"] for row in listing["items"]] == [opening.pk]
    status, triaged = call(f"/api/v1/openings/{opening.pk}/triage", {"action": "accept"})
    assert status == 200 and triaged["status"] == "in_progress"

    stranger = urllib.request.Request(live_server.url + "/api/v1/openings")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(stranger, timeout=10)
    assert refused.value.code == 401
    assert json.load(refused.value)["detail"].startswith("Send a valid")


def test_the_schema_and_docs_page_work_offline_for_people_signed_in(client_for, client, leader):
    assert client.get("/api/v1/openapi.json").status_code == 302  # a page of the site
    signed_in = client_for(leader)

    schema = signed_in.get("/api/v1/openapi.json").json()
    docs = signed_in.get("/api/v1/docs")

    assert "/api/v1/openings/{pk}/triage" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    page = docs.content.decode()
    assert docs.status_code == 200
    # Swagger UI from Waymark's own static files, with no inline script the CSP would block.
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert "<script>" not in page
    assert "script-src 'self'" in docs["Content-Security-Policy"]
