"""The dashboards' numbers, checked against small datasets whose answers are known."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns.models import Ask
from dashboards import cartogram, influence, leadership
from stakeholders.models import LocalArea, Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)
NOW = timezone.make_aware(datetime.datetime(2025, 6, 15, 12, 0))


def rows(chart):
    return {row[0]: tuple(row[1:]) for row in chart.rows}


def test_pipeline_counts_asks_at_each_status():
    builders.ask(status=Ask.Status.MADE)
    builders.ask(status=Ask.Status.MADE)
    builders.ask(status=Ask.Status.COMMITTED)
    counts = rows(leadership.asks_pipeline(TODAY))
    assert counts["Made"] == (2,)
    assert counts["Committed"] == (1,)
    assert counts["Drafted"] == (0,)


def test_moves_in_the_last_quarter_count_only_changes_since_then():
    ask = builders.ask()
    at = lambda days: NOW - datetime.timedelta(days=days)  # noqa: E731
    ask.move_to(Ask.Status.MADE, when=at(200))  # too old
    ask.move_to(Ask.Status.ACKNOWLEDGED, when=at(80))
    ask.move_to(Ask.Status.COMMITTED, when=at(10))
    other = builders.ask()
    other.move_to(Ask.Status.MADE, when=at(5))
    counts = rows(leadership.ask_moves(TODAY))
    assert counts["To made"] == (1,)
    assert counts["To acknowledged"] == (1,)
    assert counts["To committed"] == (1,)
    assert sum(n for (n,) in counts.values()) == 3


def test_engagement_counts_each_interaction_once_per_sector_it_touches():
    police = builders.organisation(sector=Organisation.Sector.POLICE)
    council = builders.organisation(sector=Organisation.Sector.LOCAL_AUTHORITY)
    officer_at_police = builders.person(organisation=police)
    # May: one meeting with the police force and its officer (police once), one joint meeting.
    builders.interaction(
        date=datetime.date(2025, 5, 2), organisations=[police], people=[officer_at_police]
    )
    builders.interaction(date=datetime.date(2025, 5, 20), organisations=[police, council])
    # June: the council alone; and a meeting from last year, outside the window.
    builders.interaction(date=datetime.date(2025, 6, 1), organisations=[council])
    builders.interaction(date=datetime.date(2024, 5, 1), organisations=[council])
    chart = leadership.engagement_by_sector(TODAY)
    table = rows(chart)
    sectors = chart.columns[1:-1]
    may = dict(zip(sectors, table["May 25"], strict=False))
    june = dict(zip(sectors, table["Jun 25"], strict=False))
    assert may["Police"] == 2 and may["Local authority"] == 1 and may["Health"] == 0
    assert june["Police"] == 0 and june["Local authority"] == 1
    assert len(chart.rows) == 12 and chart.rows[0][0] == "Jul 24"
    assert table["May 25"][-1] == 3  # the total counts sector-touches


def test_openings_this_week_by_topic_source_and_lever_and_triage():
    source = builders.source(name="Written questions")
    builders.opening(source=source, created_at=NOW - datetime.timedelta(days=1))
    builders.opening(
        source=source,
        created_at=NOW - datetime.timedelta(days=2),
        topics=["missing_from_care", "missing_adults"],
        lever_type="",
    )
    builders.opening(source=source, created_at=NOW - datetime.timedelta(days=30))
    builders.opening(
        source=source,
        created_at=NOW - datetime.timedelta(days=20),
        status="dismissed",
        status_changed_at=NOW - datetime.timedelta(days=1),
    )
    assert rows(leadership.openings_by_topic(NOW)) == {
        "Children missing from care": (2,),
        "Missing adults": (1,),
    }
    assert rows(leadership.openings_by_source(NOW)) == {"Written questions": (2,)}
    levers = rows(leadership.openings_by_lever(NOW))
    assert levers["Parliamentary interest"] == (1,) and levers["Not classified"] == (1,)
    triage = leadership.opening_triage(NOW)
    # The week's figures are about the openings found this week (the one found 20 days ago and
    # dismissed yesterday is not one of them), so they add up.
    assert triage["found"] == 2 and triage["dismissed"] == 0 and triage["actioned"] == 0


def test_openings_this_week_add_up_with_those_in_progress():
    week = [NOW - datetime.timedelta(days=n) for n in (1, 2, 3, 4)]
    for created_at, status in zip(
        week, ["new", "in_progress", "actioned", "dismissed"], strict=True
    ):
        builders.opening(created_at=created_at, status=status)
    triage = leadership.opening_triage(NOW)
    parts = ("waiting", "in_progress", "actioned", "dismissed")
    assert triage["found"] == 4
    assert sum(triage[part] for part in parts) == triage["found"]


def test_area_statuses_are_counted_and_mapped():
    builders.local_area(name="Kent", protocol="in_place", partnership="in_place")
    builders.local_area(name="Essex", protocol="none")
    builders.local_area(name="Gwent")
    counts = dict(leadership.area_status_counts())
    protocol = dict(counts["local missing protocol or plan"])
    assert protocol == {"Not known": 1, "None": 1, "In development": 0, "In place": 1}
    tiles = rows(leadership.areas_map(TODAY))
    assert tiles["Kent"][0] == 2
    assert tiles["Essex"][0] == 0
    assert tiles["Gwent"][0] == "Not recorded"


def test_every_police_force_area_of_the_demo_data_has_a_tile():
    from stakeholders.demo import POLICE_FORCE_AREAS

    names = [name for names in POLICE_FORCE_AREAS.values() for name in names]
    assert len(names) == 43
    assert [name for name in names if cartogram.tile_for(name) is None] == []
    assert len({cartogram.tile_for(name) for name in names}) == 43
    assert cartogram.tile_for("Metropolitan Police Service")[0] == "Metropolitan Police"
    assert cartogram.tile_for("Kent Police")[0] == "Kent"


def test_outcome_feedback_chart_counts_each_answer():
    for agreement in (5, 5, 4, 1):
        builders.feedback(outcome="OP3", agreement=agreement)
    builders.feedback(outcome="OM3", agreement=3)
    table = rows(leadership.outcome_feedback(TODAY))
    assert table["OP3"] == (1, 0, 0, 1, 2, 4)
    assert table["OM3"] == (0, 0, 1, 0, 0, 1)


def test_share_agreeing_over_time_is_by_audience_and_month():
    builders.feedback(outcome="OP3", agreement=5, date=datetime.date(2025, 6, 3))
    builders.feedback(outcome="OP1", agreement=2, date=datetime.date(2025, 6, 9))
    builders.feedback(outcome="OM3", agreement=4, date=datetime.date(2025, 5, 9))
    chart = leadership.feedback_over_time(TODAY)
    table = rows(chart)
    audiences = chart.columns[1:]
    june = dict(zip(audiences, table["Jun 25"], strict=True))
    may = dict(zip(audiences, table["May 25"], strict=True))
    assert june["Professionals"] == 50
    assert june["Multi-agency partners"] is None
    assert may["Multi-agency partners"] == 100


def test_activities_by_month_count_deliveries():
    builders.delivery(activity="AC4", date=datetime.date(2025, 6, 2))
    builders.delivery(activity="AC4", date=datetime.date(2025, 6, 12))
    builders.delivery(activity="AC2", date=datetime.date(2025, 4, 1))
    table = rows(leadership.activities_by_month(TODAY))
    assert table["Jun 25"][-1] == 2
    assert table["Apr 25"][-1] == 1


def test_single_point_of_failure_is_an_organisation_held_by_one_champion():
    fragile = builders.organisation(name="Fragile Council")
    builders.person(name="Only Champion", organisation=fragile, stance="champion")
    builders.person(organisation=fragile, stance="neutral")
    sturdy = builders.organisation(name="Sturdy Police")
    builders.person(organisation=sturdy, stance="champion")
    builders.person(organisation=sturdy, stance="supportive")
    spof = list(influence.single_points_of_failure())
    assert [(o.name, o.champion_name) for o in spof] == [("Fragile Council", "Only Champion")]


def test_gaps_are_sectors_and_areas_with_no_recent_engagement():
    kent = builders.local_area(name="Kent")
    builders.local_area(name="Essex")
    police = builders.organisation(sector=Organisation.Sector.POLICE, local_area=kent)
    builders.interaction(date=TODAY - datetime.timedelta(days=10), organisations=[police])
    health = builders.organisation(sector=Organisation.Sector.HEALTH)
    builders.interaction(
        date=TODAY - datetime.timedelta(days=200),
        people=[builders.person(organisation=health)],
    )
    gaps = influence.engagement_gaps(TODAY)
    sectors = [value for value, _ in gaps["sectors"]]
    assert "police" not in sectors and "health" in sectors
    assert [area.name for area in gaps["areas"]] == ["Essex"]


def test_grid_places_people_by_influence_and_stance_and_sizes_by_engagement():
    org = builders.organisation(sector=Organisation.Sector.HEALTH)
    busy = builders.person(name="Busy", organisation=org, influence=5, stance="champion")
    quiet = builders.person(name="Quiet", influence=1, stance="opposed")
    for days in (1, 20, 40):
        builders.interaction(date=TODAY - datetime.timedelta(days=days), people=[busy])
    builders.interaction(date=TODAY - datetime.timedelta(days=200), people=[quiet])
    people = list(influence.people_for_maps(Person.objects.all(), TODAY))
    by_name = {p.name: p for p in people}
    assert by_name["Busy"].recent == 3 and by_name["Quiet"].recent == 0
    cells = influence.grid_cells(people)
    assert cells[("champion", 5)] == [by_name["Busy"]]
    assert cells[("opposed", 1)] == [by_name["Quiet"]]
    chart = influence.grid_chart(people)
    svg = str(chart.svg())
    # Numbered in reading order (influence 5 first); the sector by shape, colour and in words.
    assert 'data-number="1"' in svg and "<polygon" in svg and 'fill="#009E73"' in svg
    [top, bottom] = chart.key
    assert top["heading"] == "Influence 5, champion" and bottom["heading"] == "Influence 1, opposed"
    assert top["points"][0].head == f"1: Busy, {org.name} (Health)"
    assert bottom["points"][0].head == "2: Quiet"
    assert (
        influence.engagement_size(3) > influence.engagement_size(1) > influence.engagement_size(0)
    )


def test_network_links_campaigns_people_and_organisations_by_recency():
    org = builders.organisation()
    person = builders.person(organisation=org)
    campaign = builders.campaign()
    meeting = builders.interaction(date=TODAY - datetime.timedelta(days=400), people=[person])
    meeting.campaigns.add(campaign)
    data = influence.network(influence.people_for_maps(Person.objects.all(), TODAY), TODAY)
    bands = {(e.source, e.target): e.band for e in data["edges"]}
    assert bands[(("person", person.pk), ("org", org.pk))] == "recent"
    assert bands[(("campaign", campaign.pk), ("person", person.pk))] == "older"
    assert data["campaigns"] == [campaign]
    assert LocalArea.objects.count() == 0


def test_grid_places_organisations_by_their_own_rating_and_sizes_them_by_recent_meetings():
    police = builders.organisation(
        name="Kent Police", sector=Organisation.Sector.POLICE, influence=4, stance="supportive"
    )
    council = builders.organisation(
        name="Kent County Council",
        sector=Organisation.Sector.LOCAL_AUTHORITY,
        influence=2,
        stance="opposed",
    )
    amy = builders.person(name="Amy", organisation=police, influence=4, stance="supportive")
    builders.person(name="Tom", organisation=council, influence=5, stance="champion")
    days = lambda n: TODAY - datetime.timedelta(days=n)  # noqa: E731
    builders.interaction(date=days(5), organisations=[police])
    builders.interaction(date=days(30), people=[amy])  # with someone who works there
    builders.interaction(date=days(60), organisations=[police], people=[amy])  # counted once
    builders.interaction(date=days(10), organisations=[police, council])
    builders.interaction(date=days(91), organisations=[police, council])  # too long ago
    organisations = list(influence.organisations_for_maps(Organisation.objects.all(), TODAY))
    assert [(o.name, o.recent) for o in organisations] == [
        ("Kent Police", 4),
        ("Kent County Council", 1),
    ]
    people = list(influence.people_for_maps(Person.objects.all(), TODAY))
    chart = influence.grid_chart(people, organisations)
    svg = str(chart.svg())
    cells = influence.grid_cells([*organisations, *people])
    # Organisations come first in their square, and stay put whatever their people's ratings.
    assert [s.name for s in cells[("supportive", 4)]] == ["Kent Police", "Amy"]
    assert [s.name for s in cells[("opposed", 2)]] == ["Kent County Council"]
    assert [s.name for s in cells[("champion", 5)]] == ["Tom"]
    g = influence.GRID

    def slot(stance, influence_, index):
        x0 = g["left"] + influence.STANCES.index(stance) * g["cell_w"]
        y0 = g["top"] + (5 - influence_) * g["cell_h"]
        x, y = x0 + g["inset"] + index * g["slot"], y0 + g["inset"]
        return f'data-x="{x:.1f}" data-y="{y:.1f}"'

    pattern = r'data-(organisation|person)="(\d+)"[^>]*?(data-x="[^"]+" data-y="[^"]+")'
    points = {(kind, int(pk)): at for kind, pk, at in re.findall(pattern, svg)}
    assert points[("organisation", police.pk)] == slot("supportive", 4, 0)
    assert points[("person", amy.pk)] == slot("supportive", 4, 1)
    assert points[("organisation", council.pk)] == slot("opposed", 2, 0)
    # Numbered in a framed square, sized by engagement (four meetings: the largest), and said in
    # words: Tom (influence 5) is 1, Kent Police 2, Amy 3, the council 4.
    assert (
        'aria-label="2: Kent Police (organisation, Police): influence 4, Supportive, 4 interactions'
        in svg
    )
    assert svg.count('rx="2"') == 2
    police_point = svg[svg.index(f'data-organisation="{police.pk}"') :]
    assert f'r="{influence.engagement_size(4)}"' in police_point[: police_point.index("</a>")]
    assert rows(chart)["Kent County Council"] == (
        "Organisation",
        "",
        "Local authority",
        2,
        "Opposed",
        1,
        4,
    )
    assert rows(chart)["Amy"] == ("Person", "Kent Police", "Police", 4, "Supportive", 2, 3)


def test_remembered_engagement_figures_follow_new_and_edited_records():
    police = builders.organisation(sector=Organisation.Sector.POLICE)
    health = builders.organisation(sector=Organisation.Sector.HEALTH)
    builders.interaction(date=TODAY, organisations=[police])

    def june():
        chart = leadership.engagement_by_sector(TODAY)
        return dict(zip(chart.columns[1:], rows(chart)["Jun 25"], strict=False))

    def gap_sectors():
        return {value for value, _ in influence.engagement_gaps(TODAY)["sectors"]}

    assert (june()["Police"], june()["Health"]) == (1, 0)
    assert "health" in gap_sectors()
    meeting = builders.interaction(date=TODAY, organisations=[police])
    assert june()["Police"] == 2  # a new interaction
    meeting.people.add(builders.person(organisation=health))
    assert june()["Health"] == 1  # someone added to who took part
    assert "health" not in gap_sectors()
    health.sector = Organisation.Sector.EDUCATION
    health.save()
    assert (june()["Health"], june()["Education"]) == (0, 1)  # an organisation re-classified
    meeting.delete()
    assert (june()["Police"], june()["Education"]) == (1, 0)  # an interaction removed
    builders.local_area(name="Dyfed-Powys")
    assert "Dyfed-Powys" in [a.name for a in influence.engagement_gaps(TODAY)["areas"]]
