"""Scanning sources end to end: a real local HTTP server, the real parsers, the database.

Every scan runs twice and the second must store nothing twice.
"""

from __future__ import annotations

import datetime
import json
import re
import zlib

import pytest
from django.core import mail

from monitors.models import Item, Opening, ScanRun, Sighting, Source
from monitors.tasks import (
    ALERT_AFTER_FAILURES,
    claim,
    run_due_scans,
    scan_due_sources,
    scan_source,
)
from tests import builders

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)
LISTING_OPTIONS = {
    "item": "div.result.inspection",
    "title": "h4",
    "link": "h4 a",
    "date": ".date",
    "summary": ".summary",
}


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def make_source(url, kind="rss", **fields):
    fields.setdefault("name", f"Source {Source.objects.count() + 1}")
    return Source.objects.create(url=url, kind=kind, **fields)


def question(qid, heading, text, *, tabled="2024-03-18T00:00:00", answer=None, member=4410):
    return {
        "value": {
            "id": qid,
            "uin": str(9000 + qid),
            "askingMemberId": member,
            "house": "Commons",
            "dateTabled": tabled,
            "heading": heading,
            "questionText": text,
            "answerText": answer,
            "answeringBodyName": "Home Office",
            "dateAnswered": "2024-03-19T00:00:00" if answer else None,
        },
        "links": [],
    }


def questions_payload(*questions):
    return json.dumps({"totalResults": len(questions), "results": list(questions)}).encode()


MISSING_QUESTION = question(
    1,
    "Missing Children: Children in Care",
    "To ask the Secretary of State for the Home Department, how many children went missing "
    "from care in each of the last five years, and whether return home interviews are offered.",
)
UNRELATED_QUESTION = question(
    2,
    "Fuel Duty: Missing Targets",
    "To ask the Chancellor of the Exchequer, what assessment he has made of missing the "
    "fuel duty revenue targets in 2023.",
)


# --- Every kind, from real payloads --------------------------------------------------------------

KINDS = [
    ("rss", "samples/missing-people-charity/policing-updates-feed-excerpt.rss.xml", {}, 1),
    ("rss", "fixtures/govuk-finder.atom", {}, 1),
    (
        "parliament-written-questions",
        "samples/parliament-written-questions/questions-list-tabled-2024-01-05.json",
        {"max_pages": 1},
        20,
    ),
    (
        "parliament-written-questions",
        "samples/parliament-written-questions/question-1679416-item.json",
        {},
        1,
    ),
    ("parliament-bills", "samples/parliament-bills/bills-search.json", {"max_pages": 1}, 1),
    (
        "parliament-committees",
        "samples/parliament-committees/publications-committee-203.json",
        {"max_pages": 1},
        5,
    ),
    ("parliament-committees", "fixtures/committee-business.json", {"max_pages": 1}, 1),
    ("parliament-edms", "fixtures/edms-list.json", {"max_pages": 1}, 1),
    ("hansard", "fixtures/hansard-contributions.json", {"max_pages": 1}, 1),
    ("govuk-search", "samples/govuk-search-api/search-q-tax-count-1.json", {"max_pages": 1}, 1),
    (
        "govuk-content",
        "samples/govuk-content-api/consultation-open_consultation.json",
        {},
        1,
    ),
    ("html", "fixtures/publications-listing.html", LISTING_OPTIONS, 2),
    ("page", "fixtures/watched-page.html", {}, 1),
]


@pytest.mark.parametrize(("kind", "path", "options", "at_least"), KINDS)
def test_every_source_kind_is_stored_once_from_its_real_payload(
    server, kind, path, options, at_least
):
    source = make_source(f"{server}/{path}", kind, options=options)

    first = scan_source(source, now=NOW)
    items, sightings, openings = (
        Item.objects.count(),
        Sighting.objects.count(),
        Opening.objects.count(),
    )
    # Forget the bytes read, so the second scan parses and stores the payload again instead of
    # recognising it as unchanged.
    Source.objects.filter(pk=source.pk).update(content_digest="")
    source.content_digest = ""
    second = scan_source(source, now=NOW + datetime.timedelta(hours=1))

    assert first.ok, first.error
    assert first.fetched >= at_least and first.new == first.fetched
    assert second.ok and second.new == 0 and second.updated == 0
    assert Item.objects.count() == items >= at_least
    assert Sighting.objects.count() == sightings
    assert Opening.objects.count() == openings
    source.refresh_from_db()
    assert source.health == Source.Health.HEALTHY
    assert source.last_success_at is not None and source.last_error == ""
    assert ScanRun.objects.filter(source=source, status=ScanRun.Status.SUCCEEDED).count() == 2


