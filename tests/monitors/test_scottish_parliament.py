"""The Scottish Parliament's questions and motions, read from its real open-data payload."""

from __future__ import annotations

import datetime
import json

import pytest

from harvesting.parsers import ParseError, get_parser
from monitors.models import Item, Source
from monitors.tasks import scan_source
from tests import builders

from .conftest import sample

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2016, 1, 20, 9, 0, tzinfo=datetime.UTC)
SAMPLE = "scottish-parliament/mqa-questions-2016-excerpt.json"


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def parse(body: bytes, **options):
    return get_parser("scottish-parliament")(
        body,
        url="https://data.parliament.scot/api/motionsquestionsanswersquestions?year=2016",
        options={"content_type": "application/json", **options},
    )


def test_every_question_in_the_real_payload_is_read_with_its_reference_member_and_answer():
    records = json.loads(sample(SAMPLE))
    items = parse(sample(SAMPLE)).items

    assert len(items) == len(records) == 4
    by_reference = {item.extra["reference"]: item for item in items}
    topical = by_reference["S4T-01264"]
    assert topical.title.startswith("Topical question S4T-01264: What progress it has made")
    assert topical.url.endswith("question?ref=S4T-01264")
    assert topical.member_ids == ["msp:4948"]
    assert topical.published.date() == datetime.date(2016, 1, 5)
    answered = [item for item in items if "Answer:" in item.body]
    assert answered, "the sample has answered questions"
    assert all("\r" not in item.body for item in items)
    assert {item.extra["kind"] for item in items} >= {"Topical question"}


def test_only_the_kinds_asked_for_are_kept():
    written = parse(sample(SAMPLE), kinds=["W"]).items
    assert written and all(item.extra["kind"] == "Written question" for item in written)


def test_a_motion_links_to_the_motions_page():
    motion = {
        "UniqueID": 1,
        "EventID": "S5M-00123",
        "MSPID": 5600,
        "Title": "Missing People Charity Week",
        "ItemText": "That the Parliament recognises the work of Missing People...",
        "SubmissionDateTime": "2016-06-01T10:00:00",
    }
    [item] = parse(json.dumps([motion]).encode()).items
    assert (
        item.url == "https://www.parliament.scot/chamber-and-committees/votes-and-motions/S5M-00123"
    )
    assert item.title == "Missing People Charity Week"
    assert item.extra["kind"] == "Motion"


@pytest.mark.parametrize("body", [b'{"Message": "An error has occurred."}', b"[1, 2]", b"<html>"])
def test_an_error_or_odd_payload_is_explained(body):
    with pytest.raises(ParseError):
        parse(body)


def test_a_scan_links_msps_as_people_and_never_to_a_westminster_member_with_the_same_number(
    stage,
):
    msp = builders.person(name="Scottish member", scottish_parliament_id=4948)
    westminster = builders.person(name="Westminster member", parliament_member_id=4948)
    # The relevance filter opens what is about missing people: make one question about it.
    records = json.loads(sample(SAMPLE))
    records[0]["ItemText"] = (
        "To ask the Scottish Government how many children went missing from care in 2015."
    )
    source = Source.objects.create(
        name="Scottish Parliament questions",
        kind=Source.Kind.SCOTTISH_PARLIAMENT,
        url=stage(json.dumps(records).encode()),
    )

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW)

    assert result.ok and result.fetched == 4 and result.openings == 1
    assert again.new == 0 and again.openings == 0
    item = Item.objects.get(url__endswith="S4T-01264")
    opening = item.openings.get()
    assert list(opening.people.all()) == [msp]
    assert not westminster.openings.exists()
    assert opening.lever_type == "parliamentary_interest" and not opening.followed_only


def test_a_followed_msps_questions_open_whatever_their_subject(stage, officer):
    msp = builders.person(name="Scottish member", scottish_parliament_id=4948)
    msp.follows.create(user=officer)
    source = Source.objects.create(
        name="Scottish Parliament questions",
        kind=Source.Kind.SCOTTISH_PARLIAMENT,
        url=stage(sample(SAMPLE)),
    )

    result = scan_source(source, now=NOW)

    # The Forth Road Bridge is not about missing people, but the member asking is followed.
    opening = msp.openings.get()
    assert result.openings == 1
    assert not opening.item.relevant and opening.followed_only
