"""Downloads read from the database only the columns they write, a chunk of rows at a time, so
a server streaming one holds a chunk's worth of short values however long the list: never an
evidence item's attached files' text, a monitored item's body, or a target person's notes."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategy.models import Element
from tests import builders
from ui import spreadsheet

pytestmark = pytest.mark.django_db

LONG = "A long text no export writes. " * 200


def evidence(n):
    ask, campaign = builders.ask(detail=LONG), builders.campaign(summary=LONG)
    for _ in range(n):
        item = builders.evidence_item()
        item.asks.add(ask)
        item.campaigns.add(campaign)
        item.outcomes.add(Element.objects.outcomes().first())
        builders.evidence_file(item, content=LONG.encode())


def asks(n):
    campaign = builders.campaign(summary=LONG)
    for _ in range(n):
        ask = builders.ask(campaign=campaign, detail=LONG)
        ask.target_people.add(builders.person(notes=LONG))
        ask.target_organisations.add(builders.organisation(notes=LONG))


def people(n):
    for _ in range(n):
        builders.person(notes=LONG, organisation=builders.organisation(notes=LONG))


def organisations(n):
    area = builders.local_area(status_notes=LONG)
    parent = builders.organisation(local_area=area)
    for _ in range(n - 1):
        builders.organisation(parent=parent, local_area=area)


def openings(n):
    for _ in range(n):
        opening = builders.opening(change=LONG, notes=LONG)
        opening.item.body = LONG
        opening.item.passages = [{"page": 1, "text": LONG}]
        opening.item.save()


# Each export, what builds n of its rows, the columns it must never read, and the queries each
# chunk of rows adds (one per kind of link read by name, none for columns of joined records).
def deliveries(n):
    area = builders.local_area(status_notes=LONG)
    organisation = builders.organisation(notes=LONG)
    for _ in range(n):
        builders.delivery(local_area=area, organisations=[organisation], notes="Short")


def feedback(n):
    area = builders.local_area(status_notes=LONG)
    delivery = builders.delivery(notes=LONG)
    for _ in range(n):
        builders.feedback(local_area=area, delivery=delivery)


EXPORTS = {
    "evidence:item_export": (
        evidence,
        [
            '"evidence_evidenceitem"."files_text"',
            '"campaigns_ask"."detail"',
            '"campaigns_campaign"."summary"',
        ],
        3,
    ),
    "campaigns:ask_export": (
        asks,
        ['"campaigns_ask"."detail"', '"campaigns_campaign"."summary"', '"notes"'],
        2,
    ),
    "stakeholders:person_export": (people, ['"notes"'], 0),
    "stakeholders:organisation_export": (organisations, ['"status_notes"'], 0),
    "strategy:delivery_export": (
        deliveries,
        ['"stakeholders_localarea"."status_notes"', '"stakeholders_organisation"."notes"'],
        1,
    ),
    "strategy:feedback_export": (
        feedback,
        ['"stakeholders_localarea"."status_notes"', '"strategy_activitydelivery"."notes"'],
        0,
    ),
    "monitors:opening_export": (
        openings,
        ['"monitors_item"."body"', '"monitors_item"."passages"', '"monitors_opening"."change"'],
        0,
    ),
}


def read(client, url_name, **params):
    if url_name == "monitors:opening_export":
        params["status"] = ""  # every opening, not only those still to triage
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name), params)
        assert response.status_code == 200 and response.streaming
        body = b"".join(response.streaming_content)
    return body, [query["sql"] for query in queries]


@pytest.mark.parametrize("url_name", EXPORTS)
def test_an_export_never_reads_the_long_texts_it_does_not_write(officer_client, url_name):
    build, unwritten, _ = EXPORTS[url_name]
    build(3)

    body, queries = read(officer_client, url_name)

    assert body.count(b"\n") >= 4  # a header and three rows at least
    assert LONG.encode()[:40] not in body
    read_columns = [column for column in unwritten if any(column in sql for sql in queries)]
    assert read_columns == []


@pytest.mark.parametrize(
    ("url_name", "form"),
    [(name, "csv") for name in EXPORTS] + [("monitors:opening_export", "json")],
)
def test_each_chunk_of_rows_costs_the_same_few_queries_never_one_per_row(
    officer_client, monkeypatch, url_name, form
):
    monkeypatch.setattr(spreadsheet, "CHUNK_SIZE", 2)
    build, _, per_chunk = EXPORTS[url_name]
    counts = []
    for _ in range(3):
        build(2)  # one more chunk of rows
        counts.append(len(read(officer_client, url_name, format=form)[1]))

    assert [later - earlier for earlier, later in itertools.pairwise(counts)] == [per_chunk] * 2
