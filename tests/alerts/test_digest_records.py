import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.digests import send_digests
from alerts.models import Digest

pytestmark = pytest.mark.django_db


def test_every_digest_sent_is_recorded_and_administrators_can_resend_it(
    smtp, client_for, administrator, officer, subscribe, make_opening
):
    subscribe(officer)
    opening = make_opening(created_at=timezone.now() - datetime.timedelta(minutes=1))
    send_digests("daily")
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT
    assert list(digest.openings.all()) == [opening]
    assert digest.recipient == officer.email and digest.sent_at

    admin = client_for(administrator)
    listing = admin.get(reverse("alerts:digest_list")).content.decode()
    assert officer.email in listing
    detail = admin.get(digest.get_absolute_url()).content.decode()
    assert opening.title in detail
    admin.post(reverse("alerts:digest_resend", args=[digest.pk]))
    assert len(smtp.to(officer.email)) == 2
    digest.refresh_from_db()
    assert digest.resent_by == administrator


def test_officers_cannot_see_or_resend_digests(client_for, officer):
    client = client_for(officer)
    assert client.get(reverse("alerts:digest_list")).status_code == 403
    assert client.get(reverse("alerts:outbox")).status_code == 403


def test_the_demo_outbox_shows_messages_written_to_files(
    client_for, administrator, officer, settings, tmp_path, subscribe, make_opening
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    subscribe(officer)
    make_opening(
        "Runaway children from care homes",
        created_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    send_digests("daily")
    page = client_for(administrator).get(reverse("alerts:outbox")).content.decode()
    assert "Waymark daily digest: 1 new opening on missing" in page
    assert "Runaway children from care homes" in page