def test_a_relevant_written_question_opens_with_its_reasons_and_asking_member(server, stage):
    member = builders.person(name="Ann Clwyd", parliament_member_id=4410)
    home_office = builders.organisation(name="Home Office")
    url = stage(questions_payload(MISSING_QUESTION, UNRELATED_QUESTION))
    source = make_source(url, "parliament-written-questions")

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + datetime.timedelta(hours=6))

    assert (result.fetched, result.new, result.openings) == (2, 2, 1)
    assert (again.new, again.openings) == (0, 0)
    opening = Opening.objects.get()
    assert opening.title == "Missing Children: Children in Care"
    assert opening.score >= 0.5 and opening.topics
    assert any("missing" in reason["phrase"].lower() for reason in opening.reasons)
    assert opening.lever_type == "parliamentary_interest"
    assert list(opening.people.all()) == [member]
    assert list(opening.organisations.all()) == [home_office]
    # A new opening waits for triage like one made any other way.
    assert opening.status == Opening.Status.NEW and opening.created_at == NOW
    assert (opening.notes, opening.actions, opening.assignee) == ("", [], None)
    assert opening.updated_at is not None and opening.source == source
    item = opening.item
    assert item.first_seen_at == item.last_changed_at == NOW and item.source == source
    assert item.member_ids == [4410] and item.organisations == ["Home Office"]
    assert item.published == datetime.datetime(2024, 3, 18, tzinfo=datetime.UTC)
    unrelated = Item.objects.get(title="Fuel Duty: Missing Targets")
    assert unrelated.relevant is False and not unrelated.openings.exists()


def test_an_answered_question_updates_its_item_instead_of_adding_one(server, stage):
    url = stage(
        [
            (200, questions_payload(MISSING_QUESTION), {"Content-Type": "application/json"}),
            (
                200,
                questions_payload(
                    question(
                        1,
                        MISSING_QUESTION["value"]["heading"],
                        MISSING_QUESTION["value"]["questionText"],
                        answer="<p>Data on children missing from care is published annually.</p>",
                    )
                ),
                {"Content-Type": "application/json"},
            ),
        ]
    )
    source = make_source(url, "parliament-written-questions")

    scan_source(source, now=NOW)
    result = scan_source(source, now=NOW + datetime.timedelta(days=1))
    scan_source(source, now=NOW + datetime.timedelta(days=2))

    assert (result.new, result.updated, result.openings) == (0, 1, 0)
    item = Item.objects.get()
    assert "published annually" in item.body
    assert item.last_changed_at == NOW + datetime.timedelta(days=1)
    assert Opening.objects.count() == 1


