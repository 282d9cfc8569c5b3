"""Immediate subscribers hear of an important opening as soon as a worker takes the task its
scan queued, not at the next schedule."""

import datetime
import json

import pytest

from alerts.models import Subscription
from monitors.models import Source
from monitors.tasks import run_due_scans

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)

QUESTIONS = {
    "totalResults": 1,
    "results": [
        {
            "value": {
                "id": 7001,
                "uin": "7001",
                "askingMemberId": 4410,
                "house": "Commons",
                "dateTabled": "2024-03-19T00:00:00",
                "heading": "Missing Persons: Children in Care",
                "questionText": "To ask the Secretary of State for Education, how many children "
                "went missing from children's homes in each of the last three years; and what "
                "steps she is taking to ensure every child receives a return home interview.",
                "answerText": None,
                "answeringBodyName": "Department for Education",
            }
        }
    ],
}


def test_an_immediate_subscriber_is_mailed_by_the_scan_that_found_the_opening(
    settings, smtp, stage, officer, worker
):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0
    Subscription.objects.create(user=officer, frequency="immediate")
    Source.objects.create(
        name="Written questions",
        kind="parliament-written-questions",
        url=stage(json.dumps(QUESTIONS).encode()),
        next_check_at=NOW,
    )

    run_due_scans(NOW)
    worker()
    run_due_scans(NOW + datetime.timedelta(minutes=1))
    worker()

    [message] = smtp.to(officer.email)
    assert message["Subject"] == "Waymark alert: Missing Persons: Children in Care"
