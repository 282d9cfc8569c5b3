"""Every date in every form is the GOV.UK date input, refused in GOV.UK's words."""

import datetime
import re

import pytest
from django.urls import reverse

from campaigns.models import Consultation
from stakeholders.models import Interaction
from tests import builders

pytestmark = pytest.mark.django_db


def form_pages():
    person = builders.person()
    person.start_role("Lead for missing children")  # so the page offers to end it
    area = builders.local_area()
    opening = builders.opening()
    return {
        "campaign": (reverse("campaigns:campaign_create"), ["start_date", "end_date"]),
        "consultation": (
            reverse("campaigns:consultation_create"),
            ["opens_on", "closes_on", "submitted_on"],
        ),
        "interaction and follow-up": (
            reverse("stakeholders:interaction_create"),
            ["date", "follow_up_due"],
        ),
        "person's first role": (reverse("stakeholders:person_create"), ["role_started_on"]),
        "a role and its end": (person.get_absolute_url(), ["started_on", "ended_on"]),
        "local area": (
            reverse("stakeholders:area_edit", args=[area.pk]),
            ["status_reviewed_on"],
        ),
        "evidence": (reverse("evidence:item_create"), ["published_on", "review_on"]),
        "activity delivered": (reverse("strategy:delivery_create"), ["date"]),
        "outcome feedback": (reverse("strategy:feedback_create"), ["date"]),
        "opening's next step": (reverse("monitors:opening_edit", args=[opening.pk]), ["due_date"]),
    }


def test_every_date_in_every_form_is_day_month_and_year_boxes(officer_client):
    for what, (url, fields) in form_pages().items():
        body = officer_client.get(url).content.decode()
        assert 'type="date"' not in body, what
        for name in fields:
            for part in ("day", "month", "year"):
                assert re.search(rf'name="[^"]*{name}_{part}"', body), (what, name, part)


def post_consultation(client, closes):
    day, month, year = closes
    return client.post(
        reverse("campaigns:consultation_create"),
        {
            "title": "Review of police missing persons guidance",
            "kind": Consultation.Kind.CONSULTATION,
            "response_status": Consultation.ResponseStatus.NOT_STARTED,
            "closes_on_day": day,
            "closes_on_month": month,
            "closes_on_year": year,
        },
    )


@pytest.mark.parametrize(
    ("closes", "message"),
    [
        (("14", "", "2026"), "Closes must include a month"),
        (("", "", "2026"), "Closes must include a day and month"),
        (("14", "7", ""), "Closes must include a year"),
        (("31", "2", "2026"), "Closes must be a real date"),
        (("14", "sometime", "2026"), "Closes must be a real date"),
        (("14", "7", "26"), "Year must include 4 numbers"),
    ],
)
def test_a_date_that_is_not_whole_or_real_is_refused_in_govuk_words(
    officer_client, closes, message
):
    response = post_consultation(officer_client, closes)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Enter a valid date" not in body
    # What was typed is shown again, so the officer corrects it rather than retyping it.
    day, month, year = closes
    assert f'name="closes_on_day" value="{day}"' in body or not day
    assert f'name="closes_on_year" value="{year}"' in body or not year
    assert not Consultation.objects.exists()


def test_a_date_with_the_month_as_a_word_is_saved(officer_client):
    response = post_consultation(officer_client, ("14", "July", "2026"))
    assert response.status_code == 302
    assert Consultation.objects.get().closes_on == datetime.date(2026, 7, 14)


def test_an_interaction_saved_from_the_boxes_keeps_its_dates(officer_client):
    person = builders.person()
    response = officer_client.post(
        reverse("stakeholders:interaction_create"),
        {
            "date_day": "3",
            "date_month": "11",
            "date_year": "2026",
            "kind": Interaction.Kind.MEETING,
            "summary": "Talked about return home interviews",
            "people": [person.pk],
            "follow_up_action": "Send the briefing",
            "follow_up_due_day": "10",
            "follow_up_due_month": "12",
            "follow_up_due_year": "2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    interaction = Interaction.objects.get()
    assert interaction.date == datetime.date(2026, 11, 3)
    assert interaction.follow_up_due == datetime.date(2026, 12, 10)


def test_an_empty_required_date_asks_for_it(officer_client):
    response = officer_client.post(
        reverse("strategy:delivery_create"), {"date_day": "", "date_month": "", "date_year": ""}
    )
    assert "Enter a date" in response.content.decode()
