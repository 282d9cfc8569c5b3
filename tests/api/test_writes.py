"""Officers triage openings and move asks through the API, audited as themselves; read-only
roles, revoked tokens, deactivated and demoted owners are refused with clear JSON errors."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from accounts.roles import Role
from api.models import ApiToken
from campaigns.models import Ask
from monitors.models import Opening, TriageDecision
from tests import builders

pytestmark = pytest.mark.django_db


def post(client, secret, path, body):
    return client.post(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )


def test_an_officer_accepts_an_opening_as_the_page_does(client, token_for, officer):
    opening = builders.opening()

    response = post(
        client, token_for(officer), f"/api/v1/openings/{opening.pk}/triage", {"action": "accept"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["assignee"] == officer.username
    opening.refresh_from_db()
    assert opening.status == Opening.Status.IN_PROGRESS
    decision = TriageDecision.objects.get(opening=opening)
    assert decision.user == officer and decision.decision == TriageDecision.Decision.RELEVANT


def test_a_dismissal_keeps_its_note_and_is_audited_with_the_officer(client, token_for, officer):
    opening = builders.opening()

    post(
        client,
        token_for(officer),
        f"/api/v1/openings/{opening.pk}/triage",
        {"action": "dismiss", "note": "A duplicate of last week's question"},
    )

    opening.refresh_from_db()
    assert opening.status == Opening.Status.DISMISSED
    assert "A duplicate of last week's question" in opening.notes
    entry = LogEntry.objects.get_for_object(opening).latest("timestamp")
    assert entry.actor == officer
    assert TriageDecision.objects.get(opening=opening).note == "A duplicate of last week's question"


def test_assign_to_a_named_colleague_or_to_yourself(client, token_for, officer, administrator):
    opening = builders.opening()
    secret = token_for(officer)
    url = f"/api/v1/openings/{opening.pk}/triage"

    assert (
        post(client, secret, url, {"action": "assign", "assignee": "ada"}).json()["assignee"]
        == administrator.username
    )
    assert post(client, secret, url, {"action": "assign"}).json()["assignee"] == officer.username


def test_an_opening_is_never_assigned_to_someone_who_cannot_act_on_it(
    client, token_for, officer, staff_member
):
    opening = builders.opening()

    response = post(
        client,
        token_for(officer),
        f"/api/v1/openings/{opening.pk}/triage",
        {"action": "assign", "assignee": staff_member.username},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "No active officer or administrator has this username."
    )
    opening.refresh_from_db()
    assert opening.assignee is None


def test_a_bad_triage_is_422_with_the_field_errors(client, token_for, officer):
    opening = builders.opening()
    secret = token_for(officer)
    url = f"/api/v1/openings/{opening.pk}/triage"

    wrong_action = post(client, secret, url, {"action": "celebrate"})
    nobody = post(client, secret, url, {"action": "assign", "assignee": "nobody"})

    assert wrong_action.status_code == 422
    assert wrong_action.json()["detail"][0]["loc"][-1] == "action"
    assert nobody.status_code == 422
    assert nobody.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "assignee"],
            "msg": "No active officer or administrator has this username.",
        }
    ]
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW


def test_an_officer_moves_an_ask_and_the_history_and_audit_show_who(client, token_for, officer):
    ask = builders.ask()

    response = post(
        client,
        token_for(officer),
        f"/api/v1/asks/{ask.pk}/status",
        {"status": "made", "note": "Letter to the minister"},
    )

    assert response.status_code == 200
    assert response.json()["status_history"][0] == {
        "from_status": "drafted",
        "to_status": "made",
        "changed_at": response.json()["status_history"][0]["changed_at"],
        "changed_by": officer.username,
        "note": "Letter to the minister",
    }
    ask.refresh_from_db()
    assert ask.status == Ask.Status.MADE
    assert LogEntry.objects.get_for_object(ask).latest("timestamp").actor == officer


def test_a_note_longer_than_the_record_holds_is_422_not_cut(client, token_for, officer):
    opening, ask = builders.opening(), builders.ask()
    secret = token_for(officer)
    long_note = "x" * 501

    triage = post(
        client,
        secret,
        f"/api/v1/openings/{opening.pk}/triage",
        {"action": "dismiss", "note": long_note},
    )
    move = post(
        client, secret, f"/api/v1/asks/{ask.pk}/status", {"status": "made", "note": long_note}
    )

    assert triage.status_code == move.status_code == 422
    assert triage.json()["detail"][0]["loc"][-1] == move.json()["detail"][0]["loc"][-1] == "note"
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW


def test_an_unknown_ask_status_is_422(client, token_for, officer):
    ask = builders.ask()
    response = post(client, token_for(officer), f"/api/v1/asks/{ask.pk}/status", {"status": "won"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "status"


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_read_only_tokens_get_403_on_every_write(role, request, client, token_for):
    secret = token_for(request.getfixturevalue(role))
    opening = builders.opening()
    ask = builders.ask()

    triage = post(client, secret, f"/api/v1/openings/{opening.pk}/triage", {"action": "dismiss"})
    move = post(client, secret, f"/api/v1/asks/{ask.pk}/status", {"status": "made"})

    assert triage.status_code == move.status_code == 403
    assert triage.json() == {"detail": "Your role can read Waymark but not change it."}
    opening.refresh_from_db()
    ask.refresh_from_db()
    assert (opening.status, ask.status) == (Opening.Status.NEW, Ask.Status.DRAFTED)


def test_a_demoted_officer_loses_writes_at_once_and_keeps_reads(client, token_for, officer):
    secret = token_for(officer)
    ask = builders.ask()
    officer.groups.set([Group.objects.get(name=Role.STAFF)])

    assert (
        post(client, secret, f"/api/v1/asks/{ask.pk}/status", {"status": "made"}).status_code == 403
    )
    assert (
        client.get("/api/v1/asks", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_a_deactivated_owner_or_revoked_token_is_401(client, token_for, officer, leader):
    officer_secret = token_for(officer)
    leader_token, leader_secret = ApiToken.issue(leader, "dashboard")
    officer.is_active = False
    officer.save()
    leader_token.revoke()

    for secret in (officer_secret, leader_secret, "wmk_made-up", ""):
        response = client.get("/api/v1/openings", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert "token" in response.json()["detail"]


def test_a_session_alone_does_not_open_the_api(client, officer):
    client.force_login(officer)
    assert client.get("/api/v1/openings").status_code == 401
    opening = builders.opening()
    response = client.post(
        f"/api/v1/openings/{opening.pk}/triage",
        {"action": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_each_token_is_throttled_with_429_and_a_retry_time(client, token_for, leader, settings):
    settings.WAYMARK_API_RATE = "3/min"
    secret, other = token_for(leader), token_for(leader, "another script")
    headers = {"Authorization": f"Bearer {secret}"}

    statuses = [client.get("/api/v1/areas", headers=headers).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/areas", headers=headers)
    assert refused.json() == {"detail": "Too many requests."}
    assert int(refused["Retry-After"]) > 0
    # Another token has its own allowance.
    assert (
        client.get("/api/v1/areas", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    )


def test_a_token_records_when_it_was_last_used(client, token_for, leader):
    secret = token_for(leader)
    token = ApiToken.objects.get(owner=leader)
    assert token.last_used_at is None

    client.get("/api/v1/areas", headers={"Authorization": f"Bearer {secret}"})

    token.refresh_from_db()
    assert token.last_used_at is not None
