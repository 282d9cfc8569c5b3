"""Digests worth reading: the sentence that made an item relevant, closing dates, with whom."""

import datetime

import pytest
from django.utils import timezone

from alerts.digests import send_digests, send_immediate_alerts
from tests import builders

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(datetime.datetime(2026, 11, 26, 7, 30))
TITLE_REASON = {
    "phrase": "Missing Persons",
    "start": 0,
    "end": 15,
    "field": "title",
    "weight": 3.0,
    "passage": "Missing Persons: Police Guidance",
}
SENTENCE = (
    "The consultation asks how police forces should respond when a child goes missing from "
    "care, and what return home interviews should cover, in every force area in England."
)
BODY_REASON = {
    "phrase": "a child goes missing from care",
    "start": 40,
    "end": 70,
    "field": "body",
    "weight": 1.5,
    "passage": SENTENCE,
}


def text_and_html(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_a_digest_quotes_the_whole_sentence_that_made_an_item_relevant_not_only_the_title(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    opening = make_opening("Missing Persons: Police Guidance", created_at=MORNING)
    opening.reasons = [TITLE_REASON, BODY_REASON]
    opening.save()
    send_digests("daily", MORNING)
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert SENTENCE.replace(
        "a child goes missing from care", "*a child goes missing from care*"
    ) in (" ".join(text.split()))
    assert "<mark>a child goes missing from care</mark>" in html
    assert "in every force area in England." in html


def test_a_digest_shows_when_a_consultation_or_call_for_evidence_closes(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    opening = make_opening("Call for evidence: children missing from care", created_at=MORNING)
    opening.item.deadline = datetime.date(2026, 12, 18)
    opening.item.save()
    send_digests("daily", MORNING)
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert "Closes 18 Dec 2026" in text and "Closes 18 Dec 2026" in html


def test_an_immediate_alert_shows_the_closing_date_too(smtp, officer, subscribe, make_opening):
    subscribe(officer, frequency="immediate")
    opening = make_opening("Consultation on missing adults", created_at=MORNING, score=0.95)
    opening.item.deadline = datetime.date(2027, 1, 9)
    opening.item.save()
    send_immediate_alerts(MORNING)
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert "Closes 9 Jan 2027" in text and "Closes 9 Jan 2027" in html


def test_overdue_follow_ups_in_a_digest_say_with_whom(smtp, officer, subscribe):
    subscribe(officer)
    priya = builders.person(name="Priya Shah")
    apcc = builders.organisation(name="APCC")
    builders.interaction(
        people=[priya],
        organisations=[apcc],
        follow_up_action="Send the briefing",
        follow_up_due=datetime.date(2026, 11, 20),
        follow_up_owner=officer,
    )
    send_digests("daily", MORNING)
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert "Send the briefing, with Priya Shah, APCC" in text
    assert "with Priya Shah, APCC" in html
