import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import ERASED_NAME, Interaction, LocalArea, Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


# Organisations


def test_a_duplicate_organisation_name_points_at_the_existing_one(officer_client):
    existing = builders.organisation(name="Home Office")
    response = officer_client.post(
        reverse("stakeholders:organisation_create"),
        {"name": "  home   OFFICE ", "kind": "government_department", "sector": "government"},
    )
    page = body(response)
    assert "“Home Office” is already in Waymark" in page
    assert f'href="{existing.get_absolute_url()}"' in page
    assert Organisation.objects.count() == 1


def test_renaming_an_organisation_to_its_own_name_in_other_case_is_allowed(officer_client):
    organisation = builders.organisation(name="Ofsted")
    response = officer_client.post(
        reverse("stakeholders:organisation_edit", args=[organisation.pk]),
        {"name": "OFSTED", "kind": "inspectorate", "sector": "inspectorate"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "OFSTED"


def test_officer_rates_an_organisations_influence_and_stance_and_its_page_shows_them(
    officer_client,
):
    response = officer_client.post(
        reverse("stakeholders:organisation_create"),
        {"name": "Home Office", "kind": "government_department", "sector": "government"},
    )
    home_office = Organisation.objects.get(name="Home Office")
    assert (home_office.influence, home_office.stance) == (None, None)  # not rated yet
    response = officer_client.post(
        reverse("stakeholders:organisation_edit", args=[home_office.pk]),
        {
            "name": "Home Office",
            "kind": "government_department",
            "sector": "government",
            "influence": 5,
            "stance": "supportive",
        },
    )
    assert response.status_code == 302
    home_office.refresh_from_db()
    assert (home_office.influence, home_office.stance) == (5, "supportive")
    page = body(officer_client.get(home_office.get_absolute_url()))
    assert "5 out of 5" in page and "Supportive" in page
    form = body(
        officer_client.get(reverse("stakeholders:organisation_edit", args=[home_office.pk]))
    )
    assert 'name="influence"' in form and 'name="stance"' in form
    refused = officer_client.post(
        reverse("stakeholders:organisation_edit", args=[home_office.pk]),
        {"name": "Home Office", "sector": "government", "influence": 7, "stance": "adoring"},
    )
    assert refused.status_code == 200
    home_office.refresh_from_db()
    assert (home_office.influence, home_office.stance) == (5, "supportive")


def test_organisation_export_has_influence_and_stance(officer_client):
    builders.organisation(name="College of Policing", influence=5, stance="champion")
    lines = body(officer_client.get(reverse("stakeholders:organisation_export"))).splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(","), strict=False))
    assert (row["Influence"], row["Stance"]) == ("5", "Champion")


def test_organisation_page_shows_its_people_timeline_and_last_contact(officer_client):
    organisation = builders.organisation(name="Kent Police")
    person = builders.person(name="DCI Amy Hart")
    person.start_role("Missing persons lead", organisation, started_on=TODAY - 400 * DAY)
    builders.interaction(people=[person], date=TODAY - 3 * DAY, summary="Discussed the protocol")
    builders.interaction(organisations=[organisation], date=TODAY - 30 * DAY, summary="Letter")
    page = body(officer_client.get(organisation.get_absolute_url()))
    assert "DCI Amy Hart" in page
    assert "Discussed the protocol" in page and "Letter" in page
    assert (TODAY - 3 * DAY).strftime("%-d %b %Y") in page


# People and roles


def test_adding_a_person_records_their_current_role(officer_client, officer):
    organisation = builders.organisation(name="College of Policing")
    response = officer_client.post(
        reverse("stakeholders:person_create"),
        {
            "name": "Ruth Castell",
            "role_title": "APP Guidance Lead",
            "role_organisation": organisation.pk,
            "role_started_on": "2024-04-01",
            "influence": 4,
            "stance": "champion",
            "owner": officer.pk,
            "tags": "APP, Policing",
        },
    )
    person = Person.objects.get()
    assert response.url == person.get_absolute_url()
    assert (person.role_title, person.organisation) == ("APP Guidance Lead", organisation)
    role = person.roles.get()
    assert role.started_on == datetime.date(2024, 4, 1) and role.ended_on is None
    assert person.tags == "app, policing"


