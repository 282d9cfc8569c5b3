"""`seed_demo --scale N`: generated volumes to measure pages at size (tiny scale here; the big
ones run in `make bench`)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from campaigns.models import Ask, AskStatusChange, Campaign, Consultation
from demo.scale import ITEM_ADDRESS, UNIT
from evidence import search
from evidence.models import EvidenceItem
from monitors.models import Item, Opening, Sighting
from stakeholders.models import Interaction, Organisation, Person, Role

SCALE = 2


def _volumes():
    return {
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "interactions": Interaction.objects.count(),
        "items": Item.objects.count(),
        "openings": Opening.objects.count(),
        "evidence": EvidenceItem.objects.count(),
        "campaigns": Campaign.objects.count(),
        "asks": Ask.objects.count(),
        "consultations": Consultation.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The hand-written demo alone, then with scale 2 added: built once for the module and
    rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        before = _volumes()
        last_demo_ask = Ask.objects.order_by("-pk").values_list("pk", flat=True).first()
        out = io.StringIO()
        call_command("seed_demo", "--scale", str(SCALE), stdout=out)
        yield {
            "before": before,
            "after": _volumes(),
            "output": out.getvalue(),
            "last_demo_ask": last_demo_ask,
        }
        transaction.set_rollback(True)


def test_scale_two_adds_twice_the_unit_volumes_on_top_of_the_demo(seeded, db):
    added = {key: seeded["after"][key] - seeded["before"][key] for key in seeded["before"]}
    for key in ("people", "organisations", "interactions", "items", "openings", "evidence"):
        assert added[key] == SCALE * UNIT[key], key
    assert added["campaigns"] == SCALE * UNIT["campaigns"]
    assert added["asks"] == SCALE * UNIT["asks"]
    assert added["consultations"] == SCALE * UNIT["consultations"]
    assert f"Scale {SCALE} generated" in seeded["output"]


def test_generated_data_has_the_shapes_of_real_use(seeded, db):
    generated = Opening.objects.filter(item__url__startswith=ITEM_ADDRESS)
    assert generated.filter(status=Opening.Status.DISMISSED).count() > generated.count() / 2
    assert EvidenceItem.objects.filter(confidentiality="restricted").exists()
    # Every monitored item was seen by a source, some by two.
    items = Item.objects.filter(url__startswith=ITEM_ADDRESS)
    assert Sighting.objects.filter(item__in=items).count() > items.count()
    # Most people take part in few interactions, a few in many.
    counts = sorted(
        Person.objects.annotate(n=Count("interactions")).values_list("n", flat=True), reverse=True
    )
    assert counts[0] >= 10 * counts[len(counts) // 2]
    assert Role.objects.filter(ended_on__isnull=False).exists()
    # Ask history runs from drafted to the ask's status now.
    ask = (
        Ask.objects.filter(pk__gt=seeded["last_demo_ask"]).exclude(status=Ask.Status.DRAFTED).last()
    )
    history = AskStatusChange.objects.filter(ask=ask).order_by("changed_at")
    assert history.first().to_status == Ask.Status.DRAFTED
    assert history.last().to_status == ask.status
    # Interactions reach back years, more of them recent.
    newest = Interaction.objects.order_by("-date").first().date
    recent = Interaction.objects.filter(date__gte=newest.replace(year=newest.year - 1)).count()
    older = Interaction.objects.filter(date__lt=newest.replace(year=newest.year - 3)).count()
    assert older > 0
    assert recent > older


def test_generated_evidence_is_found_by_search(seeded, db):
    generated = EvidenceItem.objects.filter(url__startswith="https://www.example.org.uk/evidence/")
    found = search.matching(generated, "missing")
    assert found.count() > generated.count() / 2
    assert search.search(generated, "missing").exists()


def test_generated_people_are_found_by_search(seeded, db):
    person = Person.objects.filter(email__endswith="@example.org.uk").order_by("pk").last()
    assert person in Person.objects.matching(f"{person.name} {person.role_title}")


def test_pages_render_with_the_generated_volumes(seeded, db, client):
    officer = get_user_model().objects.get(username="officer")
    client.force_login(officer)
    busy = Person.objects.annotate(n=Count("interactions")).order_by("-n").first()
    organisation = Organisation.objects.annotate(n=Count("people")).order_by("-n").first()
    for url in [
        "/",
        "/stakeholders/",
        "/stakeholders/organisations/",
        "/stakeholders/interactions/",
        "/stakeholders/interactions/follow-ups/",
        "/monitors/",
        "/evidence/?q=missing",
        "/search/?q=return",
        busy.get_absolute_url(),
        organisation.get_absolute_url(),
        Opening.objects.last().get_absolute_url(),
        Campaign.objects.last().get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url


def test_running_again_at_the_same_scale_adds_nothing(seeded, db):
    out = io.StringIO()
    call_command("seed_demo", "--scale", str(SCALE), stdout=out)
    assert _volumes() == seeded["after"]
    assert "already present; nothing added" in out.getvalue()


def test_another_scale_on_a_generated_database_is_refused(seeded, db):
    with pytest.raises(CommandError, match=f"already holds scale {SCALE}"):
        call_command("seed_demo", "--scale", "3", stdout=io.StringIO())
    assert _volumes() == seeded["after"]
