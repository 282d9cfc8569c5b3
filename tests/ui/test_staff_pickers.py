"""Lists filter by a colleague (relationship owner, campaign or ask owner, assignee) through a
picker: a charity has hundreds of users, and no page writes them all out."""

import pytest
from django.urls import reverse

from tests import builders
from tests.conftest import make_user
from ui.pickers import MATCH_LIMIT

pytestmark = pytest.mark.django_db

# (list, its colleague filter)
LISTS = [
    ("stakeholders:person_list", "owner"),
    ("campaigns:campaign_list", "owner"),
    ("campaigns:ask_list", "owner"),
    ("monitors:opening_list", "assignee"),
    ("dashboards:influence", "owner"),
]


def body(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def colleagues(django_user_model):
    return [make_user(django_user_model, f"colleague{n:02}") for n in range(30)]


@pytest.mark.parametrize("url_name, param", LISTS)
def test_a_list_offers_a_colleague_search_instead_of_every_user(
    officer_client, colleagues, url_name, param
):
    page = body(officer_client.get(reverse(url_name)))

    assert "colleague0" not in page.lower()  # neither a name nor a username
    assert f'<select name="{param}"' not in page
    assert f'<label class="govuk-label" for="id_{param}-search">Find a colleague' in page
    assert f'name="picker_search" value="{param}"' in page


@pytest.mark.parametrize("url_name, param", LISTS)
def test_a_link_for_one_colleague_names_only_them(officer_client, colleagues, url_name, param):
    chosen = colleagues[7]

    page = body(officer_client.get(reverse(url_name), {param: chosen.pk}))

    # Shown by name, as on every page (make_user names them "Colleague07" ...).
    assert "Colleague07" in page
    assert "Colleague08" not in page
    assert "That colleague was not found" not in page


def test_people_filtered_by_relationship_owner_are_theirs_alone(officer_client, colleagues):
    builders.person(name="Helen Marsh", owner=colleagues[3])
    builders.person(name="Bob Jones", owner=colleagues[4])

    page = body(
        officer_client.get(reverse("stakeholders:person_list"), {"owner": colleagues[3].pk})
    )

    assert "Helen Marsh" in page
    assert "Bob Jones" not in page


def test_openings_filtered_by_assignee_are_theirs_alone(officer_client, colleagues):
    mine = builders.opening(assignee=colleagues[5])
    other = builders.opening(assignee=colleagues[6])

    page = body(
        officer_client.get(
            reverse("monitors:opening_list"), {"assignee": colleagues[5].pk, "status": ""}
        )
    )

    assert mine.item.title in page
    assert other.item.title not in page


def test_without_javascript_the_search_step_lists_matching_colleagues(officer_client, colleagues):
    page = body(
        officer_client.get(
            reverse("stakeholders:person_list"),
            {"owner": "", "owner__search": "colleague1", "picker_search": "owner"},
        )
    )

    assert "10 matches for “colleague1”" in page
    for n in range(10, 20):
        assert f"Colleague{n}" in page
    assert "Colleague20" not in page


def test_the_colleague_search_finds_active_users_by_any_part_of_their_name(
    officer_client, django_user_model
):
    create = django_user_model.objects.create_user
    create(username="hm", first_name="Helen", last_name="Marsh")
    create(username="marshalls", first_name="Sam", last_name="Jones")
    create(username="hm-old", first_name="Helen", last_name="Marsh", is_active=False)

    def labels(text):
        response = officer_client.get(reverse("staff_choices"), {"q": text, "format": "json"})
        return [row["label"] for row in response.json()["results"]]

    # Listed by username, shown by name.
    assert labels("marsh") == ["Helen Marsh", "Sam Jones"]
    assert labels("helen") == ["Helen Marsh"]


def test_the_colleague_search_answers_a_limited_number_of_matches(officer_client, colleagues):
    response = officer_client.get(reverse("staff_choices"), {"q": "colleague", "format": "json"})

    assert len(response.json()["results"]) == MATCH_LIMIT


@pytest.mark.parametrize("url_name", ["staff_choices", "editor_choices"])
def test_a_stranger_cannot_search_for_colleagues(client, colleagues, url_name):
    response = client.get(reverse(url_name), {"q": "colleague", "format": "json"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert b"colleague" not in response.content


def test_a_former_colleagues_id_is_refused_and_filters_nothing(officer_client, colleagues):
    gone = colleagues[9]
    gone.is_active = False
    gone.save()
    builders.person(name="Helen Marsh", owner=colleagues[3])

    page = body(officer_client.get(reverse("stakeholders:person_list"), {"owner": gone.pk}))

    assert "That colleague was not found. Search for a colleague by name" in page
    assert "Helen Marsh" in page
    assert "Colleague09" not in page


# Forms: owners and assignees are picked from those who may edit, by the same picker.


def test_a_form_names_its_owner_without_listing_every_officer(officer_client, django_user_model):
    from accounts.roles import Role

    for n in range(30):
        make_user(django_user_model, f"editor{n:02}", Role.POLICY_OFFICER)

    page = body(officer_client.get(reverse("campaigns:campaign_create")))

    assert "editor0" not in page.lower()
    assert '<label class="govuk-label" for="id_owner-search">Find an owner by name' in page


def test_without_javascript_a_forms_owner_search_lists_matches_and_saves_nothing(
    officer_client, django_user_model
):
    from accounts.roles import Role
    from campaigns.models import Campaign

    make_user(django_user_model, "priya", Role.POLICY_OFFICER)
    make_user(django_user_model, "prakash", Role.STAFF)  # reads only: never an owner

    page = body(
        officer_client.post(
            reverse("campaigns:campaign_create"),
            {
                "title": "Return home interviews",
                "status": "planning",
                "priority": "2",
                "rag": "green",
                "owner": "",
                "owner__search": "pr",
                "picker_search": "owner",
            },
        )
    )

    assert "1 match for “pr”" in page
    assert "Priya" in page
    assert "Prakash" not in page
    assert 'value="Return home interviews"' in page  # what was typed is kept
    assert not Campaign.objects.exists()


def test_an_opening_is_assigned_only_to_someone_who_may_act_on_it(
    officer_client, staff_member, officer
):
    opening = builders.opening()

    response = officer_client.get(reverse("editor_choices"), {"q": "", "format": "json"})
    assert response.json() == {"results": []}
    found = officer_client.get(reverse("editor_choices"), {"q": "o", "format": "json"}).json()
    labels = [row["label"] for row in found["results"]]

    assert "Olive" in labels
    assert "Stan" not in labels
    page = body(officer_client.get(reverse("monitors:opening_edit", args=[opening.pk])))
    assert '<select name="assignee"' not in page
    assert 'hx-get="/staff/editors/choices/?name=assignee"' in page
    # Assigning a reader by id is refused: they could not act on it.
    refused = body(
        officer_client.post(
            reverse("monitors:opening_edit", args=[opening.pk]),
            {"status": "new", "assignee": staff_member.pk, "lever_type": opening.lever_type},
        )
    )
    assert "Assignee must be an officer or administrator. Search for one by name" in refused
    opening.refresh_from_db()
    assert opening.assignee is None


def test_a_channels_owner_is_searched_among_everyone_active_without_javascript(
    client_for, administrator, staff_member
):
    page = body(
        client_for(administrator).post(
            reverse("alerts:channel_add"),
            {"name": "Policy team", "owner": "", "owner__search": "sta", "picker_search": "owner"},
        )
    )

    # A reader may be told that posting fails, so the channel's owner is any active colleague.
    assert "1 match for “sta”" in page
    assert f'value="{staff_member.pk}"' in page
    assert '<select name="owner"' not in page