def test_a_new_role_ends_the_old_one_and_keeps_it_in_the_history(officer_client):
    old_home, new_home = builders.organisation(name="Kent Police"), builders.organisation()
    person = builders.person(name="Amy Hart")
    person.start_role("Inspector", old_home, started_on=datetime.date(2022, 1, 1))
    officer_client.post(
        reverse("stakeholders:person_role_create", args=[person.pk]),
        {
            "title": "Head of Safeguarding",
            "organisation": new_home.pk,
            "started_on": "2025-02-01",
            "end_current": "on",
        },
    )
    person.refresh_from_db()
    assert person.organisation == new_home
    old = person.roles.get(organisation=old_home)
    assert old.ended_on == datetime.date(2025, 2, 1)
    page = body(officer_client.get(person.get_absolute_url()))
    assert "Inspector" in page and "Kent Police" in page


def test_ending_a_role_cannot_predate_its_start(officer_client):
    person = builders.person()
    role = person.start_role("Lead", None, started_on=datetime.date(2025, 1, 1))
    officer_client.post(
        reverse("stakeholders:person_role_end", args=[person.pk]),
        {"role": role.pk, "ended_on": "2024-01-01"},
    )
    role.refresh_from_db()
    assert role.ended_on is None


def test_a_role_form_with_problems_shows_each_beside_its_field_with_what_was_typed(
    officer_client,
):
    person = builders.person()
    role = person.start_role("Lead", None, started_on=datetime.date(2025, 1, 1))

    ending = officer_client.post(
        reverse("stakeholders:person_role_end", args=[person.pk]),
        {"role": role.pk, "ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2024"},
    )
    starting = officer_client.post(
        reverse("stakeholders:person_role_create", args=[person.pk]),
        {
            "title": "Head of Safeguarding",
            "started_on_day": "",
            "started_on_month": "",
            "started_on_year": "",
        },
    )

    ending_page, starting_page = body(ending), body(starting)
    assert "There is a problem" in ending_page
    assert "A role cannot end before it started." in ending_page
    assert 'id="end-role" open' in ending_page
    assert "There is a problem" in starting_page
    assert 'value="Head of Safeguarding"' in starting_page
    assert 'id="new-role" open' in starting_page
    assert person.roles.count() == 1


def test_a_champion_who_leaves_their_role_is_flagged_until_their_stance_is_confirmed(
    officer_client,
):
    organisation = builders.organisation(name="College of Policing")
    person = builders.person(name="Ruth Castell", stance="champion")
    role = person.start_role("APP Lead", organisation, started_on=datetime.date(2023, 1, 1))
    assert list(Person.objects.champions_who_left()) == []
    officer_client.post(
        reverse("stakeholders:person_role_end", args=[person.pk]),
        {"role": role.pk, "ended_on": str(TODAY)},
    )
    assert list(Person.objects.champions_who_left()) == [person]
    assert "Ruth Castell" in body(officer_client.get(reverse("stakeholders:champion_list")))
    page = body(officer_client.get(person.get_absolute_url()))
    assert "Staff changes can lead to deprioritisation" in page
    officer_client.post(reverse("stakeholders:person_stance_confirm", args=[person.pk]))
    assert list(Person.objects.champions_who_left()) == []


def test_a_champion_who_moves_organisation_is_flagged_but_a_promotion_is_not():
    home, elsewhere = builders.organisation(), builders.organisation()
    promoted = builders.person(stance="champion")
    promoted.start_role("Inspector", home, started_on=datetime.date(2022, 1, 1))
    promoted.start_role("Superintendent", home, started_on=datetime.date(2024, 1, 1))
    moved = builders.person(stance="champion")
    moved.start_role("Inspector", home, started_on=datetime.date(2022, 1, 1))
    moved.start_role("Adviser", elsewhere, started_on=datetime.date(2024, 1, 1))
    supporter = builders.person(stance="supportive")
    supporter.start_role("Inspector", home, started_on=datetime.date(2022, 1, 1))
    supporter.start_role("Adviser", elsewhere, started_on=datetime.date(2024, 1, 1))
    flagged = list(Person.objects.champions_who_left())
    assert flagged == [moved]
    assert flagged[0].left_organisation_id == home.pk


