"""Lists and exports that stay quick with years of data: per-row figures are worked out for the
page shown, follow-ups come a page at a time, and downloads stream from the database."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Interaction, Organisation, Person
from tests import builders
from ui import spreadsheet

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def body(response):
    return response.content.decode()


def csv_rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_people_list_shows_each_persons_last_contact_and_sorts_by_it(officer_client):
    recent = builders.person(name="Recent Contact")
    older = builders.person(name="Older Contact")
    builders.person(name="Never Met")
    builders.interaction(people=[recent, older], date=TODAY - 40 * DAY)
    builders.interaction(people=[recent], date=TODAY - 2 * DAY)
    builders.interaction(people=[older], date=TODAY - 30 * DAY)

    page = body(officer_client.get(reverse("stakeholders:person_list"), {"o": "-last_contact"}))

    assert page.index("Recent Contact") < page.index("Older Contact")
    assert (TODAY - 2 * DAY).strftime("%-d %b %Y") in page
    assert (TODAY - 30 * DAY).strftime("%-d %b %Y") in page
    assert "Showing 1 to 3 of 3" in page


def test_organisations_list_counts_people_and_last_contact_without_multiplying(officer_client):
    police = builders.organisation(name="Kent Police")
    for n in range(3):
        builders.person(name=f"Officer {n}", organisation=police)
    for days in (10, 5, 20):
        builders.interaction(organisations=[police], date=TODAY - days * DAY)
    builders.organisation(name="Quiet Council")

    rows = csv_rows(officer_client.get(reverse("stakeholders:organisation_export")))
    by_name = {row["Name"]: row for row in rows}

    assert by_name["Kent Police"]["People"] == "3"
    assert by_name["Kent Police"]["Last contact"] == str(TODAY - 5 * DAY)
    assert (by_name["Quiet Council"]["People"], by_name["Quiet Council"]["Last contact"]) == (
        "0",
        "",
    )
    page = body(officer_client.get(reverse("stakeholders:organisation_list"), {"o": "-people"}))
    assert page.index("Kent Police") < page.index("Quiet Council")


@pytest.mark.parametrize("params", [{}, {"kind": "police_force"}, {"o": "-last_contact"}])
def test_organisations_export_finds_last_contacts_in_one_aggregate_not_per_organisation(
    officer_client, params
):
    # PostgreSQL worked a subquery per organisation out over every one of its interactions:
    # 10 s for 5,000 organisations (docs/benchmarks.md). The rows read one aggregate instead.
    police = builders.organisation(name="Kent Police", kind="police_force")
    other_police = builders.organisation(name="Essex Police", kind="police_force")
    quiet = builders.organisation(name="Quiet Police", kind="police_force")
    for organisation, days in ((police, 10), (police, 5), (other_police, 30)):
        builders.interaction(organisations=[organisation], date=TODAY - days * DAY)
    builders.interaction(people=[builders.person(organisation=quiet)], date=TODAY)

    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(officer_client.get(reverse("stakeholders:organisation_export"), params))

    last_contact = {row["Name"]: row["Last contact"] for row in rows}
    assert last_contact["Kent Police"] == str(TODAY - 5 * DAY)
    assert last_contact["Essex Police"] == str(TODAY - 30 * DAY)
    assert last_contact["Quiet Police"] == ""  # met someone there, not the organisation
    reads = [q["sql"] for q in queries if '"stakeholders_organisation"."website"' in q["sql"]]
    if params.get("o") != "-last_contact":  # sorted by it, the rows carry it (an aggregate)
        assert reads and all("stakeholders_interaction" not in sql for sql in reads)


@pytest.mark.parametrize("url_name", ["organisation_list", "organisation_export"])
def test_sorting_organisations_by_last_contact_reads_one_aggregate_not_a_subquery_per_row(
    officer_client, url_name
):
    # Sorting needs every organisation's last contact; a subquery per row had PostgreSQL
    # visit each one's links one organisation at a time (1 s for the list at scale 100).
    police = builders.organisation(name="Kent Police")
    council = builders.organisation(name="Medway Council")
    builders.organisation(name="Quiet Trust")
    builders.person(organisation=police)
    builders.person(organisation=police)
    for organisation, days in ((police, 10), (police, 5), (council, 30), (council, 40)):
        builders.interaction(organisations=[organisation], date=TODAY - days * DAY)

    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(reverse(f"stakeholders:{url_name}"), {"o": "-last_contact"})
        text = b"".join(response.streaming_content) if response.streaming else response.content

    # The queries that sort the organisations (by a figure, not by a name column).
    sqls = [q["sql"] for q in queries if "ORDER BY" in q["sql"]]
    sorting = [
        sql for sql in sqls if "organisation" in sql and "name" not in sql.split("ORDER BY")[-1]
    ]
    assert sorting and all("(SELECT" not in sql for sql in sorting)
    page = text.decode("utf-8-sig")
    assert page.index("Kent Police") < page.index("Medway Council")
    if url_name == "organisation_export":
        rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(page))}
        assert rows["Kent Police"]["Last contact"] == str(TODAY - 5 * DAY)
        assert rows["Kent Police"]["People"] == "2"
        assert (rows["Quiet Trust"]["People"], rows["Quiet Trust"]["Last contact"]) == ("0", "")


def test_interaction_search_finds_summaries_people_and_organisations_once_each(officer_client):
    smith = builders.person(name="Jo Smith")
    smithers = builders.person(name="Al Smithers")
    smithfield = builders.organisation(name="Smithfield Council")
    both = builders.interaction(
        people=[smith, smithers], organisations=[smithfield], summary="Agreed the protocol"
    )
    by_summary = builders.interaction(summary="Briefed Ms Smith's office")
    builders.interaction(summary="Unrelated")

    found = Interaction.objects.matching("smith")

    assert sorted(i.pk for i in found) == sorted([both.pk, by_summary.pk])
    page = body(officer_client.get(reverse("stakeholders:interaction_list"), {"q": "smith"}))
    assert "Showing 1 to 2 of 2" in page
    assert "Unrelated" not in page


def _follow_up(summary, due, owner=None, **fields):
    return builders.interaction(
        summary=summary,
        follow_up_action=f"Do {summary}",
        follow_up_due=due,
        follow_up_owner=owner,
        **fields,
    )


def test_follow_ups_come_a_page_at_a_time_overdue_first(officer_client):
    for n in range(30):
        _follow_up(f"late {n:02}", TODAY - (n + 1) * DAY)
    _follow_up("soon", TODAY + DAY)
    _follow_up("done", TODAY - DAY, follow_up_done=True)

    first = body(officer_client.get(reverse("stakeholders:follow_up_list")))
    assert "Overdue (30)" in first and "Coming up (1)" in first
    assert "Do late 29" in first  # the longest overdue first
    assert "Do soon" not in first
    assert "These are on later pages." in first
    assert "Do done" not in first

    second = body(officer_client.get(reverse("stakeholders:follow_up_list"), {"page": 2}))
    assert "Do soon" in second
    assert "Do late 29" not in second


def test_follow_ups_narrow_to_mine_overdue_or_this_week(officer_client, officer, leader):
    mine_late = _follow_up("mine late", TODAY - DAY, owner=officer)
    _follow_up("theirs late", TODAY - DAY, owner=leader)
    sunday = TODAY + datetime.timedelta(days=6 - TODAY.weekday())
    _follow_up("mine this week", sunday, owner=officer)
    _follow_up("mine next week", sunday + DAY, owner=officer)
    url = reverse("stakeholders:follow_up_list")

    mine = body(officer_client.get(url, {"whose": "mine"}))
    assert "Do mine late" in mine and "Do mine next week" in mine
    assert "Do theirs late" not in mine

    overdue = body(officer_client.get(url, {"whose": "mine", "due": "overdue"}))
    assert "Do mine late" in overdue
    assert "Do mine this week" not in overdue

    week = body(officer_client.get(url, {"due": "week"}, headers={"HX-Request": "true"}))
    assert "Do mine late" in week and "Do theirs late" in week and "Do mine this week" in week
    assert "Do mine next week" not in week
    assert "<html" not in week  # the results fragment for htmx
    assert mine_late.follow_up_state(TODAY) == "overdue"


def _add_stakeholder_data(n):
    campaign = builders.campaign()
    ask = builders.ask(campaign=campaign)
    for i in range(n):
        organisation = builders.organisation()
        person = builders.person(organisation=organisation)
        interaction = builders.interaction(
            people=[person, builders.person()],
            organisations=[organisation],
            follow_up_action="Call",
            follow_up_due=TODAY + i * DAY,
        )
        interaction.campaigns.add(campaign)
        interaction.asks.add(ask)


@pytest.mark.parametrize(
    "url_name",
    [
        "stakeholders:interaction_export",
        "stakeholders:person_export",
        "stakeholders:organisation_export",
        "stakeholders:area_export",
        "campaigns:campaign_export",
        "campaigns:ask_export",
        "campaigns:consultation_export",
        "evidence:item_export",
    ],
)
def test_exports_stream_with_queries_that_do_not_grow_with_rows(officer_client, url_name):
    def export():
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(reverse(url_name))
            assert response.streaming
            rows = csv_rows(response)
        return len(queries), len(rows)

    _add_stakeholder_data(2)
    few_queries, few_rows = export()
    _add_stakeholder_data(10)
    more_queries, more_rows = export()

    assert more_queries == few_queries
    if url_name.startswith("stakeholders:") and url_name != "stakeholders:area_export":
        assert more_rows > few_rows


def test_the_interactions_export_reads_the_database_a_chunk_at_a_time(officer_client, monkeypatch):
    monkeypatch.setattr(spreadsheet, "CHUNK_SIZE", 4)
    _add_stakeholder_data(10)

    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(officer_client.get(reverse("stakeholders:interaction_export")))

    # Each chunk of four reads its rows and then its people, organisations, campaigns, asks.
    prefetches = [q for q in queries if "stakeholders_interaction_people" in q["sql"]]
    assert len(rows) == 10 and len(prefetches) == 3
    assert {row["Campaigns"] for row in rows} == {Interaction.objects.first().campaigns.get().title}
    people = {row["People"] for row in rows}
    assert all(len(value.split("; ")) == 2 for value in people)


def test_the_people_export_still_neutralises_formulas_and_shows_last_contact(officer_client):
    person = builders.person(name="=HYPERLINK(1)")
    builders.interaction(people=[person], date=TODAY - 3 * DAY)

    [row] = csv_rows(officer_client.get(reverse("stakeholders:person_export")))

    assert row["Name"] == "'=HYPERLINK(1)"
    assert row["Last contact"] == str(TODAY - 3 * DAY)
    assert Person.objects.count() == 1 and Organisation.objects.count() == 0


def test_champions_who_left_come_a_page_at_a_time_in_the_same_queries(officer_client):
    def page(**params):
        url = reverse("stakeholders:champion_list")
        with CaptureQueriesContext(connection) as queries:
            text = officer_client.get(url, params).content.decode()
        return text, len(queries)

    def champion_who_left(number):
        champion = builders.person(name=f"Champion {number:02}", stance="champion")
        role = champion.start_role("Lead", builders.organisation(), started_on=TODAY - 99 * DAY)
        champion.end_role(role, ended_on=TODAY - (number + 1) * DAY)

    champion_who_left(0)
    _, few = page()
    for number in range(1, 30):
        champion_who_left(number)
    first, many = page()
    second, _ = page(page=2)

    assert many == few
    # Most recent leavers first.
    assert "Champion 00" in first and "Champion 24" in first and "Champion 25" not in first
    assert "Champion 29" in second and "Showing 26 to 30 of 30" in second


def test_a_busy_persons_page_shows_their_latest_interactions_and_where_the_rest_are(
    officer_client,
):
    person = builders.person(name="Helen Marsh")
    for days in range(60):
        builders.interaction(people=[person], date=TODAY - days * DAY, summary=f"Call {days}")

    page = body(officer_client.get(person.get_absolute_url()))

    assert "Call 49" in page and "Call 50" not in page and "Call 59" not in page
    assert "The latest 50 of 60 interactions" in page
    assert reverse("stakeholders:interaction_list") + "?q=Helen%20Marsh" in page


@pytest.mark.parametrize(
    "address",
    [
        lambda person: reverse("stakeholders:interaction_list") + "?q=meeting",
        lambda person: reverse("stakeholders:person_list") + "?o=-last_contact",
        lambda person: person.get_absolute_url(),
    ],
)
def test_searched_and_sorted_lists_and_a_persons_page_query_counts_do_not_grow(
    officer_client, address
):
    person = builders.person(name="Helen Marsh", organisation=builders.organisation())

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(address(person)).status_code == 200
        return len(queries)

    def add_meetings(count):
        for number in range(count):
            other = builders.person(organisation=builders.organisation())
            builders.interaction(
                people=[person, other],
                organisations=[other.organisation],
                summary=f"Team meeting {number}",
                date=TODAY - number * DAY,
            ).campaigns.add(builders.campaign())

    add_meetings(1)
    few = count_queries()
    add_meetings(30)
    assert count_queries() == few


def test_a_records_change_history_reads_in_the_same_queries_however_long(officer_client):
    area = builders.local_area(name="Kent")
    url = reverse("stakeholders:area", args=[area.pk])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            page = body(officer_client.get(url))
        return page, len(queries)

    area.status_notes = "First review"
    area.save()
    _, few = count_queries()
    for number in range(5):
        area.status_notes = f"Review {number}"
        area.save()
    page, many = count_queries()

    assert "Review 4" in page
    assert many == few
