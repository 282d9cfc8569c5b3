"""Every list's and map's filters follow the MoJ filter pattern and work without JavaScript."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "campaigns:campaign_list",
    "campaigns:ask_list",
    "campaigns:consultation_list",
    "stakeholders:person_list",
    "stakeholders:organisation_list",
    "stakeholders:interaction_list",
    "stakeholders:follow_up_list",
    "stakeholders:area_list",
    "evidence:item_list",
    "strategy:delivery_list",
    "strategy:feedback_list",
    "monitors:opening_list",
    # The maps: their own plain GET forms, folded the same way.
    "dashboards:influence",
    "dashboards:network",
]


def panel(body):
    return re.search(r'<div class="wm-filters" id="filters"[^>]*>', body).group(0)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_its_filters_behind_a_toggle_that_only_javascript_shows(
    officer_client, name
):
    body = officer_client.get(reverse(name)).content.decode()
    toggle = re.search(r"<button[^>]*data-filter-toggle[^>]*>", body).group(0)
    # Without JavaScript the button stays hidden and the filters show (no `hidden` on them).
    assert " hidden" in toggle and 'aria-controls="filters"' in toggle
    assert "hidden" not in panel(body)
    assert "waymark/filters.js" in body


@pytest.mark.parametrize("name", LISTS)
def test_a_list_with_no_filter_applied_starts_with_its_filters_folded(officer_client, name):
    body = officer_client.get(reverse(name)).content.decode()
    assert 'data-filters-applied="false"' in panel(body)


def status_choice(body):
    status = re.search(r'<select name="status".*?</select>', body, re.S).group(0)
    return re.search(r"<option [^>]*selected[^>]*>([^<]*)<", status).group(1)


def test_the_openings_default_to_new_and_in_progress_and_count_that_as_no_filter(officer_client):
    url = reverse("monitors:opening_list")
    body = officer_client.get(url).content.decode()
    assert status_choice(body) == "New or in progress"
    assert "filter applied" not in body and "filters applied" not in body
    # "Clear filters" comes back to the same default, still no filter applied.
    assert f'<a class="govuk-link" href="{url}">Clear filters</a>' in body
    cleared = officer_client.get(url, {"status": "open"}).content.decode()
    assert 'data-filters-applied="false"' in panel(cleared)
    assert "filter applied" not in cleared


def test_another_openings_status_counts_as_a_filter(officer_client):
    body = officer_client.get(
        reverse("monitors:opening_list"), {"status": "dismissed"}
    ).content.decode()
    assert status_choice(body) == "Dismissed"
    assert 'data-filters-applied="true"' in panel(body)
    assert "1 filter applied" in body


def test_applied_filters_are_counted_and_keep_the_filters_open(officer_client):
    body = officer_client.get(
        reverse("campaigns:ask_list"), {"status": "made", "q": "minister"}
    ).content.decode()
    assert 'data-filters-applied="true"' in panel(body)
    assert "2 filters applied" in body


def test_sorting_alone_is_not_a_filter(officer_client):
    body = officer_client.get(reverse("campaigns:ask_list"), {"o": "title"}).content.decode()
    assert 'data-filters-applied="false"' in panel(body)


def test_date_filters_are_grouped_date_inputs(officer_client):
    body = officer_client.get(reverse("stakeholders:interaction_list")).content.decode()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">From</legend>' in body
    assert 'name="date_after_day"' in body and 'type="date"' not in body


def test_a_date_filter_from_the_boxes_narrows_the_list(officer_client):
    import datetime

    from tests import builders

    builders.interaction(summary="Old meeting", date=datetime.date(2025, 1, 10))
    builders.interaction(summary="New meeting", date=datetime.date(2026, 11, 10))
    body = officer_client.get(
        reverse("stakeholders:interaction_list"),
        {"date_after_day": "1", "date_after_month": "11", "date_after_year": "2026"},
    ).content.decode()
    results = body[body.index('id="results"') :]
    assert "New meeting" in results and "Old meeting" not in results


@pytest.mark.parametrize("name", ["dashboards:influence", "dashboards:network"])
def test_a_map_with_a_filter_applied_keeps_its_filters_open_and_counts_them(officer_client, name):
    body = officer_client.get(reverse(name), {"sector": "police"}).content.decode()
    assert 'data-filters-applied="true"' in panel(body)
    assert "1 filter applied" in body
