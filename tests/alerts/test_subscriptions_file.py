"""Alert set-up kept under version control in monitors.toml."""

import pytest
from django.core.management import CommandError, call_command

from alerts.models import Subscription
from monitors.models import Source

pytestmark = pytest.mark.django_db

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


def test_subscriptions_in_the_file_create_and_update_alerts(
    tmp_path, officer, staff_member, capsys
):
    Subscription.objects.create(user=staff_member, frequency="weekly")
    path = write(
        tmp_path,
        SOURCE
        + f"""
[[subscription]]
email = "{officer.email}"
frequency = "daily"
topics = ["missing_children", "return_interviews"]

[[subscription]]
email = "{staff_member.email.upper()}"
frequency = "immediate"
""",
    )
    call_command("import_monitors", path)
    officer_alerts = Subscription.objects.get(user=officer)
    assert officer_alerts.frequency == "daily"
    assert officer_alerts.topics == ["missing_children", "return_interviews"]
    assert officer_alerts.everything is False
    staff_alerts = Subscription.objects.get(user=staff_member)
    assert (staff_alerts.frequency, staff_alerts.everything) == ("immediate", True)
    assert f"subscription {officer.email} (daily)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('email = "nobody@example.org"\nfrequency = "daily"', "no Waymark user has this email"),
        ('email = "olive@example.org"\nfrequency = "hourly"', "frequency must be one of"),
        ('email = "olive@example.org"\nfrequency = "daily"\ntopics = ["cats"]', "unknown topics"),
        ('frequency = "daily"', "needs an email"),
    ],
)
def test_a_bad_subscription_entry_is_named_and_nothing_is_applied(
    tmp_path, officer, entry, message
):
    path = write(tmp_path, SOURCE + "\n[[subscription]]\n" + entry + "\n")
    with pytest.raises(CommandError) as error:
        call_command("import_monitors", path)
    assert message in str(error.value)
    assert "[[subscription]] entry 1" in str(error.value)
    assert not Source.objects.exists()
    assert not Subscription.objects.exists()
