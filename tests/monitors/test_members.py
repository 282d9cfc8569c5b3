"""Names for Parliament members an opening mentions, from the UK Parliament Members API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from monitors.members import member_details
from monitors.models import Item, Opening, Source
from monitors.tasks import scan_source
from tests import builders

from .conftest import sample

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.UTC)


def member_payload() -> bytes:
    # The Members API answers GET /api/Members/{id} with the `value` of a search result.
    search = json.loads(sample("parliament-members/members-search.json"))
    return json.dumps({"value": search["items"][0]["value"], "links": []}).encode()


def questions_payload(member_id: int) -> bytes:
    question = {
        "value": {
            "id": member_id,
            "uin": str(member_id),
            "askingMemberId": member_id,
            "house": "Commons",
            "dateTabled": "2024-03-18T00:00:00",
            "heading": "Missing Children: Children in Care",
            "questionText": "To ask the Secretary of State for the Home Department, how many "
            "children went missing from care in each of the last five years.",
            "answerText": None,
            "answeringBodyName": "Home Office",
        },
        "links": [],
    }
    return json.dumps({"totalResults": 1, "results": [question]}).encode()


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


@pytest.fixture
def members_api(settings, server):
    settings.MONITORS_MEMBERS_API = f"{server}/staged/member-{{id}}"


def scan_question(stage, member_id):
    source = Source.objects.create(
        name=f"Questions {member_id}",
        kind="parliament-written-questions",
        url=stage(questions_payload(member_id)),
    )
    return scan_source(source, now=NOW)


def test_create_person_on_an_opening_is_filled_in_with_the_members_name_party_and_seat(
    members_api, stage, officer_client
):
    lookup = stage(member_payload(), name="member-4514")

    result = scan_question(stage, 4514)

    assert result.ok and result.openings == 1 and stage.served(lookup) == 1
    item = Item.objects.get()
    assert item.extra["memberNames"] == {
        "4514": {"name": "Sir Keir Starmer", "party": "Labour", "seat": "Holborn and St Pancras"}
    }
    page = officer_client.get(reverse("monitors:opening", args=[Opening.objects.get().pk]))
    assert 'value="Sir Keir Starmer"' in page.content.decode()
    assert "Labour, Holborn and St Pancras" in page.content.decode()


def test_members_already_known_as_stakeholders_are_not_looked_up(members_api, stage):
    builders.person(name="Keir Starmer", parliament_member_id=4514)
    lookup = stage(member_payload(), name="member-4514")

    scan_question(stage, 4514)

    assert stage.served(lookup) == 0
    assert Opening.objects.get().people.get().parliament_member_id == 4514


@pytest.mark.parametrize(
    "response",
    [
        (500, b"Internal Server Error", {"Content-Type": "text/plain"}),
        (200, b"<html><body>Maintenance</body></html>", {"Content-Type": "text/html"}),
        (200, b'{"value": {"id": 4514}}', {"Content-Type": "application/json"}),
        (200, b'{"value": "Sir Keir Starmer"}', {"Content-Type": "application/json"}),
    ],
)
def test_a_failed_member_look_up_leaves_the_scan_healthy_and_the_name_to_type(
    members_api, stage, officer_client, response
):
    stage([response], name="member-4514")

    result = scan_question(stage, 4514)

    assert result.ok and result.openings == 1
    assert Source.objects.get().last_error == ""
    assert "memberNames" not in Item.objects.get().extra
    page = officer_client.get(reverse("monitors:opening", args=[Opening.objects.get().pk]))
    assert 'name="name" value=""' in page.content.decode()


def test_member_look_ups_obey_the_allowed_hosts_like_every_other_fetch(settings, server, stage):
    # localhost is not in MONITORS_ALLOW_HOSTS, so the loopback address it resolves to is
    # refused before any request is sent.
    settings.MONITORS_MEMBERS_API = server.replace("127.0.0.1", "localhost") + "/staged/m-{id}"
    lookup = stage(member_payload(), name="m-4514")

    result = scan_question(stage, 4514)

    assert result.ok and stage.served(lookup) == 0
    assert "memberNames" not in Item.objects.get().extra


def test_without_a_members_api_address_nothing_is_looked_up(settings):
    settings.MONITORS_MEMBERS_API = ""
    assert member_details(4514) is None


def test_a_member_whose_party_and_seat_come_in_another_shape_is_still_named(members_api, stage):
    odd = {"id": 4514, "nameDisplayAs": "  Sir Keir\n Starmer ", "latestParty": "Labour"}
    stage(json.dumps({"value": odd}).encode(), name="member-4514")

    assert member_details(4514) == {"name": "Sir Keir Starmer", "party": "", "seat": ""}
