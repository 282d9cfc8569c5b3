import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db


def test_one_search_finds_every_kind_of_record_grouped_by_type(officer_client):
    campaign = builders.campaign(title="Protocols everywhere")
    builders.ask(campaign=campaign, title="Every area adopts a protocol")
    builders.consultation(title="Protocol consultation")
    builders.person(name="Pat Protocol")
    builders.organisation(name="Protocol Partnership")
    builders.evidence_item(title="Survey", summary="Most areas lack a protocol.")
    page = officer_client.get(reverse("search:results"), {"q": "protocol"}).content.decode()
    for heading in ("Evidence", "Campaigns", "Asks", "Consultations", "People", "Organisations"):
        assert f'id="group-{heading.lower()}"' in page
    assert "<mark>protocol</mark>" in page.lower()
    assert "Pat Protocol" in page


def test_search_results_come_back_as_a_fragment_for_htmx(officer_client):
    builders.campaign(title="Adults after a missing episode")
    response = officer_client.get(
        reverse("search:results"), {"q": "adults"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Adults after a missing episode" in html
    assert "<html" not in html


def test_search_page_works_without_javascript_and_explains_short_queries(officer_client):
    page = officer_client.get(reverse("search:results")).content.decode()
    assert 'method="get"' in page and 'name="q"' in page
    short = officer_client.get(reverse("search:results"), {"q": "a"}).content.decode()
    assert "Type at least two characters" in short
    none = officer_client.get(reverse("search:results"), {"q": "zzzzqqq"}).content.decode()
    assert "Nothing matches" in none


def test_restricted_evidence_never_appears_in_global_search_or_its_counts(
    client_for, staff_member, administrator
):
    builders.evidence_item(title="Runaway account", confidentiality="restricted")
    staff = client_for(staff_member).get(reverse("search:results"), {"q": "runaway"})
    assert "Runaway account" not in staff.content.decode()
    assert 'id="group-evidence"' not in staff.content.decode()
    admin = client_for(administrator).get(reverse("search:results"), {"q": "runaway"})
    assert "Runaway account" in admin.content.decode()


def test_search_query_count_does_not_grow_with_matches(officer_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("search:results"), {"q": "missing"})
        return len(queries)

    builders.ask(title="missing ask")
    builders.consultation(title="missing consultation")
    builders.person(name="Missing person", organisation=builders.organisation())
    builders.organisation(name="Missing organisation")
    builders.evidence_item(title="missing evidence")
    few = count_queries()
    for number in range(15):
        builders.ask(title=f"missing ask {number}")
        builders.person(name=f"Missing person {number}", organisation=builders.organisation())
        builders.organisation(name=f"Missing organisation {number}")
        builders.consultation(title=f"missing consultation {number}")
        builders.evidence_item(title=f"missing evidence {number}")
    assert count_queries() == few


def test_the_header_search_box_is_on_every_page(officer_client):
    page = officer_client.get(reverse("home")).content.decode()
    assert 'id="header-search"' in page
    assert reverse("search:results") in page


def test_search_query_count_is_the_same_when_groups_go_from_no_matches_to_many(officer_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("search:results"), {"q": "return home"})
        return len(queries)

    builders.evidence_item(title="return home evidence")
    only_evidence = count_queries()
    for number in range(10):
        builders.campaign(title=f"return home campaign {number}")
        builders.ask(title=f"return home ask {number}")
        builders.consultation(title=f"return home consultation {number}")
        builders.person(name=f"Home person {number}", role_title="Return lead")
        builders.organisation(name=f"Return home service {number}")
        builders.evidence_item(title=f"return home evidence {number}")

    assert count_queries() == only_evidence


def test_people_are_found_by_their_organisations_name(officer_client):
    builders.person(name="Helen Marsh", organisation=builders.organisation(name="Kent Police"))
    builders.person(name="Sam Ode", organisation=builders.organisation(name="Essex Police"))

    page = officer_client.get(reverse("search:results"), {"q": "kent police"}).content.decode()

    assert "Helen Marsh" in page and "Sam Ode" not in page