def test_one_item_found_by_two_sources_is_stored_and_opened_once(server, stage):
    payload = questions_payload(MISSING_QUESTION)
    first = make_source(stage(payload), "parliament-written-questions")
    second = make_source(stage(payload), "parliament-written-questions")

    scan_source(first, now=NOW)
    result = scan_source(second, now=NOW)

    assert (result.fetched, result.new, result.openings) == (1, 0, 0)
    assert Item.objects.count() == 1 and Opening.objects.count() == 1
    assert set(Item.objects.get().sightings.values_list("source", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_a_new_sources_first_scan_opens_only_items_inside_its_backfill_window(server, stage):
    old = question(
        3,
        "Missing Persons: Dementia",
        "To ask the Secretary of State, whether the Herbert Protocol is used by every force.",
        tabled="2023-06-01T00:00:00",
    )
    url = stage(questions_payload(MISSING_QUESTION, old))
    source = make_source(url, "parliament-written-questions", backfill_days=30)

    result = scan_source(source, now=NOW)

    assert (result.new, result.openings) == (2, 1)
    assert Opening.objects.get().item.title == "Missing Children: Children in Care"
    assert Item.objects.get(title="Missing Persons: Dementia").relevant


def test_an_unchanged_source_is_checked_with_a_conditional_request(server, stage):
    url = stage(
        [
            (
                200,
                questions_payload(MISSING_QUESTION),
                {"Content-Type": "application/json", "ETag": '"v1"'},
            )
        ]
    )
    source = make_source(url, "parliament-written-questions")

    scan_source(source, now=NOW)
    result = scan_source(source, now=NOW + datetime.timedelta(hours=1))

    assert result.status == ScanRun.Status.NOT_MODIFIED
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.health == Source.Health.HEALTHY
    assert source.last_item_count == 1


# --- Bad inputs -----------------------------------------------------------------------------------

ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<rss><channel><item><title>&lol2;</title></item></channel></rss>"
)


@pytest.mark.parametrize(
    ("kind", "path", "options", "message"),
    [
        ("rss", "status/500", {}, "HTTP status 500"),
        ("rss", "big", {"accept": ["application/json"], "max_bytes": 1024 * 1024}, "more than"),
        ("parliament-bills", "slow", {"deadline": 1, "accept": []}, "longer than|too slow"),
        ("rss", "samples/parliament-bills/bills-search.json", {}, "sent application/json"),
        ("parliament-bills", "html", {"accept": ["text/html"]}, "Expected JSON"),
        ("rss", "redirect?to=http://localhost:{port}/samples/x", {}, "localhost"),
    ],
    ids=["server-error", "oversize", "slow", "wrong-content-type", "html-not-json", "redirect"],
)
def test_a_failing_source_is_marked_failing_with_the_error_shown(
    server, kind, path, options, message
):
    port = server.rsplit(":", 1)[1]
    source = make_source(f"{server}/{path.format(port=port)}", kind, options=options)

    result = scan_source(source, now=NOW)

    assert result.status == ScanRun.Status.FAILED
    source.refresh_from_db()
    assert source.health == Source.Health.FAILING and source.consecutive_failures == 1
    assert re.search(message, source.last_error), source.last_error
    assert ScanRun.objects.get(source=source).error == source.last_error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<rss><channel><item><title>Unclosed", "not a readable RSS"),
        (ENTITY_BOMB, "DTD or entities"),
        (b"", "empty"),
    ],
    ids=["malformed-xml", "entity-bomb", "empty-body"],
)
def test_unreadable_feeds_fail_without_losing_what_was_stored(server, stage, body, message):
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>Runaway children: police response</title><link>https://example.org/a</link>"
        b"<pubDate>Mon, 18 Mar 2024 10:00:00 +0000</pubDate></item></channel></rss>"
    )
    headers = {"Content-Type": "application/rss+xml"}
    url = stage([(200, feed, headers), (200, body, headers)])
    source = make_source(url, "rss")

    scan_source(source, now=NOW)
    result = scan_source(source, now=NOW + datetime.timedelta(hours=1))

    assert result.status == ScanRun.Status.FAILED and message in result.error
    assert Item.objects.count() == 1 and Opening.objects.count() == 1


def test_a_feed_in_windows_1252_reads_correctly(server, stage):
    feed = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>T'
        "</title><item><title>Children \u201cmissing from care\u201d \u2013 new figures</title>"
        "<link>https://example.org/b</link></item></channel></rss>"
    ).encode("cp1252")
    source = make_source(stage(feed, "application/rss+xml"), "rss")

    scan_source(source, now=NOW)

    assert Item.objects.get().title == "Children \u201cmissing from care\u201d \u2013 new figures"


def test_scripts_in_a_listing_page_never_reach_the_stored_text(server, stage):
    page = (
        b"<html><body><div class='result inspection'><h4><a href='/r/1'>Missing children"
        b"<script>alert(1)</script></a></h4><p class='summary'>Runaway <b>children</b>"
        b"<img src=x onerror=alert(2)></p></div>"
        b"<div class='result inspection'><h4><a href='javascript:alert(3)'>Bad link</a></h4>"
        b"</div></body></html>"
    )
    source = make_source(stage(page, "text/html; charset=utf-8"), "html", options=LISTING_OPTIONS)

    scan_source(source, now=NOW)

    item = Item.objects.get()
    assert "alert" not in item.title + item.summary and "<" not in item.summary
    assert item.url.startswith(server)


def test_one_failing_source_does_not_stop_the_others_and_backs_off(server, stage):
    broken = make_source(f"{server}/status/500", "rss", next_check_at=NOW, name="Broken")
    good = make_source(
        stage(questions_payload(MISSING_QUESTION)),
        "parliament-written-questions",
        next_check_at=NOW,
        name="Good",
        every=datetime.timedelta(hours=1),
    )
    broken.every = datetime.timedelta(hours=1)
    broken.save()

    results = scan_due_sources(NOW)
    again = scan_due_sources(NOW)

    assert {r.source: r.ok for r in results} == {"Broken": False, "Good": True}
    assert again == []
    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.next_check_at >= NOW + datetime.timedelta(hours=1)
    assert good.next_check_at >= NOW + datetime.timedelta(hours=1)
    scan_source(broken, now=NOW + datetime.timedelta(hours=2))
    broken.refresh_from_db()
    assert broken.next_check_at >= NOW + datetime.timedelta(hours=4)  # doubled after 2 failures
    assert Opening.objects.count() == 1


