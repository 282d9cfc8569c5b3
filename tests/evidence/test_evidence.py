import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import search
from evidence.models import EvidenceFile, EvidenceItem
from strategy.models import Element
from tests import builders
from tests.evidence.samples import docx_with_text, pdf_with_text, xlsx_with_rows

pytestmark = pytest.mark.django_db

RESTRICTED_TITLE = "Account from a mother whose son went missing"


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture
def restricted():
    return builders.evidence_item(
        title=RESTRICTED_TITLE,
        kind="lived_experience",
        confidentiality="restricted",
        summary="She waited nine hours before anyone called back about the return interview.",
        consent_basis="Written consent, 2025",
        review_on=datetime.date(2027, 1, 1),
    )


@pytest.fixture
def granted(django_user_model):
    from tests.conftest import make_user

    user = make_user(django_user_model, "grace", "Policy officer")
    user.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    return user


def upload(client, item, name, content):
    return client.post(
        reverse("evidence:item_file_upload", args=[item.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


# Creating and linking


def test_officer_adds_evidence_linked_to_an_ask_and_an_outcome(officer_client, officer):
    ask = builders.ask(title="APP treats repeat episodes as a trigger")
    outcome = Element.objects.outcomes().first()
    response = officer_client.post(
        reverse("evidence:item_create"),
        {
            "title": "Repeat missing episodes and later harm",
            "kind": "research",
            "confidentiality": "public",
            "summary": "Third episodes within 90 days predict serious harm.",
            "tags": "Repeat, APP, repeat",
            "asks": [ask.pk],
            "outcomes": [outcome.pk],
        },
    )
    item = EvidenceItem.objects.get()
    assert response.url == item.get_absolute_url()
    assert item.created_by == officer
    assert item.tags == "app, repeat"
    assert "Repeat missing episodes" in body(officer_client.get(ask.get_absolute_url()))
    assert "Repeat missing episodes" in body(officer_client.get(outcome.get_absolute_url()))


def test_a_lived_experience_account_needs_consent_basis_and_review_date(client_for, granted):
    client = client_for(granted)
    response = client.post(
        reverse("evidence:item_create"),
        {"title": "An account", "kind": "lived_experience", "confidentiality": "restricted"},
    )
    page = body(response)
    assert "Record the consent basis" in page
    assert "Set a date to review consent" in page
    assert not EvidenceItem.objects.exists()


def test_an_officer_without_access_cannot_make_an_item_restricted(officer_client):
    response = officer_client.post(
        reverse("evidence:item_create"),
        {"title": "Hidden", "kind": "research", "confidentiality": "restricted"},
    )
    assert "Select a valid choice" in body(response)
    assert not EvidenceItem.objects.exists()


def test_asks_without_evidence_lists_only_unbacked_asks(officer_client):
    backed = builders.ask(title="Backed ask")
    builders.ask(title="Unbacked ask")
    builders.evidence_item(title="Behind it").asks.add(backed)
    page = body(officer_client.get(reverse("evidence:asks_without_evidence")))
    assert "Unbacked ask" in page
    assert "Backed ask" not in page


# Restricted evidence never leaks


def test_restricted_evidence_is_absent_for_everyone_without_access(
    client_for, officer, leader, staff_member, restricted
):
    builders.evidence_item(title="Public statistics", confidentiality="public")
    evidence_file = builders.evidence_file(restricted, name="account.csv")
    for user in (officer, leader, staff_member):
        client = client_for(user)
        listing = body(client.get(reverse("evidence:item_list")))
        assert "Public statistics" in listing
        assert RESTRICTED_TITLE not in listing
        assert "Showing 1 to 1 of 1" in listing
        searched = body(client.get(reverse("evidence:item_list"), {"q": "nine hours"}))
        assert RESTRICTED_TITLE not in searched
        assert "No evidence matches this search" in searched
        exported = body(client.get(reverse("evidence:item_export")))
        assert RESTRICTED_TITLE not in exported
        assert client.get(restricted.get_absolute_url()).status_code == 404
        assert client.get(evidence_file.get_absolute_url()).status_code == 404
        global_search = body(client.get(reverse("search:results"), {"q": "missing"}))
        assert RESTRICTED_TITLE not in global_search


def test_restricted_evidence_does_not_count_towards_an_asks_backing(officer_client, restricted):
    ask = builders.ask(title="Backed only by a restricted account")
    restricted.asks.add(ask)
    assert "Backed only by a restricted account" in body(
        officer_client.get(reverse("evidence:asks_without_evidence"))
    )
    assert RESTRICTED_TITLE not in body(officer_client.get(ask.get_absolute_url()))


def test_users_granted_access_see_restricted_evidence(
    client_for, granted, administrator, restricted
):
    for user in (granted, administrator):
        client = client_for(user)
        assert RESTRICTED_TITLE in body(client.get(reverse("evidence:item_list")))
        assert RESTRICTED_TITLE in body(client.get(reverse("evidence:item_list"), {"q": "nine"}))
        assert client.get(restricted.get_absolute_url()).status_code == 200


def test_an_officer_cannot_edit_or_delete_restricted_evidence_they_cannot_see(
    officer_client, restricted
):
    assert (
        officer_client.get(reverse("evidence:item_edit", args=[restricted.pk])).status_code == 404
    )
    response = officer_client.post(reverse("evidence:item_delete", args=[restricted.pk]))
    assert response.status_code == 404
    assert EvidenceItem.objects.filter(pk=restricted.pk).exists()


def test_read_only_roles_cannot_add_evidence_or_files(leader_client):
    item = builders.evidence_item(confidentiality="public")
    assert leader_client.get(reverse("evidence:item_create")).status_code == 403
    assert upload(leader_client, item, "a.pdf", pdf_with_text("x")).status_code == 403


# Files


def test_a_pdf_upload_is_stored_and_its_text_becomes_searchable(officer_client):
    item = builders.evidence_item(title="Return interviews review", confidentiality="internal")
    pdf = pdf_with_text("Only 41 percent of adults were offered a return conversation.")
    response = upload(officer_client, item, "review.pdf", pdf)
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.file_type == "pdf"
    assert stored.size == len(pdf)
    assert "return conversation" in stored.extracted_text
    page = body(officer_client.get(reverse("evidence:item_list"), {"q": "return conversation"}))
    assert "Return interviews review" in page
    assert "<mark>return</mark>" in page.lower()


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("notes.docx", docx_with_text("Families described waiting days for a call."), "waiting"),
        ("figures.xlsx", xlsx_with_rows(["Force", "Episodes"], ["Kent", 1200]), "Kent"),
        ("figures.csv", b"Force,Episodes\nDyfed-Powys,300\n", "Dyfed"),
    ],
)
def test_word_excel_and_csv_uploads_are_searchable(officer_client, name, content, phrase):
    item = builders.evidence_item(title=f"Item with {name}")
    assert upload(officer_client, item, name, content).status_code == 302
    assert phrase in EvidenceFile.objects.get().extracted_text
    page = body(officer_client.get(reverse("evidence:item_list"), {"q": phrase}))
    assert f"Item with {name}" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.pdf", b"<html><body onload=alert(1)>Not a PDF</body></html>"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 64),
        ("program.csv", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("broken.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(officer_client, name, content):
    item = builders.evidence_item()
    response = upload(officer_client, item, name, content)
    assert response.status_code == 422
    page = body(response)
    assert "There is a problem" in page
    assert "not a file type Waymark accepts" in page or "could not be read" in page
    assert not EvidenceFile.objects.exists()


def test_html_disguised_as_a_pdf_gets_a_clear_error(officer_client):
    item = builders.evidence_item()
    response = upload(officer_client, item, "report.pdf", b"<html><p>Hello</p></html>")
    assert "report.pdf is not a file type Waymark accepts" in body(response)


def test_oversize_files_are_refused(officer_client, settings):
    settings.WAYMARK_MAX_UPLOAD_BYTES = 1024
    item = builders.evidence_item()
    response = upload(officer_client, item, "big.csv", b"a,b\n" + b"1,2\n" * 1000)
    assert "too large" in body(response)
    assert not EvidenceFile.objects.exists()


def test_files_download_as_attachments_with_a_safe_type(officer_client):
    item = builders.evidence_item(confidentiality="public")
    evidence_file = builders.evidence_file(
        item, name="<script>.csv", content=b"<script>alert(1)</script>"
    )
    response = officer_client.get(evidence_file.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_removing_a_file_removes_its_text_from_search(officer_client):
    item = builders.evidence_item(title="With a file")
    builders.evidence_file(item, name="f.csv", content=b"word\nzanzibar\n")
    assert "With a file" in body(officer_client.get(reverse("evidence:item_list"), {"q": "zanz"}))
    evidence_file = item.files.get()
    officer_client.post(reverse("evidence:file_delete", args=[evidence_file.pk]))
    page = body(officer_client.get(reverse("evidence:item_list"), {"q": "zanzibar"}))
    assert "With a file" not in page


# Search


def test_search_ranks_title_matches_above_passing_mentions(officer_client):
    builders.evidence_item(title="Notes", summary="A passing mention of protocols.")
    builders.evidence_item(title="Missing protocols across England", summary="Protocols.")
    page = body(officer_client.get(reverse("evidence:item_list"), {"q": "protocols"}))
    assert page.index("Missing protocols across England") < page.index("Notes")


def test_search_matches_words_as_typed_and_exact_phrases():
    item = builders.evidence_item(summary="Children who go missing repeatedly are at risk.")
    visible = EvidenceItem.objects.all()
    assert list(search.search(visible, "child")) == [item]  # a word's start
    assert list(search.search(visible, "missi")) == [item]  # typed so far
    assert list(search.search(visible, "repeatedly risk")) == [item]
    assert list(search.search(visible, '"go missing"')) == [item]
    assert list(search.search(visible, '"missing go"')) == []


def test_search_snippets_cannot_inject_html():
    item = builders.evidence_item(
        summary='<img src=x onerror="alert(1)"> Missing <b>people</b> \x02fake\x03 marker'
    )
    snippet = search.snippets([item], "missing")[item.pk]
    assert "<img" not in snippet
    assert "<b>" not in snippet
    assert "<mark>Missing</mark>" in snippet
    assert "<mark>fake</mark>" not in snippet
    if connection.vendor == "sqlite":
        assert "&lt;img" in snippet  # PostgreSQL's headline drops tags instead


def test_search_survives_hostile_query_syntax(officer_client):
    builders.evidence_item(title="Protocol review")
    for query in ['"', "NEAR(a b)", "title:x", "a OR", "*", "-x", "')--", "protocol AND OR"]:
        response = officer_client.get(reverse("evidence:item_list"), {"q": query})
        assert response.status_code == 200


def test_evidence_list_query_count_does_not_grow_with_items(officer_client):
    def count_queries(params):
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("evidence:item_list"), params)
        return len(queries)

    ask = builders.ask()
    builders.evidence_item(summary="missing data").asks.add(ask)
    few, few_searched = count_queries({}), count_queries({"q": "missing"})
    for _ in range(20):
        item = builders.evidence_item(summary="missing data")
        item.asks.add(ask)
        builders.evidence_file(item)
    assert count_queries({}) == few
    assert count_queries({"q": "missing"}) == few_searched


def test_deleting_an_item_removes_it_from_the_index(officer_client):
    item = builders.evidence_item(title="Soon gone", summary="ephemeral")
    officer_client.post(reverse("evidence:item_delete", args=[item.pk]))
    assert not EvidenceItem.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM evidence_search")
            assert cursor.fetchone()[0] == 0


def test_export_neutralises_formulas_in_evidence_fields(officer_client):
    builders.evidence_item(title='=HYPERLINK("http://example.invalid")')
    exported = body(officer_client.get(reverse("evidence:item_export")))
    assert "'=HYPERLINK" in exported


def test_evidence_search_finds_restricted_items_only_for_those_granted_access(
    client_for, officer, granted, restricted
):
    public = builders.evidence_item(title="Missing children: an inspection")
    url = reverse("evidence:item_choices")
    query = {"q": "missing", "format": "json"}

    officer_ids = [r["id"] for r in client_for(officer).get(url, query).json()["results"]]
    granted_ids = [r["id"] for r in client_for(granted).get(url, query).json()["results"]]

    assert officer_ids == [str(public.pk)]
    assert set(granted_ids) == {str(public.pk), str(restricted.pk)}
