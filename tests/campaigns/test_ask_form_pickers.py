"""The ask form's pickers: only chosen people and organisations are rendered, search finds the
rest (htmx, JSON, or a Search step without JavaScript), and the server accepts only real ids."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Ask
from stakeholders.models import Person
from tests import builders

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


def test_new_ask_form_renders_the_chosen_person_and_nobody_else(officer_client):
    home_office = builders.organisation(name="Home Office")
    chosen = builders.person(name="Helen Marsh", organisation=home_office)
    builders.person(name="Someone Else")
    builders.organisation(name="College of Policing")

    page = body(officer_client.get(reverse("campaigns:ask_create"), {"target_people": chosen.pk}))

    assert "Helen Marsh (Home Office)" in page
    assert f'value="{chosen.pk}" id="id_target_people-{chosen.pk}" checked' in page
    assert "Someone Else" not in page
    assert "College of Policing" not in page


def test_new_ask_form_queries_do_not_grow_with_people_and_organisations(officer_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(reverse("campaigns:ask_create")).status_code == 200
        return len(queries)

    builders.person()
    few = count_queries()
    for _ in range(30):
        builders.person(organisation=builders.organisation())
    assert count_queries() == few


def test_searching_people_as_you_type_lists_matches_not_already_chosen(officer_client):
    helen = builders.person(name="Helen Marsh")
    hilda = builders.person(name="Hilda Hellier")
    builders.person(name="Bob Jones")
    builders.person(name="Helena Erased", erased_at="2026-01-01T00:00Z")

    response = officer_client.get(
        reverse("stakeholders:person_choices"),
        {
            "name": "target_people",
            "multiple": "1",
            "target_people__search": "hel",
            "target_people": [hilda.pk],
        },
        headers={"HX-Request": "true"},
    )

    page = body(response)
    assert f'name="target_people" value="{helen.pk}"' in page
    assert 'type="checkbox"' in page
    assert "Hilda Hellier" not in page  # already chosen
    assert "Bob Jones" not in page
    assert "Helena Erased" not in page
    assert "1 match for “hel”" in page


def test_search_endpoints_answer_json_for_scripts(officer_client):
    organisation = builders.organisation(name="College of Policing")
    builders.organisation(name="Home Office")

    response = officer_client.get(
        reverse("stakeholders:organisation_choices"), {"q": "college", "format": "json"}
    )

    assert json.loads(response.content) == {
        "results": [{"id": str(organisation.pk), "label": "College of Policing"}]
    }


@pytest.mark.parametrize(
    "url_name",
    [
        "stakeholders:person_choices",
        "stakeholders:organisation_choices",
        "campaigns:campaign_choices",
        "campaigns:ask_choices",
        "evidence:item_choices",
    ],
)
def test_search_endpoints_need_sign_in(client, url_name):
    response = client.get(reverse(url_name), {"q": "a"})
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_without_javascript_the_search_button_shows_matches_and_keeps_what_was_typed(
    officer_client,
):
    campaign = builders.campaign(title="Cross-government leadership")
    chosen = builders.person(name="Helen Marsh")
    match = builders.person(name="Hilda Hellier")

    response = officer_client.post(
        reverse("campaigns:ask_create"),
        {
            "campaign": campaign.pk,
            "title": "A named minister leads",
            "target_people": [chosen.pk],
            "target_people__search": "hilda",
            "picker_search": "target_people",
        },
    )

    page = body(response)
    assert response.status_code == 200
    assert not Ask.objects.exists()
    assert "There is a problem" not in page
    assert 'value="A named minister leads"' in page
    assert f'value="{chosen.pk}" id="id_target_people-{chosen.pk}" checked' in page
    assert f'name="target_people" value="{match.pk}" id="target_people-match-{match.pk}">' in page

    # Ticking the match and saving aims the ask at both.
    response = officer_client.post(
        reverse("campaigns:ask_create"),
        {
            "campaign": campaign.pk,
            "title": "A named minister leads",
            "target_people": [chosen.pk, match.pk],
            "target_people__search": "hilda",
        },
    )
    assert response.status_code == 302
    assert set(Ask.objects.get().target_people.all()) == {chosen, match}


def test_the_ask_form_refuses_people_and_organisations_that_do_not_exist(officer_client):
    campaign = builders.campaign()
    person = builders.person()
    missing = Person.objects.order_by("pk").last().pk + 100

    response = officer_client.post(
        reverse("campaigns:ask_create"),
        {"campaign": campaign.pk, "title": "An ask", "target_people": [person.pk, missing]},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in body(response)
    assert not Ask.objects.exists()