def test_a_server_asking_to_wait_is_not_asked_again_before_then(server):
    source = make_source(f"{server}/status/429?retry_after=86400", "rss")

    scan_source(source, now=NOW)

    source.refresh_from_db()
    assert source.next_check_at >= NOW + datetime.timedelta(seconds=86400)
    assert "wait 86400 seconds" in source.last_error


def test_a_source_that_keeps_failing_alerts_its_owner_and_administrators_once(
    server, officer, administrator, worker
):
    source = make_source(f"{server}/status/500", "rss", owner=officer)

    for hour in range(ALERT_AFTER_FAILURES + 2):
        scan_source(source, now=NOW + datetime.timedelta(hours=hour))
        worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {officer.email, administrator.email}
    assert source.name in message.subject
    assert "HTTP status 500" in message.body
    source.refresh_from_db()
    assert source.alerted_at == NOW + datetime.timedelta(hours=ALERT_AFTER_FAILURES - 1)


def test_a_recovered_source_alerts_again_on_its_next_failure_streak(server, stage, officer, worker):
    ok = (200, questions_payload(MISSING_QUESTION), {"Content-Type": "application/json"})
    bad = (500, b"down", {})
    url = stage([bad, bad, bad, ok, bad, bad, bad])
    source = make_source(url, "parliament-written-questions", owner=officer)

    for hour in range(7):
        scan_source(source, now=NOW + datetime.timedelta(hours=hour))
        worker()

    assert len(mail.outbox) == 2


def test_a_listing_that_suddenly_yields_nothing_alerts_at_once(server, stage, officer, worker):
    full = (
        200,
        questions_payload(*[question(n, f"Question {n}", "Text") for n in range(1, 6)]),
        {"Content-Type": "application/json"},
    )
    empty = (200, questions_payload(), {"Content-Type": "application/json"})
    source = make_source(stage([full, empty]), "parliament-written-questions", owner=officer)

    scan_source(source, now=NOW)
    result = scan_source(source, now=NOW + datetime.timedelta(hours=1))
    worker()
    scan_source(source, now=NOW + datetime.timedelta(hours=2))
    worker()

    assert result.status == ScanRun.Status.FAILED
    assert "returned no items" in result.error and "found 5" in result.error
    assert len(mail.outbox) == 1 and "no items" in mail.outbox[0].body
    assert Item.objects.count() == 5


def test_a_listing_gone_empty_stays_failing_on_the_next_scan_even_if_the_server_says_unchanged(
    server, stage, officer
):
    full = (
        200,
        questions_payload(*[question(n, f"Question {n}", "Text") for n in range(1, 6)]),
        {"Content-Type": "application/json", "ETag": '"full"'},
    )
    empty = (200, questions_payload(), {"Content-Type": "application/json", "ETag": '"empty"'})
    source = make_source(stage([full, empty]), "parliament-written-questions", owner=officer)

    scan_source(source, now=NOW)
    scan_source(source, now=NOW + datetime.timedelta(hours=1))
    again = scan_source(source, now=NOW + datetime.timedelta(hours=2))

    # The empty listing's ETag was not kept, so the server could not answer 304 to it.
    assert again.status == ScanRun.Status.FAILED and "returned no items" in again.error
    source.refresh_from_db()
    assert source.health == Source.Health.FAILING and source.etag == '"full"'


def test_the_same_bytes_again_from_a_server_without_etags_count_as_unchanged(server, stage):
    url = stage(questions_payload(MISSING_QUESTION, UNRELATED_QUESTION))
    source = make_source(url, "parliament-written-questions")

    first = scan_source(source, now=NOW)
    unchanged = scan_source(source, now=NOW + datetime.timedelta(hours=1))
    stage.replace(
        url,
        [
            (
                200,
                questions_payload(MISSING_QUESTION, UNRELATED_QUESTION, question(3, "New", "T")),
                {"Content-Type": "application/json"},
            )
        ],
    )
    changed = scan_source(source, now=NOW + datetime.timedelta(hours=2))

    assert (first.status, first.fetched) == (ScanRun.Status.SUCCEEDED, 2)
    assert (unchanged.status, unchanged.fetched) == (ScanRun.Status.NOT_MODIFIED, 0)
    assert (changed.status, changed.fetched, changed.new) == (ScanRun.Status.SUCCEEDED, 3, 1)
    source.refresh_from_db()
    assert source.etag == "" and len(source.content_digest) == 64
    assert source.last_item_count == 3 and source.health == Source.Health.HEALTHY