# Interactions


def test_officer_logs_an_interaction_and_it_appears_on_the_persons_timeline(officer_client):
    person = builders.person(name="Helen Marsh")
    ask = builders.ask(title="A named minister")
    response = officer_client.post(
        reverse("stakeholders:interaction_create"),
        {
            "date": str(TODAY - 2 * DAY),
            "kind": "meeting",
            "people": [person.pk],
            "asks": [ask.pk],
            "summary": "Agreed to raise cross-government leadership with the minister.",
            "follow_up_action": "Send the briefing",
            "follow_up_due": str(TODAY + 7 * DAY),
            "next": person.get_absolute_url(),
        },
    )
    assert response.url == person.get_absolute_url()
    interaction = Interaction.objects.get()
    assert list(interaction.asks.all()) == [ask]
    page = body(officer_client.get(person.get_absolute_url()))
    assert "moj-timeline" in page
    assert "Agreed to raise cross-government leadership" in page
    assert (TODAY - 2 * DAY).strftime("%-d %b %Y") in page


def test_an_interaction_needs_someone_involved(officer_client):
    response = officer_client.post(
        reverse("stakeholders:interaction_create"),
        {"date": str(TODAY), "kind": "call", "summary": "Nobody?"},
    )
    assert "Choose at least one person or organisation" in body(response)


def test_an_interaction_form_ignores_an_outside_next_address(officer_client):
    person = builders.person()
    response = officer_client.post(
        reverse("stakeholders:interaction_create"),
        {
            "date": str(TODAY),
            "kind": "call",
            "people": [person.pk],
            "summary": "Call",
            "next": "https://evil.example/",
        },
    )
    assert response.url == Interaction.objects.get().get_absolute_url()


def test_overdue_follow_ups_are_listed_and_can_be_marked_done_in_place(officer_client):
    person = builders.person()
    overdue = builders.interaction(
        people=[person], follow_up_action="Send data", follow_up_due=TODAY - DAY
    )
    builders.interaction(people=[person], follow_up_action="Later", follow_up_due=TODAY + DAY)
    builders.interaction(
        people=[person], follow_up_action="Done", follow_up_due=TODAY - DAY, follow_up_done=True
    )
    assert list(Interaction.objects.overdue_follow_ups()) == [overdue]
    assert list(Interaction.objects.overdue_follow_ups(today=TODAY - 5 * DAY)) == []
    page = body(officer_client.get(reverse("stakeholders:follow_up_list")))
    assert "Overdue (1)" in page and "Send data" in page
    response = officer_client.post(
        reverse("stakeholders:interaction_follow_up_status", args=[overdue.pk]),
        {"done": "1"},
        headers={"HX-Request": "true"},
    )
    assert f'id="interaction-{overdue.pk}"' in body(response)
    assert "Reopen" in body(response)
    assert not Interaction.objects.overdue_follow_ups().exists()


def test_leadership_cannot_log_interactions_or_mark_follow_ups(leader_client):
    interaction = builders.interaction(follow_up_action="x")
    assert leader_client.get(reverse("stakeholders:interaction_create")).status_code == 403
    url = reverse("stakeholders:interaction_follow_up_status", args=[interaction.pk])
    assert leader_client.post(url, {"done": "1"}).status_code == 403


# Local areas


def test_officer_records_an_areas_multi_agency_outcomes(officer_client):
    area = builders.local_area(name="Kent")
    officer_client.post(
        reverse("stakeholders:area_edit", args=[area.pk]),
        {
            "protocol": "in_place",
            "partnership": "in_development",
            "information_sharing": "none",
            "missing_lead": "unknown",
        },
    )
    area.refresh_from_db()
    assert area.protocol == "in_place" and area.outcomes_in_place == 1
    page = body(officer_client.get(reverse("stakeholders:area_list"), {"protocol": "in_place"}))
    assert "Kent" in page


# Exports and query counts


