import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Ask, AskStatusChange
from tests import builders

pytestmark = pytest.mark.django_db


def test_moving_an_ask_keeps_a_dated_history(officer):
    ask = builders.ask()
    when = timezone.now() - datetime.timedelta(days=3)
    ask.move_to(Ask.Status.MADE, by=officer, when=when, note="Letter sent")
    ask.move_to(Ask.Status.ACKNOWLEDGED, by=officer)

    history = list(ask.status_changes.order_by("changed_at"))
    assert [(c.from_status, c.to_status) for c in history] == [
        ("drafted", "made"),
        ("made", "acknowledged"),
    ]
    assert history[0].changed_at == when
    assert history[0].note == "Letter sent"
    ask.refresh_from_db()
    assert ask.status == "acknowledged"


def test_setting_the_same_status_again_records_nothing(officer):
    ask = builders.ask()
    ask.move_to(Ask.Status.MADE, by=officer)
    assert ask.move_to(Ask.Status.MADE, by=officer) is None
    assert ask.status_changes.count() == 1


def test_officer_moves_an_ask_inline_with_htmx_and_gets_the_row_back(officer_client, officer):
    ask = builders.ask(title="A named minister leads on missing")
    response = officer_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]),
        {"status": "made"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="ask-{ask.pk}"' in body
    assert "<html" not in body
    assert '<option value="made" selected>' in body
    change = AskStatusChange.objects.get(ask=ask)
    assert change.changed_by == officer


def test_moving_an_ask_without_javascript_redirects_back_with_a_message(officer_client):
    ask = builders.ask()
    response = officer_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]), {"status": "committed"}, follow=True
    )
    assert response.redirect_chain[-1][0] == ask.get_absolute_url()
    assert "is now committed" in response.content.decode()


def test_an_unknown_status_is_refused_and_changes_nothing(officer_client):
    ask = builders.ask()
    response = officer_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]),
        {"status": "won-by-magic"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Choose one of the listed statuses" in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == "drafted"
    assert not ask.status_changes.exists()


def test_leadership_cannot_change_an_ask_status(leader_client):
    ask = builders.ask()
    response = leader_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]),
        {"status": "made"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    ask.refresh_from_db()
    assert ask.status == "drafted"


def test_leadership_sees_status_as_text_not_a_control(leader_client):
    builders.ask(title="Visible ask")
    body = leader_client.get(reverse("campaigns:ask_list")).content.decode()
    assert "Visible ask" in body
    assert 'name="status" id="ask-' not in body


def test_ask_list_filters_by_status_and_returns_a_fragment_to_htmx(officer_client):
    made = builders.ask(title="Made ask")
    made.move_to("made")
    builders.ask(title="Drafted ask")
    response = officer_client.get(
        reverse("campaigns:ask_list"), {"status": "made"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Made ask" in body
    assert "Drafted ask" not in body
    assert "<html" not in body


def test_ask_list_searches_targets(officer_client):
    organisation = builders.organisation(name="College of Policing")
    ask = builders.ask(title="Update APP")
    ask.target_organisations.add(organisation)
    builders.ask(title="Unrelated")
    body = officer_client.get(reverse("campaigns:ask_list"), {"q": "college"}).content.decode()
    assert "Update APP" in body
    assert "Unrelated" not in body


def test_creating_an_ask_records_who_created_it_in_the_history(officer_client, officer):
    campaign = builders.campaign()
    response = officer_client.post(
        reverse("campaigns:ask_create"),
        {"campaign": campaign.pk, "title": "Fund return home interviews for adults"},
    )
    ask = Ask.objects.get(title="Fund return home interviews for adults")
    assert response.status_code == 302
    page = officer_client.get(ask.get_absolute_url()).content.decode()
    assert "Change history" in page
    assert "Olive" in page  # the actor's name in the audit trail


def test_ask_export_is_a_csv_with_formulas_neutralised(officer_client):
    builders.ask(title='=HYPERLINK("http://evil")')
    response = officer_client.get(reverse("campaigns:ask_export"))
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = content.splitlines()
    assert lines[0].startswith("Ask,Campaign,Status")
    assert "'=HYPERLINK" in content


def test_officer_says_when_a_status_change_happened(officer_client):
    ask = builders.ask()
    made_on = timezone.localdate() - datetime.timedelta(days=10)
    officer_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]),
        {
            "status": "made",
            "changed_on_day": made_on.day,
            "changed_on_month": made_on.month,
            "changed_on_year": made_on.year,
        },
        headers={"HX-Request": "true"},
    )
    change = AskStatusChange.objects.get(ask=ask)
    assert timezone.localdate(change.changed_at) == made_on
    ask.refresh_from_db()
    assert timezone.localdate(ask.status_changed_at) == made_on


def test_a_status_change_dated_in_the_future_is_refused(officer_client):
    ask = builders.ask()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = officer_client.post(
        reverse("campaigns:ask_status", args=[ask.pk]),
        {
            "status": "made",
            "changed_on_day": tomorrow.day,
            "changed_on_month": tomorrow.month,
            "changed_on_year": tomorrow.year,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Date of change must be today or in the past" in response.content.decode()
    assert not ask.status_changes.exists()


def test_the_ask_list_offers_an_explicit_save_beside_each_status(officer_client):
    ask = builders.ask(title="Saved on purpose")
    body = officer_client.get(reverse("campaigns:ask_list")).content.decode()
    row = body[body.index(f'id="ask-{ask.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'hx-trigger="change"' not in row
    assert "<noscript>" not in row
    assert 'type="submit">Save' in row
    assert 'name="changed_on_day"' in row
