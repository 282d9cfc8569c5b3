"""Security: one-click email links act only for people who may edit, once, and on the record.

The links in a digest are the one door that changes data without a session. Each case here
failed before the fix (see the branch's report): read-only members' digests carried the links,
anyone holding one acted as its owner whatever their role, replays appended notes, the audit
entry had no actor and the confirmation page showed the link's owner as signed in.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from alerts import actions
from alerts.digests import send_digests
from monitors.models import Opening, TriageDecision

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(datetime.datetime(2026, 11, 26, 7, 30))


def link(user, opening, action):
    return reverse("alerts:action", args=[actions.action_token(user, opening, action)])


def text_and_html(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_only_people_who_may_edit_get_action_links_in_their_digest(
    smtp, officer, staff_member, leader, subscribe, make_opening
):
    for user in (officer, staff_member, leader):
        subscribe(user)
    opening = make_opening(created_at=MORNING)
    send_digests("daily", MORNING)

    action_prefix = "https://waymark.example.org/alerts/email/action/"
    opening_url = f"https://waymark.example.org/monitors/openings/{opening.pk}/"
    for reader in (staff_member, leader):
        text, html = text_and_html(smtp.to(reader.email)[0])
        assert action_prefix not in text and action_prefix not in html
        assert "Assign to me" not in html and "Not relevant" not in html
        assert opening_url in text and opening_url in html
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert action_prefix in text and action_prefix in html


@pytest.mark.parametrize("role", ["staff_member", "leader"])
@pytest.mark.parametrize("action", [actions.DISMISS, actions.ASSIGN])
def test_a_read_only_members_link_changes_nothing(role, action, request, client, make_opening):
    member = request.getfixturevalue(role)
    opening = make_opening()
    response = client.post(link(member, opening, action))
    assert response.status_code == 403
    assert "cannot change" in response.content.decode()
    opening.refresh_from_db()
    assert (opening.status, opening.assignee, opening.notes) == (Opening.Status.NEW, None, "")
    assert not TriageDecision.objects.exists()


def test_an_officer_demoted_after_the_email_was_sent_is_refused(client, officer, make_opening):
    opening = make_opening()
    url = link(officer, opening, actions.DISMISS)
    officer.groups.set([Group.objects.get(name=Role.STAFF)])
    response = client.post(url)
    assert response.status_code == 403
    assert "cannot change" in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW


def test_a_deactivated_officers_link_is_refused(client, officer, make_opening):
    opening = make_opening()
    url = link(officer, opening, actions.ASSIGN)
    officer.is_active = False
    officer.save()
    assert client.post(url).status_code == 403
    opening.refresh_from_db()
    assert opening.assignee is None


def test_a_link_works_once_and_a_replay_is_told_it_was_already_done(client, officer, make_opening):
    opening = make_opening()
    url = link(officer, opening, actions.DISMISS)
    assert client.post(url).status_code == 200
    opening.refresh_from_db()
    notes, entries = opening.notes, LogEntry.objects.get_for_object(opening).count()

    replay = client.post(url)
    assert replay.status_code == 200
    assert "already" in replay.content.decode()
    opening.refresh_from_db()
    assert opening.notes == notes
    assert notes.count("Marked not relevant from an email") == 1
    assert LogEntry.objects.get_for_object(opening).count() == entries
    assert TriageDecision.objects.filter(opening=opening).count() == 1


def test_a_replayed_assign_link_does_not_take_the_opening_back(
    client, officer, administrator, make_opening
):
    opening = make_opening()
    url = link(officer, opening, actions.ASSIGN)
    client.post(url)
    opening.refresh_from_db()
    opening.assign(administrator, by=administrator)
    assert "already" in client.post(url).content.decode()
    opening.refresh_from_db()
    assert opening.assignee == administrator


def test_the_audit_entry_names_the_person_the_link_belongs_to(client, officer, make_opening):
    opening = make_opening()
    client.post(link(officer, opening, actions.ASSIGN))
    entry = LogEntry.objects.get_for_object(opening).latest("timestamp")
    assert entry.actor == officer
    assert "assignee" in entry.changes_dict


def test_the_confirmation_page_does_not_show_a_stranger_as_signed_in(client, officer, make_opening):
    opening = make_opening()
    url = link(officer, opening, actions.DISMISS)
    for response in (client.get(url), client.post(url)):
        page = response.content.decode()
        assert not response.context["user"].is_authenticated
        assert "Sign out" not in page
        assert "wm-header__name" not in page
    assert "Olive" in client.get(url).content.decode()  # named as the link's owner, in the text


def test_a_signed_in_member_shows_as_themselves(client_for, officer, make_opening):
    opening = make_opening()
    page = client_for(officer).get(link(officer, opening, actions.ASSIGN))
    assert page.context["user"] == officer
    assert "Sign out" in page.content.decode()


def test_someone_else_signed_in_cannot_act_as_the_links_owner(
    client_for, officer, administrator, make_opening
):
    opening = make_opening()
    response = client_for(administrator).post(link(officer, opening, actions.ASSIGN))
    assert response.status_code == 403
    assert "sent to Olive" in response.content.decode()
    opening.refresh_from_db()
    assert opening.assignee is None


def test_the_confirm_button_needs_the_pages_csrf_token(officer, make_opening):
    """A GET only asks; the POST must come from the confirm page, not from another site."""
    opening = make_opening()
    url = link(officer, opening, actions.DISMISS)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(url).status_code == 403
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW
    page = browser.get(url)
    token = page.context["csrf_token"]
    assert browser.post(url, {"csrfmiddlewaretoken": str(token)}).status_code == 200
    opening.refresh_from_db()
    assert opening.status == Opening.Status.DISMISSED
