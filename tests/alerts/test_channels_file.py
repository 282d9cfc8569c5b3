"""`[[channel]]` entries in monitors.toml: channels kept under version control, with the same
filter keys and the same matching as `[[subscription]]` entries."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from alerts.channels import send_channels
from alerts.digests import opening_facts
from alerts.models import Channel, Subscription
from monitors.models import Source
from tests import builders

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 1, 7, 9, 0, tzinfo=datetime.UTC)
SOURCE = """
[[source]]
name = "Written questions on missing children"
kind = "parliament-written-questions"
url = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions?searchTerm=missing"
every = "6h"
"""


def write(tmp_path, text):
    path = tmp_path / "monitors.toml"
    path.write_text(text)
    return str(path)


def test_channels_in_the_file_are_created_and_post_what_their_topics_follow(
    tmp_path, webhook_receiver, officer, capsys
):
    builders.opening(topics=["exploitation_and_missing"])  # before the channel: not posted
    path = write(
        tmp_path,
        SOURCE
        + f"""
[[channel]]
name = "Exploitation team"
kind = "slack"
url = "{webhook_receiver.url}"
topics = ["exploitation_and_missing"]
owner = "{officer.username}"

[[subscription]]
email = "{officer.email}"
frequency = "daily"
topics = ["exploitation_and_missing"]
""",
    )
    call_command("import_monitors", path)
    assert "channel Exploitation team (slack)" in capsys.readouterr().out
    channel = Channel.objects.get()
    assert (channel.owner, channel.from_file, channel.everything) == (officer, True, False)
    wanted = builders.opening(topics=["exploitation_and_missing"])
    other = builders.opening(topics=["missing_from_care"])
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    assert wanted.item.title in post["text"]
    # The same rule decides for the subscriber with the same keys.
    subscription = Subscription.objects.get(user=officer)
    facts = {f.id: f for f in opening_facts(0, NOW)}
    assert [subscription.follows(facts[o.pk]) for o in (wanted, other)] == [True, False]
    assert [channel.follows(facts[o.pk]) for o in (wanted, other)] == [True, False]

    # Importing again updates the channel, not a second one, and posts nothing twice.
    call_command("import_monitors", path)
    send_channels(NOW)
    assert Channel.objects.count() == 1 and len(webhook_receiver.accepted()) == 1


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('kind = "irc"\nurl = "https://example.org/hook"', "kind must be one of"),
        ('kind = "slack"\nurl = "ftp://example.org/hook"', "http(s) address"),
        (
            'kind = "slack"\nurl = "https://example.org/hook"\ntopics = ["knitting"]',
            "unknown topics",
        ),
        ('kind = "slack"\nurl = "https://example.org/hook"\nchannel = "#x"', "unknown keys"),
    ],
)
def test_a_bad_channel_entry_changes_nothing(tmp_path, entry, message):
    path = write(tmp_path, SOURCE + f'\n[[channel]]\nname = "Team"\n{entry}\n')
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_monitors", path)
    assert not Channel.objects.exists()
    assert not Source.objects.exists()
