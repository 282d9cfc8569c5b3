"""Security: an evidence item saved from an opening and later restricted is absent from the
opening for everyone not granted restricted access, wherever the opening is shown.

Before the fix the opening kept the item's link and its title from the day it was saved, and
showed both to every reader of the opening page.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts.digests import send_digests
from alerts.models import Subscription
from evidence.models import EvidenceItem
from tests import builders

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Kent safeguarding review: names of children (restricted)"


@pytest.fixture
def granted(django_user_model):
    from tests.conftest import make_user

    user = make_user(django_user_model, "grace", "Policy officer")
    user.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    return user


@pytest.fixture
def restricted_evidence(officer_client):
    """An opening saved as evidence; the item is then retitled and restricted."""
    opening = builders.opening()
    officer_client.post(reverse("monitors:opening_evidence_create", args=[opening.pk]))
    evidence = EvidenceItem.objects.get()
    EvidenceItem.objects.filter(pk=evidence.pk).update(
        title=SECRET_TITLE, confidentiality=EvidenceItem.Confidentiality.RESTRICTED
    )
    officer_client.logout()
    return opening, evidence


@pytest.mark.parametrize("role", ["officer", "leader", "staff_member"])
def test_the_opening_page_does_not_name_or_link_restricted_evidence(
    role, request, client, restricted_evidence
):
    opening, evidence = restricted_evidence
    client.force_login(request.getfixturevalue(role))
    page = client.get(opening.get_absolute_url()).content.decode()
    assert evidence.get_absolute_url() not in page
    assert SECRET_TITLE not in page
    assert "Done from this opening" not in page  # the only thing done was the evidence


def test_someone_granted_restricted_access_sees_the_items_current_title(
    client, granted, restricted_evidence
):
    opening, evidence = restricted_evidence
    client.force_login(granted)
    page = client.get(opening.get_absolute_url()).content.decode()
    assert evidence.get_absolute_url() in page
    assert SECRET_TITLE in page


def test_exports_and_search_do_not_name_restricted_evidence(
    client, staff_member, restricted_evidence
):
    opening, evidence = restricted_evidence
    client.force_login(staff_member)
    for url in (
        reverse("monitors:opening_export") + "?format=json",
        reverse("monitors:opening_export"),
        reverse("search:results") + "?q=Kent+safeguarding",
    ):
        body = b"".join(client.get(url)).decode()
        assert SECRET_TITLE not in body, url
        assert evidence.get_absolute_url() not in body, url
    records = json.loads(b"".join(client.get(reverse("monitors:opening_export") + "?format=json")))
    assert [record["title"] for record in records] == [opening.title]


def test_a_digest_does_not_name_restricted_evidence(staff_member, restricted_evidence):
    opening, evidence = restricted_evidence
    subscription = Subscription.objects.create(user=staff_member, frequency="daily")
    Subscription.objects.filter(pk=subscription.pk).update(last_opening_id=0)
    send_digests("daily", timezone.now() + datetime.timedelta(minutes=1))
    [message] = mail.outbox
    bodies = message.body + message.alternatives[0][0]
    assert opening.title in bodies
    assert SECRET_TITLE not in bodies and evidence.get_absolute_url() not in bodies