def test_every_stakeholder_list_downloads_as_csv_with_formulas_neutralised(officer_client):
    organisation = builders.organisation(name="=cmd|' /C calc'!A0")
    person = builders.person(name="+Person", email="a@example.org")
    person.start_role("-Role", organisation)
    builders.interaction(people=[person], summary="@SUM(1+1)")
    builders.local_area(name="=Area")
    for name, needle in [
        ("stakeholders:organisation_export", "'=cmd"),
        ("stakeholders:person_export", "'+Person"),
        ("stakeholders:interaction_export", "'@SUM"),
        ("stakeholders:area_export", "'=Area"),
    ]:
        response = officer_client.get(reverse(name))
        assert response["Content-Disposition"].startswith("attachment")
        assert needle in body(response), name


@pytest.mark.parametrize(
    "url_name",
    [
        "stakeholders:person_list",
        "stakeholders:organisation_list",
        "stakeholders:interaction_list",
        "stakeholders:area_list",
        "stakeholders:follow_up_list",
        "stakeholders:champion_list",
    ],
)
def test_list_query_counts_do_not_grow_with_data(officer_client, officer, url_name):
    def add_data():
        area = builders.local_area()
        organisation = builders.organisation(local_area=area)
        person = builders.person(owner=officer, stance="champion", tags="app")
        person.start_role("Lead", organisation, started_on=TODAY - 100 * DAY)
        person.start_role("Adviser", builders.organisation(), started_on=TODAY - DAY)
        interaction = builders.interaction(
            people=[person],
            organisations=[organisation],
            follow_up_action="Call back",
            follow_up_due=TODAY - DAY,
            follow_up_owner=officer,
        )
        interaction.asks.add(builders.ask())

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(reverse(url_name)).status_code == 200
        return len(queries)

    add_data()
    few = count_queries()
    for _ in range(12):
        add_data()
    assert count_queries() == few


# Data protection


def _person_with_history(officer):
    organisation = builders.organisation(name="Home Office")
    person = builders.person(
        name="Helen Marsh", email="helen@example.org", phone="0207", notes="Prefers calls"
    )
    person.start_role("Director", organisation, started_on=datetime.date(2023, 5, 1))
    builders.interaction(
        people=[person], organisations=[organisation], summary="Helen Marsh agreed to meet"
    )
    builders.interaction(people=[person], summary="Briefing sent")
    return person


def test_administrator_downloads_a_subject_access_export(client_for, administrator, officer):
    person = _person_with_history(officer)
    response = client_for(administrator).get(
        reverse("stakeholders:person_subject_access_export", args=[person.pk])
    )
    assert response["Content-Disposition"].startswith("attachment")
    record = json.loads(response.content)
    assert record["details"]["email"] == "helen@example.org"
    assert record["role_history"][0]["organisation"] == "Home Office"
    assert len(record["interactions"]) == 2
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS).exists()


def test_only_administrators_export_or_erase_people(officer_client, officer):
    person = _person_with_history(officer)
    for name in ("stakeholders:person_subject_access_export", "stakeholders:person_erase"):
        assert officer_client.get(reverse(name, args=[person.pk])).status_code == 403
    assert (
        officer_client.post(reverse("stakeholders:person_erase", args=[person.pk])).status_code
        == 403
    )


def test_erasing_a_person_keeps_anonymised_interactions_so_counts_stay_right(
    client_for, administrator, officer
):
    person = _person_with_history(officer)
    client = client_for(administrator)
    url = reverse("stakeholders:person_erase", args=[person.pk])
    assert "That is not this person" in body(client.post(url, {"confirm": "Someone else"}))
    client.post(url, {"confirm": "helen marsh"})
    person.refresh_from_db()
    assert person.name == ERASED_NAME
    assert (person.email, person.phone, person.notes, person.organisation) == ("", "", "", None)
    assert not person.roles.exists()
    assert Interaction.objects.involving_person(person).count() == 2
    summaries = " ".join(Interaction.objects.values_list("summary", flat=True))
    assert "Helen" not in summaries and "[erased person]" in summaries
    history = " ".join(str(entry.changes) + entry.object_repr for entry in LogEntry.objects.all())
    assert "helen@example.org" not in history and "Helen Marsh" not in history
    assert LogEntry.objects.get_for_object(person).count() == 1  # the erasure itself
    assert "Helen Marsh" not in body(client.get(reverse("stakeholders:person_list")))