def test_a_listing_of_several_pages_is_read_again_even_when_its_first_page_is_the_same(
    server, stage, settings
):
    # A later page can change (a question answered) while the first stays the same.
    first_page = json.dumps({"totalResults": 2, "results": [MISSING_QUESTION]}).encode()
    url = stage(first_page)
    source = make_source(
        url + "?skip=0&take=1", "parliament-written-questions", options={"max_pages": 2}
    )

    scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + datetime.timedelta(hours=1))

    assert again.status == ScanRun.Status.SUCCEEDED and again.pages == 2
    source.refresh_from_db()
    assert source.content_digest == ""


# --- Running twice, and twice at once ---------------------------------------------------------


def test_a_source_being_scanned_elsewhere_is_skipped(server, stage):
    source = make_source(stage(questions_payload(MISSING_QUESTION)), "parliament-written-questions")
    assert claim(source, NOW)

    result = scan_source(Source.objects.get(pk=source.pk), now=NOW)

    assert result.status == "busy" and Item.objects.count() == 0


def test_due_scans_take_at_most_two_sources_per_host_per_run(server, stage):
    for n in range(3):
        make_source(
            stage(questions_payload(question(n + 1, "Q", "T"))),
            "parliament-written-questions",
            next_check_at=NOW,
        )

    first = run_due_scans(NOW)
    second = run_due_scans(NOW)
    third = run_due_scans(NOW)

    assert (first, second, third) == (2, 1, 0)
    assert Item.objects.count() == 3


# --- Watched pages and linked documents -----------------------------------------------------

PAGE = b"""<html><head><title>Missing persons | College of Policing</title></head><body>
<main><h1>Missing persons</h1><p>Risk assessment for missing persons.</p>
<p>Forces should use the Philomena Protocol for children in care.</p></main></body></html>"""


def test_a_watched_page_change_opens_with_a_readable_diff(server, stage):
    changed = PAGE.replace(
        b"</main>", b"<p>A return home interview should follow every missing episode.</p></main>"
    )
    headers = {"Content-Type": "text/html"}
    url = stage([(200, PAGE, headers), (200, PAGE, headers), (200, changed, headers)])
    source = make_source(url, "page")

    first = scan_source(source, now=NOW)
    same = scan_source(source, now=NOW + datetime.timedelta(days=1))
    change = scan_source(source, now=NOW + datetime.timedelta(days=2))
    scan_source(source, now=NOW + datetime.timedelta(days=3))

    assert (first.openings, same.openings, change.openings) == (0, 0, 1)
    opening = Opening.objects.get()
    assert opening.title == "Page changed: Missing persons | College of Policing"
    assert "+ A return home interview should follow every missing episode." in opening.change
    assert opening.lever_type == "guidance_change"
    assert Item.objects.count() == 1


def test_a_linked_report_is_read_and_its_missing_passages_quoted_with_pages(
    server, stage, make_pdf
):
    pdf = make_pdf(
        [
            "Leadership is strong.",
            "When children go missing from home or care, return home interviews are not offered.",
        ]
    )
    report = stage(pdf, "application/pdf")
    listing = (
        f"<html><body><div class='result inspection'><h4><a href='{report}'>Cumberland: "
        "inspection of children's services</a></h4><span class='date'>18 March 2024</span>"
        "</div></body></html>"
    ).encode()
    source = make_source(
        stage(listing, "text/html"),
        "html",
        options=LISTING_OPTIONS,
        follow_documents=True,
        lever_type="inspection_finding",
    )

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + datetime.timedelta(hours=1))

    assert result.openings == 1 and again.openings == 0
    item = Item.objects.get()
    assert item.passages == [
        {
            "page": 2,
            "text": "When children go missing from home or care, return home interviews are "
            "not offered.",
        }
    ]
    opening = Opening.objects.get()
    assert opening.lever.code == "LE1"
    assert stage.served(report) == 1


def test_a_pdf_bomb_in_a_linked_report_flags_the_source_and_keeps_the_listing(
    server, stage, make_pdf
):
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()
    bomb = make_pdf([stream]).replace(b"/Length", b"/Filter /FlateDecode /Length")
    report = stage(bomb, "application/pdf")
    listing = (
        f"<html><body><div class='result inspection'><h4><a href='{report}'>Missing children "
        "inspection</a></h4></div></body></html>"
    ).encode()
    source = make_source(
        stage(listing, "text/html"), "html", options=LISTING_OPTIONS, follow_documents=True
    )

    result = scan_source(source, now=NOW)

    source.refresh_from_db()
    assert Item.objects.count() == 1
    assert source.health == Source.Health.FAILING
    assert "could not be read" in source.last_error
    assert result.fetched == 1
