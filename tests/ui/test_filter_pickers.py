"""List filters over asks and campaigns are pickers: a page never lists every ask or campaign.

Each converted filter is checked the same four ways: at volume the unfiltered page names none
of the rows it could filter by; a link such as `?ask=<id>` filters the list and shows the chosen
name; the Search step without JavaScript lists matches and applies nothing; an id outside the
filter's rows is refused with a message, and the list is left unfiltered by it.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from campaigns.models import Ask, Campaign
from tests import builders

pytestmark = pytest.mark.django_db


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def filterable_asks(n=30):
    return [builders.ask(title=f"Filterable ask {i:02}") for i in range(n)]


def filterable_campaigns(n=30):
    return [builders.campaign(title=f"Filterable campaign {i:02}") for i in range(n)]


# Each case: a row of the list that the chosen ask or campaign keeps, and one it leaves out.


def evidence_for_ask(chosen):
    kept = builders.evidence_item(title="Return home interviews 2025")
    kept.asks.add(chosen)
    builders.evidence_item(title="Unrelated police data")
    return "Return home interviews 2025", "Unrelated police data"


def evidence_for_campaign(chosen):
    kept = builders.evidence_item(title="Return home interviews 2025")
    kept.campaigns.add(chosen)
    builders.evidence_item(title="Unrelated police data")
    return "Return home interviews 2025", "Unrelated police data"


def interactions_for_campaign(chosen):
    kept = builders.interaction(summary="Met the minister about return interviews")
    kept.campaigns.add(chosen)
    builders.interaction(summary="Coffee with a council officer")
    return "Met the minister about return interviews", "Coffee with a council officer"


def asks_for_campaign(chosen):
    builders.ask(campaign=chosen, title="A named minister leads")
    # Titled, so a generated "Campaign 1.." cannot match a search for "campaign 1".
    other = builders.campaign(title="Data and research")
    builders.ask(campaign=other, title="Data on children missing from care")
    return "A named minister leads", "Data on children missing from care"


def deliveries_for_campaign(chosen):
    builders.delivery(campaign=chosen, title="Training for Kent Police")
    builders.delivery(title="Talk at a school assembly")
    return "Training for Kent Police", "Talk at a school assembly"


def people_for_campaign(chosen):
    ask = builders.ask(campaign=chosen, title="A named minister leads")
    ask.target_people.add(builders.person(name="Helen Marsh", influence=5))
    builders.person(name="Bob Jones", influence=5)
    return "Helen Marsh", "Bob Jones"


@dataclass
class Case:
    url_name: str
    param: str
    noun: str
    model: type
    results: object

    def __str__(self):
        return f"{self.url_name}?{self.param}"


CASES = [
    Case("evidence:item_list", "ask", "ask", Ask, evidence_for_ask),
    Case("evidence:item_list", "campaign", "campaign", Campaign, evidence_for_campaign),
    Case(
        "stakeholders:interaction_list",
        "campaign",
        "campaign",
        Campaign,
        interactions_for_campaign,
    ),
    Case("campaigns:ask_list", "campaign", "campaign", Campaign, asks_for_campaign),
    Case("strategy:delivery_list", "campaign", "campaign", Campaign, deliveries_for_campaign),
    Case("dashboards:influence", "campaign", "campaign", Campaign, people_for_campaign),
    Case("dashboards:network", "campaign", "campaign", Campaign, people_for_campaign),
]


def many(case):
    return filterable_asks() if case.model is Ask else filterable_campaigns()


def chosen_radio(page, case, pk):
    return re.search(
        rf'<input class="govuk-radios__input" type="radio" name="{case.param}" value="{pk}"'
        rf' id="id_{case.param}-{pk}" checked><label[^>]*>([^<]*)</label>',
        page,
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_list_at_volume_names_none_of_the_rows_its_filter_could_choose(officer_client, case):
    many(case)

    page = body(officer_client.get(reverse(case.url_name)))

    assert f"Filterable {case.noun}" not in page
    assert f'<select name="{case.param}"' not in page
    # The picker is there instead: its search box, labelled, and the Search button.
    assert f'<label class="govuk-label" for="id_{case.param}-search">Find a' in page
    assert f'name="picker_search" value="{case.param}"' in page


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_link_to_the_list_for_one_row_filters_it_and_shows_the_chosen_name(officer_client, case):
    rows = many(case)
    chosen = rows[7]
    kept, left_out = case.results(chosen)

    page = body(officer_client.get(reverse(case.url_name), {case.param: chosen.pk}))

    radio = chosen_radio(page, case, chosen.pk)
    assert radio and radio.group(1) == chosen.title
    assert kept in page
    assert left_out not in page
    assert "1 filter applied" in page
    assert f'<a class="govuk-link" href="{reverse(case.url_name)}">Clear filters</a>' in page
    # Only the chosen row is named; the rest of the table stays out of the page.
    assert rows[8].title not in page


@pytest.mark.parametrize("case", CASES, ids=str)
def test_without_javascript_the_search_step_lists_matches_and_applies_nothing(officer_client, case):
    rows = many(case)
    kept, other = case.results(rows[3])
    text = f"{case.noun} 1"

    page = body(
        officer_client.get(
            reverse(case.url_name),
            {case.param: "", f"{case.param}__search": text, "picker_search": case.param},
        )
    )

    # The ten titles ending 10 to 19 match, offered as radios to choose from.
    offered = re.findall(
        rf'type="radio" name="{case.param}" value="(\d+)" id="{case.param}-match-', page
    )
    assert sorted(int(pk) for pk in offered) == sorted(row.pk for row in rows[10:20])
    assert f"10 matches for “{text}”" in page
    assert f'value="{text}"' in page  # what was typed stays in the box
    # Sorting, paging and download links do not carry the search step along.
    assert not [link for link in re.findall(r'href="([^"]*)"', page) if "picker_search" in link]
    # Nothing is applied until a match is chosen.
    assert kept in page and other in page
    assert "filter applied" not in page


@pytest.mark.parametrize("case", CASES, ids=str)
def test_an_id_that_is_not_one_of_the_filters_rows_is_refused_and_filters_nothing(
    officer_client, case
):
    gone = many(case)[0]
    kept, other = case.results(many(case)[1])
    gone_title, gone_pk = gone.title, gone.pk
    gone.delete()

    page = body(officer_client.get(reverse(case.url_name), {case.param: gone_pk}))

    article = "an" if case.noun == "ask" else "a"
    assert f"That {case.noun} was not found. Search for {article} {case.noun} by name" in page
    assert f'aria-describedby="id_{case.param}-error"' in page
    assert gone_title not in page
    assert not chosen_radio(page, case, gone_pk)
    assert kept in page and other in page


def test_restricted_evidence_stays_out_of_a_list_filtered_by_the_ask_it_backs(
    client_for, staff_member
):
    from evidence.models import EvidenceItem

    ask = builders.ask(title="A named minister leads")
    secret = builders.evidence_item(
        title="Unpublished case review", confidentiality=EvidenceItem.Confidentiality.RESTRICTED
    )
    secret.asks.add(ask)

    page = body(client_for(staff_member).get(reverse("evidence:item_list"), {"ask": ask.pk}))

    assert chosen_radio(page, CASES[0], ask.pk).group(1) == "A named minister leads"
    assert "Unpublished case review" not in page