def test_local_areas_are_loaded_for_every_police_force_in_england_and_wales():
    from stakeholders import demo

    demo.seed(timezone.now())
    forces = LocalArea.objects.filter(kind=LocalArea.Kind.POLICE_FORCE_AREA)
    assert forces.filter(nation="england").count() == 39
    assert forces.filter(nation="wales").count() == 4
    demo.seed(timezone.now())  # idempotent
    assert forces.count() == 43


def test_demo_organisations_are_rated_once_and_a_changed_rating_is_kept():
    from stakeholders import demo

    builders.organisation(name="Home Office")  # loaded before organisations had ratings
    demo.seed(timezone.now())
    ratings = dict(Organisation.objects.values_list("name", "influence"))
    assert ratings["Home Office"] == 5 and ratings["Cardiff and Vale College"] == 1
    assert Organisation.objects.get(name="College of Policing").stance == "champion"
    assert Organisation.objects.exclude(stance="neutral").count() >= 15
    Organisation.objects.filter(name="NHS England").update(influence=2, stance="supportive")
    demo.seed(timezone.now())
    nhs = Organisation.objects.get(name="NHS England")
    assert (nhs.influence, nhs.stance) == (2, "supportive")
    assert dict(Organisation.objects.values_list("name", "influence")) == {
        **ratings,
        "NHS England": 2,
    }


def test_without_javascript_a_new_role_finds_its_organisation_by_a_search_step(officer_client):
    person = builders.person(name="Helen Marsh")
    college = builders.organisation(name="College of Policing")
    builders.organisation(name="Home Office")
    url = reverse("stakeholders:person_role_create", args=[person.pk])

    page = body(
        officer_client.post(
            url,
            {
                "title": "Director",
                "organisation__search": "college",
                "picker_search": "organisation",
            },
        )
    )

    assert f'name="organisation" value="{college.pk}"' in page
    assert "Home Office" not in page
    assert 'value="Director"' in page
    assert not person.roles.exists()
    response = officer_client.post(
        url, {"title": "Director", "organisation": college.pk, "started_on": str(TODAY)}
    )
    assert response.status_code == 302
    assert person.roles.get().organisation == college


def test_a_person_page_does_not_list_every_organisation(officer_client):
    person = builders.person()
    builders.organisation(name="Home Office")

    assert "Home Office" not in body(officer_client.get(person.get_absolute_url()))


def test_deleting_a_person_says_what_goes_with_them(officer_client):
    person = builders.person(name="Pat Deleted")
    builders.interaction(people=[person])
    url = reverse("stakeholders:person_delete", args=[person.pk])
    body = officer_client.get(url).content.decode()
    assert "Deleting this person also deletes" in body
    assert "1 link to an interaction" in body
    assert "the interactions and asks themselves stay" in body


def test_engagement_gaps_are_the_sectors_and_police_areas_no_recent_interaction_reached():
    today = datetime.date(2026, 12, 1)
    since = today - datetime.timedelta(days=90)
    LocalArea.objects.filter(kind=LocalArea.Kind.POLICE_FORCE_AREA).delete()
    kent = builders.local_area(name="Kent")
    essex = builders.local_area(name="Essex")
    police = builders.organisation(
        name="Kent Police", sector=Organisation.Sector.POLICE, local_area=kent
    )
    council = builders.organisation(
        name="Essex County Council", sector=Organisation.Sector.LOCAL_AUTHORITY, local_area=essex
    )
    builders.interaction(date=today, organisations=[police])
    met_in_essex = builders.person(organisation=council)
    builders.interaction(date=since - datetime.timedelta(days=10), people=[met_in_essex])

    gaps = Interaction.objects.engagement_gaps(since)

    sectors = {value for value, _ in gaps["sectors"]}
    assert Organisation.Sector.POLICE not in sectors
    assert Organisation.Sector.LOCAL_AUTHORITY in sectors
    assert [(area.name, area.last_contact) for area in gaps["areas"]] == [
        ("Essex", since - datetime.timedelta(days=10))
    ]


def test_an_organisation_nobody_works_at_can_be_deleted(officer_client):
    organisation = builders.organisation(name="Kent Police")

    response = officer_client.post(
        reverse("stakeholders:organisation_delete", args=[organisation.pk])
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
