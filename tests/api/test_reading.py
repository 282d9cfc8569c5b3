"""Reading Waymark's records through /api/v1/ with a real personal access token."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evidence.models import EvidenceItem
from monitors.models import Opening
from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db


def test_staff_read_openings_newest_first_with_their_links(api_get, staff_member):
    older = builders.opening(created_at=timezone.now() - datetime.timedelta(days=2))
    newer = builders.opening()
    person = builders.person(name="Jo Bloggs MP")
    newer.people.add(person)

    response = api_get(staff_member, "/api/v1/openings")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["items"]] == [newer.pk, older.pk]
    assert body["items"][0]["people"] == [{"id": person.pk, "name": "Jo Bloggs MP"}]
    assert body["items"][0]["url"] == newer.item.url
    assert body["items"][0]["page"] == newer.get_absolute_url()


def test_openings_filter_by_status_topic_source_lever_and_since(api_get, leader):
    lever = Element.objects.filter(kind=Element.Kind.LEVER).first()
    wanted = builders.opening(lever=lever)
    source = wanted.source
    builders.opening(source=source, status=Opening.Status.DISMISSED, lever=lever)
    builders.opening(lever=lever)  # another source
    builders.opening(source=source)  # no lever
    old = builders.opening(
        source=source, lever=lever, created_at=timezone.now() - datetime.timedelta(days=30)
    )

    response = api_get(
        leader,
        "/api/v1/openings",
        status="open",
        topic="missing_from_care",
        source=source.pk,
        lever=lever.pk,
        since=(timezone.now() - datetime.timedelta(days=1)).isoformat(),
    )

    assert [row["id"] for row in response.json()["items"]] == [wanted.pk]
    recent = api_get(
        leader, "/api/v1/openings", since=(timezone.now() - datetime.timedelta(days=1)).isoformat()
    )
    assert old.pk not in [row["id"] for row in recent.json()["items"]]
    assert recent.json()["count"] == 4
    other_topic = api_get(leader, "/api/v1/openings", topic="missing_adults").json()
    assert other_topic["count"] == 0


def test_an_unknown_filter_value_is_422_with_the_field_named(api_get, leader):
    response = api_get(leader, "/api/v1/openings", status="sideways", topic="nonsense")

    assert response.status_code == 422
    fields = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert fields == {("query", "status"), ("query", "topic")}
    assert api_get(leader, "/api/v1/openings", since="yesterday").status_code == 422


def test_pages_are_stable_and_cover_every_opening_once(api_get, leader):
    now = timezone.now()
    made = {builders.opening(created_at=now).pk for _ in range(7)}  # all at the same moment

    seen = []
    for page in (1, 2, 3):
        body = api_get(leader, "/api/v1/openings", page=page, page_size=3).json()
        assert body["count"] == 7
        seen += [row["id"] for row in body["items"]]

    assert len(seen) == 7 and set(seen) == made


def test_asks_come_with_their_status_history(api_get, staff_member, officer):
    ask = builders.ask(title="Publish the data")
    ask.move_to("made", by=officer, note="Letter sent")
    ask.move_to("acknowledged", by=officer)

    body = api_get(staff_member, f"/api/v1/asks/{ask.pk}").json()

    assert body["status"] == "acknowledged"
    assert [(c["from_status"], c["to_status"]) for c in body["status_history"]] == [
        ("made", "acknowledged"),
        ("drafted", "made"),
    ]
    assert body["status_history"][1]["note"] == "Letter sent"
    assert body["status_history"][1]["changed_by"] == officer.username


def test_every_resource_lists_and_shows_one(api_get, leader):
    ask = builders.ask()
    records = {
        "campaigns": ask.campaign,
        "asks": ask,
        "consultations": builders.consultation(closes_in_days=10),
        "people": builders.person(),
        "organisations": builders.organisation(),
        "interactions": builders.interaction(summary="Met the minister"),
        "evidence": builders.evidence_item(confidentiality="internal"),
        "areas": builders.local_area(),
        "openings": builders.opening(),
    }
    for resource, record in records.items():
        listing = api_get(leader, f"/api/v1/{resource}")
        assert listing.status_code == 200, resource
        assert record.pk in [row["id"] for row in listing.json()["items"]], resource
        one = api_get(leader, f"/api/v1/{resource}/{record.pk}")
        assert one.status_code == 200, resource
        assert one.json()["id"] == record.pk
        assert api_get(leader, f"/api/v1/{resource}/999999").status_code == 404


def test_evidence_detail_has_the_extracted_text_of_its_files(api_get, staff_member):
    item = builders.evidence_item(confidentiality="internal")
    builders.evidence_file(item, content=b"area,episodes\nKent,12\n")

    body = api_get(staff_member, f"/api/v1/evidence/{item.pk}").json()

    assert body["files"][0]["extracted_text"] == "area,episodes\nKent,12\n"
    assert "files" not in api_get(staff_member, "/api/v1/evidence").json()["items"][0]


def test_evidence_answers_never_read_the_attached_files_text(api_get, staff_member):
    item = builders.evidence_item(confidentiality="internal")
    builders.evidence_file(item, content=b"area,episodes\nKent,12\n" * 1000)

    with CaptureQueriesContext(connection) as queries:
        assert api_get(staff_member, "/api/v1/evidence").status_code == 200
        assert api_get(staff_member, f"/api/v1/evidence/{item.pk}").status_code == 200

    assert not [q["sql"] for q in queries if '"evidence_evidenceitem"."files_text"' in q["sql"]]


def test_restricted_evidence_does_not_exist_for_those_not_allowed(api_get, staff_member, leader):
    restricted = builders.evidence_item(confidentiality=EvidenceItem.Confidentiality.RESTRICTED)
    internal = builders.evidence_item(confidentiality="internal")
    leader.user_permissions.add(Permission.objects.get(codename="view_restricted"))

    listing = api_get(staff_member, "/api/v1/evidence").json()
    assert [row["id"] for row in listing["items"]] == [internal.pk]
    assert listing["count"] == 1
    response = api_get(staff_member, f"/api/v1/evidence/{restricted.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}

    allowed = api_get(leader, f"/api/v1/evidence/{restricted.pk}")
    assert allowed.status_code == 200
    assert allowed.json()["confidentiality"] == "restricted"


def test_erased_people_are_not_listed(api_get, leader):
    kept = builders.person()
    erased = builders.person(erased_at=timezone.now())

    ids = [row["id"] for row in api_get(leader, "/api/v1/people").json()["items"]]

    assert kept.pk in ids and erased.pk not in ids
    assert api_get(leader, f"/api/v1/people/{erased.pk}").status_code == 404


# Query counts: a page of 100 costs the same number of queries as a page of 10.


def _populate(n):
    officer_ask = builders.ask()
    area = builders.local_area()
    organisation = builders.organisation(local_area=area)
    for _ in range(n):
        person = builders.person(organisation=organisation)
        opening = builders.opening()
        opening.people.add(person)
        opening.asks.add(officer_ask)
        opening.campaigns.add(officer_ask.campaign)
        opening.areas.add(area)
        interaction = builders.interaction(people=[person], organisations=[organisation])
        interaction.asks.add(officer_ask)
        ask = builders.ask(campaign=officer_ask.campaign)
        ask.target_people.add(person)
        ask.move_to("made")
        consultation = builders.consultation(body=organisation)
        consultation.asks.add(ask)
        evidence = builders.evidence_item(confidentiality="internal", index=False)
        evidence.asks.add(ask)
        builders.organisation(parent=organisation)
        builders.local_area(police_force_area=area)


RESOURCES = [
    "openings",
    "campaigns",
    "asks",
    "consultations",
    "people",
    "organisations",
    "interactions",
    "evidence",
    "areas",
]


def _queries(client, secret, path, page_size):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            path, {"page_size": page_size}, headers={"Authorization": f"Bearer {secret}"}
        )
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(page_size, response.json()["count"])
    return len(queries)


def test_a_page_of_100_costs_no_more_queries_than_a_page_of_10(client, token_for, leader):
    _populate(101)
    secret = token_for(leader)
    _queries(client, secret, "/api/v1/openings", 1)  # the token's first use is recorded

    counts = {
        resource: (
            _queries(client, secret, f"/api/v1/{resource}", 10),
            _queries(client, secret, f"/api/v1/{resource}", 100),
        )
        for resource in RESOURCES
    }

    print("queries per page of 10 and 100:", counts)  # shown with -s, for the record
    assert {resource: small for resource, (small, _) in counts.items()} == {
        resource: large for resource, (_, large) in counts.items()
    }
