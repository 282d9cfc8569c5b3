import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.views import CHARTS
from stakeholders.models import Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db

PAGES = ["leadership", "outcomes", "theory_of_change", "influence", "network"]


def some_of_everything(n):
    """n of each record the dashboards count, spread over areas, sectors and months."""
    today = timezone.localdate()
    sectors = list(Organisation.Sector)
    campaign = builders.campaign()
    for i in range(n):
        area = builders.local_area(protocol="in_place")
        org = builders.organisation(sector=sectors[i % len(sectors)], local_area=area)
        person = builders.person(organisation=org, stance="champion", influence=1 + i % 5)
        ask = builders.ask(campaign=campaign)
        ask.target_people.add(person)
        ask.target_organisations.add(org)
        ask.move_to("made")
        meeting = builders.interaction(
            date=today - datetime.timedelta(days=20 * i), people=[person], organisations=[org]
        )
        meeting.campaigns.add(campaign)
        builders.consultation(closes_in_days=i * 9)
        builders.opening()
        delivery = builders.delivery(local_area=area, organisations=[org], campaign=campaign)
        builders.feedback(delivery=delivery, agreement=1 + i % 5)
        builders.evidence_item(confidentiality="public").outcomes.add(builders.element("OP3"))


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_opens_for_every_role(client_for, leader, staff_member, officer, page):
    some_of_everything(2)
    for user in (leader, staff_member, officer):
        response = client_for(user).get(reverse(f"dashboards:{page}"))
        assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_dashboard_queries_do_not_grow_with_the_data(leader_client, page):
    url = reverse(f"dashboards:{page}")
    some_of_everything(2)
    leader_client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert leader_client.get(url).status_code == 200
    some_of_everything(8)
    with CaptureQueriesContext(connection) as many:
        assert leader_client.get(url).status_code == 200
    assert len(many) == len(few), f"{page}: {len(few)} queries grew to {len(many)}"


@pytest.mark.parametrize("slug", sorted(CHARTS))
def test_every_chart_downloads_as_svg_and_csv(leader_client, slug):
    some_of_everything(2)
    response = leader_client.get(reverse(f"dashboards:{slug}_svg"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.svg"'
    body = response.content.decode()
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert "<title" in body and "<desc" in body and "aria-labelledby" in body
    response = leader_client.get(reverse(f"dashboards:{slug}_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'


def test_chart_csv_neutralises_formulas_in_names(leader_client):
    builders.person(name='=HYPERLINK("http://x")', organisation=builders.organisation())
    response = leader_client.get(reverse("dashboards:influence-grid_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_every_chart_on_a_page_has_its_numbers_and_downloads(leader_client):
    some_of_everything(2)
    page = leader_client.get(reverse("dashboards:leadership")).content.decode()
    for slug in ("asks-pipeline", "engagement-by-sector", "areas-map"):
        assert f'aria-labelledby="{slug}-title {slug}-desc"' in page
        assert reverse(f"dashboards:{slug}_svg") in page
        assert reverse(f"dashboards:{slug}_csv") in page
        assert f'data-png-for="figure-{slug}"' in page
    assert page.count("The numbers") >= 8


def test_evidence_counts_leave_out_restricted_items_for_users_without_access(leader_client):
    op3 = builders.element("OP3")
    builders.evidence_item(confidentiality="public").outcomes.add(op3)
    builders.evidence_item(confidentiality="restricted").outcomes.add(op3)
    from django.contrib.auth import get_user_model

    from dashboards.views import _live_elements

    leader = get_user_model().objects.get(username="leona")
    assert _live_elements(leader).get(code="OP3").evidence_count == 1


def test_influence_grid_is_read_only_for_leadership(leader_client):
    person = builders.person(organisation=builders.organisation())
    page = leader_client.get(reverse("dashboards:influence")).content.decode()
    assert "data-rate-url" not in page
    assert reverse("dashboards:rate_person", args=[person.pk]) not in page
    assert reverse("stakeholders:person", args=[person.pk]) in page


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_read_only_roles_cannot_re_rate_a_stakeholder(role, request, client):
    person = builders.person(influence=2, stance="neutral")
    client.force_login(request.getfixturevalue(role))
    url = reverse("dashboards:rate_person", args=[person.pk])
    response = client.post(url, {"influence": 5, "stance": "champion"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.influence, person.stance) == (2, "neutral")


def test_officer_re_rates_with_htmx_and_gets_the_row_and_the_redrawn_grid(officer_client, officer):
    person = builders.person(name="Ruth", influence=2, stance="neutral")
    url = reverse("dashboards:rate_person", args=[person.pk])
    response = officer_client.post(
        url,
        {f"p{person.pk}-influence": 4, f"p{person.pk}-stance": "supportive"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="person-row-{person.pk}"' in body and "Saved" in body
    assert 'id="influence-grid"' in body and 'hx-swap-oob="true"' in body
    person.refresh_from_db()
    assert (person.influence, person.stance) == (4, "supportive")
    assert person.stance_reviewed_on == timezone.localdate()
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == officer
    assert entry.changes_dict["influence"] == ["2", "4"]


def test_drag_posts_bare_field_names(officer_client):
    person = builders.person(influence=1, stance="opposed")
    officer_client.post(
        reverse("dashboards:rate_person", args=[person.pk]),
        {"influence": 3, "stance": "champion"},
        headers={"HX-Request": "true"},
    )
    person.refresh_from_db()
    assert (person.influence, person.stance) == (3, "champion")


def test_re_rating_without_javascript_returns_to_the_grid(officer_client):
    person = builders.person(influence=1, stance="opposed")
    next_url = reverse("dashboards:influence") + "?sector=police"
    response = officer_client.post(
        reverse("dashboards:rate_person", args=[person.pk]),
        {"influence": 2, "stance": "sceptical", "next": next_url},
    )
    assert response.status_code == 302 and response.url == next_url
    response = officer_client.post(
        reverse("dashboards:rate_person", args=[person.pk]),
        {"influence": 2, "stance": "sceptical", "next": "https://elsewhere.example/"},
    )
    assert response.url == reverse("dashboards:influence")


def test_a_rating_off_the_scale_is_refused(officer_client):
    person = builders.person(influence=2, stance="neutral")
    officer_client.post(
        reverse("dashboards:rate_person", args=[person.pk]),
        {"influence": 9, "stance": "adoring"},
        headers={"HX-Request": "true"},
    )
    person.refresh_from_db()
    assert (person.influence, person.stance) == (2, "neutral")


def test_maps_filter_by_campaign_sector_area_and_owner(officer_client, officer):
    kent = builders.local_area(name="Kent")
    police = builders.organisation(sector="police", local_area=kent)
    health = builders.organisation(sector="health")
    in_kent = builders.person(name="Kent officer", organisation=police, owner=officer)
    nurse = builders.person(name="Nurse", organisation=health)
    campaign = builders.campaign()
    builders.ask(campaign=campaign).target_people.add(nurse)
    url = reverse("dashboards:influence")

    def names(**query):
        page = officer_client.get(url, query).content.decode()
        return {p.name for p in Person.objects.all() if f">{p.name}</a>" in page}

    assert names(sector="police") == {in_kent.name}
    assert names(area=kent.pk) == {in_kent.name}
    assert names(owner=officer.pk) == {in_kent.name}
    assert names(campaign=campaign.pk) == {nurse.name}
    network = officer_client.get(reverse("dashboards:network"), {"sector": "health"})
    assert "Nurse" in network.content.decode() and "Kent officer" not in network.content.decode()
