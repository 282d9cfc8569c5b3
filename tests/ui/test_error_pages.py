"""Error pages look like Waymark, say why, and link back, with DEBUG off as in production."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import bad_request, server_error

from tests import builders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]


@pytest.fixture
def debug_off():
    with override_settings(DEBUG=False):
        yield


def assert_in_the_site_layout(body):
    assert "govuk-header" in body
    assert "waymark-frontend.min.css" in body
    assert 'href="/"' in body


def test_a_missing_page_says_so_and_links_back(officer_client):
    response = officer_client.get("/campaigns/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert_in_the_site_layout(body)


def test_a_refused_change_says_why(leader_client):
    campaign = builders.campaign()
    response = leader_client.get(reverse("campaigns:campaign_edit", args=[campaign.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "You cannot do this" in body
    assert "Your role can read Waymark but not change it." in body
    assert_in_the_site_layout(body)


def test_a_form_without_its_csrf_token_says_nothing_was_saved(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("campaigns:campaign_create"), {"title": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your form could not be sent" in body
    assert_in_the_site_layout(body)


def test_the_server_error_page_needs_no_database_or_context():
    request = RequestFactory().get("/")
    with _no_database():
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert_in_the_site_layout(body)


def test_a_bad_request_is_styled():
    response = bad_request(RequestFactory().get("/"), exception=None)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem with the request" in body
    assert_in_the_site_layout(body)


def _no_database():
    """Any query while rendering fails the test: the 500 page must not need the database."""
    from django.db import connection

    def refuse(execute, sql, params, many, context):
        raise RuntimeError(f"the error page ran a query: {sql}")

    return connection.execute_wrapper(refuse)
