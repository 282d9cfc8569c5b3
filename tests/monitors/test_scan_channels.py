"""Chat channels hear of a new opening within the scan that found it, once."""

import datetime
import json

import pytest

from alerts.models import Channel
from monitors.models import Source
from monitors.tasks import run_due_scans

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 1, 7, 12, 0, tzinfo=datetime.UTC)
QUESTIONS = {
    "totalResults": 1,
    "results": [
        {
            "value": {
                "id": 7101,
                "uin": "7101",
                "askingMemberId": 4410,
                "house": "Commons",
                "dateTabled": "2029-12-19T00:00:00",
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


def test_the_scan_that_opens_an_opening_posts_it_to_the_channel_once(
    settings, stage, webhook_receiver, worker
):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]  # the fixture server and the receiver
    settings.MONITORS_PAGE_DELAY = 0
    Channel.objects.create(name="Team", kind="webhook", url=webhook_receiver.url)
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
    [post] = webhook_receiver.accepted()
    assert post["opening"]["title"] == "Missing Persons: Children in Care"
