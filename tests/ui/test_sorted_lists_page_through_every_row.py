"""Sorting a list by a column many rows share (a sector, a kind, a date, no contact yet) still
shows every row exactly once across the pages, and the download lists them in the same order.

PostgreSQL returns tied rows in whatever order suits each LIMIT/OFFSET, so without a unique last
key an officer paging through organisations sorted by last contact saw some twice and missed
others; these tests failed there before the sort ended on the id.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Organisation
from tests import builders
from ui.listing import PAGE_SIZE

ROWS = PAGE_SIZE * 2 + 10


@pytest.fixture
def organisations_with_ties():
    """Every organisation in one sector and kind; a few share a last contact, most have none."""
    created = [
        builders.organisation(name=f"Body {n:03}", sector=Organisation.Sector.POLICE)
        for n in range(ROWS)
    ]
    met_on = timezone.localdate() - datetime.timedelta(days=3)
    builders.interaction(date=met_on, organisations=created[5:12])
    return created


def names_page_by_page(client, url, ordering):
    names = []
    page = 1
    while True:
        response = client.get(url, {"o": ordering, "page": page})
        assert response.status_code == 200
        names += [organisation.name for organisation in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return names
        page += 1


def names_downloaded(client, url, ordering):
    response = client.get(url, {"o": ordering})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["Name"] for row in csv.DictReader(io.StringIO(body))]


@pytest.mark.parametrize("ordering", ["sector", "-sector", "kind", "last_contact", "-last_contact"])
@pytest.mark.django_db
def test_paging_through_a_sorted_list_of_organisations_shows_each_one_once(
    officer_client, organisations_with_ties, ordering
):
    names = names_page_by_page(officer_client, reverse("stakeholders:organisation_list"), ordering)

    assert sorted(names) == sorted(o.name for o in organisations_with_ties)


@pytest.mark.parametrize("ordering", ["sector", "-last_contact"])
@pytest.mark.django_db
def test_the_organisations_download_lists_them_in_the_order_the_pages_show(
    officer_client, organisations_with_ties, ordering
):
    on_pages = names_page_by_page(
        officer_client, reverse("stakeholders:organisation_list"), ordering
    )
    downloaded = names_downloaded(
        officer_client, reverse("stakeholders:organisation_export"), ordering
    )

    assert downloaded == on_pages


@pytest.fixture
def met_and_never_met():
    """Two people and two organisations met on different days, and one of each never met."""
    today = timezone.localdate()
    people = {name: builders.person(name=name) for name in ("Long ago", "Lately", "Never")}
    bodies = {name: builders.organisation(name=name) for name in ("Long ago", "Lately", "Never")}
    builders.interaction(
        date=today - datetime.timedelta(days=90),
        people=[people["Long ago"]],
        organisations=[bodies["Long ago"]],
    )
    builders.interaction(
        date=today - datetime.timedelta(days=2),
        people=[people["Lately"]],
        organisations=[bodies["Lately"]],
    )


@pytest.mark.parametrize("list_name", ["person_list", "organisation_list"])
@pytest.mark.django_db
def test_someone_never_met_counts_as_the_longest_since_contact_on_every_database(
    officer_client, met_and_never_met, list_name
):
    url = reverse(f"stakeholders:{list_name}")

    assert names_page_by_page(officer_client, url, "last_contact") == [
        "Never",
        "Long ago",
        "Lately",
    ]
    assert names_page_by_page(officer_client, url, "-last_contact") == [
        "Lately",
        "Long ago",
        "Never",
    ]
