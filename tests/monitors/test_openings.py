"""Triage, acting on openings, the pages, exports, commands, schedules and demo data."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_q.models import Schedule

from campaigns.models import Consultation
from monitors import demo
from monitors.models import Opening, RelevanceWeights, Source, TriageDecision
from monitors.sourcefile import DEFAULT_FILE, SourceFileError, read_sources
from monitors.tuning import tune_relevance
from schedules.setup import ensure_schedules
from tests import builders

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)


def test_accepting_an_opening_takes_it_on_and_labels_it_relevant(officer):
    opening = builders.opening()

    opening.accept(officer)
    opening.accept(officer)

    opening.refresh_from_db()
    assert opening.status == Opening.Status.IN_PROGRESS and opening.assignee == officer
    assert TriageDecision.objects.get().decision == "relevant"


def test_dismissing_keeps_a_not_relevant_label_once_per_officer(officer):
    opening = builders.opening()

    opening.dismiss(officer, note="About missing targets")
    opening.dismiss(officer)

    assert Opening.objects.new().count() == 0
    assert TriageDecision.objects.get().decision == "not_relevant"
    assert "missing targets" in Opening.objects.get().notes


def test_openings_filter_by_topic_and_time():
    care = builders.opening(topics=["missing_from_care"])
    builders.opening(topics=["dementia_and_missing"])

    assert list(Opening.objects.for_topics(["missing_from_care"])) == [care]
    assert Opening.objects.for_topics(["missing_from_care", "dementia_and_missing"]).count() == 2
    assert Opening.objects.since(care.created_at + datetime.timedelta(days=1)).count() == 0


def test_an_officer_triages_from_the_list_and_gets_the_updated_row(officer_client, officer):
    opening = builders.opening()

    response = officer_client.post(
        reverse("monitors:opening_status", args=[opening.pk]),
        {"action": "assign"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert f'id="opening-{opening.pk}"' in response.content.decode()
    opening.refresh_from_db()
    assert opening.assignee == officer


def test_leadership_cannot_triage_an_opening(leader_client):
    opening = builders.opening()

    response = leader_client.post(
        reverse("monitors:opening_status", args=[opening.pk]), {"action": "dismiss"}
    )

    assert response.status_code == 403
    assert Opening.objects.get().status == Opening.Status.NEW


def test_the_openings_list_filters_and_shows_why_each_matched(officer_client):
    opening = builders.opening(
        reasons=[
            {
                "phrase": "went missing",
                "start": 0,
                "end": 0,
                "field": "body",
                "weight": 2.0,
                "passage": "How many children went missing <script>x()</script> from care.",
            }
        ]
    )
    builders.opening(status=Opening.Status.DISMISSED)

    response = officer_client.get(reverse("monitors:opening_list"), {"status": "new"})

    page = response.content.decode()
    assert opening.title in page and page.count('class="govuk-table__row wm-opening') == 1
    assert "<mark>went missing</mark>" in page
    assert "<script>x()" not in page and "&lt;script&gt;" in page


def test_an_opening_never_links_to_a_non_web_address(officer_client):
    opening = builders.opening()
    opening.item.url = "javascript:alert(1)"
    opening.item.save()

    page = officer_client.get(opening.get_absolute_url()).content.decode()

    assert 'href="javascript:' not in page


def test_an_opening_becomes_a_prefilled_consultation_in_one_step(officer_client, officer):
    body = builders.organisation(name="Department for Education")
    opening = builders.opening(lever_type="consultation")
    item = opening.item
    item.organisations = ["Department for Education"]
    item.deadline = datetime.date(2030, 5, 1)
    item.save()

    response = officer_client.post(
        reverse("monitors:opening_consultation_create", args=[opening.pk])
    )
    officer_client.post(reverse("monitors:opening_consultation_create", args=[opening.pk]))

    consultation = Consultation.objects.get()
    assert response.url == reverse("campaigns:consultation_edit", args=[consultation.pk])
    assert (consultation.title, consultation.body, consultation.closes_on) == (
        item.title,
        body,
        datetime.date(2030, 5, 1),
    )
    assert consultation.url == item.url and consultation.owner == officer
    opening.refresh_from_db()
    assert opening.consultation == consultation and opening.status == "in_progress"


def test_an_opening_can_be_logged_saved_as_evidence_and_attached(officer_client):
    opening = builders.opening(lever_type="inspection_finding")
    opening.item.passages = [{"page": 12, "text": "Return home interviews are not offered."}]
    opening.item.save()
    ask = builders.ask()

    officer_client.post(reverse("monitors:opening_interaction_create", args=[opening.pk]))
    officer_client.post(reverse("monitors:opening_evidence_create", args=[opening.pk]))
    officer_client.post(reverse("monitors:opening_attach_edit", args=[opening.pk]), {"ask": ask.pk})

    from evidence.models import EvidenceItem
    from stakeholders.models import Interaction

    evidence = EvidenceItem.objects.get()
    assert evidence.kind == "inspection"
    assert "p. 12: Return home interviews are not offered." in evidence.key_findings
    assert Interaction.objects.get().summary.startswith(opening.title)
    assert list(opening.asks.all()) == [ask]
    assert [action["kind"] for action in Opening.objects.get().actions] == [
        "interaction",
        "evidence",
        "ask",
    ]


def test_an_unknown_asking_member_can_be_created_as_a_stakeholder(officer_client):
    opening = builders.opening()
    opening.item.member_ids = [4410]
    opening.item.save()

    page = officer_client.get(opening.get_absolute_url()).content.decode()
    officer_client.post(
        reverse("monitors:opening_person_create", args=[opening.pk]),
        {"name": "Ann Example", "member_id": 4410},
    )

    assert "Parliament member 4410 is not a stakeholder yet" in page
    person = opening.people.get()
    assert (person.name, person.parliament_member_id) == ("Ann Example", 4410)


def test_scan_now_queues_a_scan_whose_progress_the_page_polls(officer_client):
    source = builders.source()

    response = officer_client.post(
        reverse("monitors:source_scan_create", args=[source.pk]), headers={"HX-Request": "true"}
    )
    officer_client.post(reverse("monitors:source_scan_create", args=[source.pk]))

    run = source.runs.get()
    assert run.status == "queued"
    assert f'hx-get="{reverse("monitors:run", args=[run.pk])}"' in response.content.decode()


def test_only_administrators_add_sources(client_for, officer, administrator):
    data = {
        "name": "HMICFRS",
        "kind": "rss",
        "url": "https://hmicfrs.justiceinspectorates.gov.uk/feed/",
        "every": "6h",
        "enabled": "on",
        "options": "{}",
        "backfill_days": 30,
    }
    assert client_for(officer).post(reverse("monitors:source_create"), data).status_code == 403
    response = client_for(administrator).post(reverse("monitors:source_create"), data)

    source = Source.objects.get()
    assert response.url == source.get_absolute_url()
    assert source.every == datetime.timedelta(hours=6)


def test_the_openings_export_from_the_browser_matches_the_command(officer_client):
    builders.opening()

    response = officer_client.get(reverse("monitors:opening_export"), {"format": "json"})
    out = io.StringIO()
    call_command("export_openings", stdout=out)

    assert response.streaming
    assert json.loads(b"".join(response.streaming_content)) == json.loads(out.getvalue())
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    officer_client.get(reverse("monitors:opening_export")).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == [
        "source",
        "title",
        "url",
        "published",
        "score",
        "topics",
        "lever",
        "status",
        "reasons",
    ]


def test_export_openings_writes_the_documented_keys_since_a_date():
    old = builders.opening()
    Opening.objects.filter(pk=old.pk).update(created_at=NOW - datetime.timedelta(days=10))
    builders.opening()

    out = io.StringIO()
    call_command("export_openings", "--since", "2024-03-15", stdout=out)
    records = json.loads(out.getvalue())
    csv_out = io.StringIO()
    call_command("export_openings", "--format", "csv", stdout=csv_out)

    assert len(records) == 1
    assert set(records[0]) == {
        "source",
        "title",
        "url",
        "published",
        "score",
        "topics",
        "lever",
        "status",
        "reasons",
    }
    assert 0 <= records[0]["score"] <= 1
    datetime.datetime.fromisoformat(records[0]["published"])
    assert records[0]["lever"] == "Parliamentary interest"
    assert len(list(csv.reader(io.StringIO(csv_out.getvalue())))) == 3


def test_the_shipped_monitors_file_reads_without_fetching_anything():
    specs = read_sources(DEFAULT_FILE.read_text())

    kinds = {spec["kind"] for spec in specs}
    assert {"rss", "parliament-written-questions", "govuk-search", "page", "html"} <= kinds
    assert all(spec["url"].startswith("https://") for spec in specs)


def test_import_monitors_creates_then_updates_by_name(tmp_path, officer):
    path = tmp_path / "monitors.toml"
    path.write_text(
        '[[source]]\nname = "Local"\nkind = "rss"\nurl = "http://127.0.0.1:9/feed"\n'
        'every = "30m"\n[source.options]\nmax_pages = 2\n\n'
        f'[[subscription]]\nemail = "{officer.email}"\nfrequency = "weekly"\n'
    )
    call_command("import_monitors", str(path), stdout=io.StringIO())
    path.write_text(path.read_text().replace('"30m"', '"1d"'))
    out = io.StringIO()
    call_command("import_monitors", str(path), stdout=out)

    source = Source.objects.get()
    assert source.every == datetime.timedelta(days=1) and source.options == {"max_pages": 2}
    assert "0 created, 1 updated" in out.getvalue()
    assert officer.subscription.frequency == "weekly"


def test_a_sources_owner_in_the_file_is_an_officer_or_administrator(officer, staff_member):
    entry = (
        '[[source]]\nname = "Local"\nkind = "rss"\nurl = "http://127.0.0.1:9/feed"\nevery = "1h"\n'
    )

    assert read_sources(entry + f'owner = "{officer.username}"\n')[0]["owner"] == officer
    with pytest.raises(SourceFileError, match="no officer or administrator called 'stan'"):
        read_sources(entry + f'owner = "{staff_member.username}"\n')


def test_import_monitors_applies_nothing_when_one_entry_is_bad(tmp_path):
    path = tmp_path / "monitors.toml"
    path.write_text(
        '[[source]]\nname = "Good"\nkind = "rss"\nurl = "https://example.org/feed"\nevery = "1h"\n'
        '[[source]]\nname = "Bad"\nkind = "telepathy"\nurl = "https://example.org"\nevery = "1h"\n'
    )

    with pytest.raises(CommandError, match=r"number 2 \('Bad'\): unknown kind 'telepathy'"):
        call_command("import_monitors", str(path))

    assert not Source.objects.exists()


def test_scan_sources_reports_one_line_per_source(server, settings, stage):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    builders.source(name="Broken", url=f"{server}/status/500")
    builders.source(
        name="Feed",
        url=f"{server}/samples/missing-people-charity/policing-updates-feed-excerpt.rss.xml",
    )
    out, err = io.StringIO(), io.StringIO()

    call_command("scan_sources", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Broken: 0 fetched") and "HTTP status 500" in lines[0]
    # The feed item is from 2024: outside a new source's 30-day backfill window.
    assert lines[1] == "Feed: 1 fetched, 1 new, 0 updated, 0 openings"
    with pytest.raises(CommandError, match="No source called Nope"):
        call_command("scan_sources", "--source", "Nope")


def test_the_scan_schedule_is_created_once():
    ensure_schedules()
    ensure_schedules()

    schedule = Schedule.objects.get(func="monitors.tasks.run_due_scans")
    assert schedule.minutes == 1 and schedule.repeats == -1


def test_triage_decisions_tune_the_filter_used_by_later_scans(officer):
    assert "Nothing changed" in tune_relevance(now=NOW)
    for number in range(6):
        opening = builders.opening()
        if number % 2:
            opening.dismiss(officer)
        else:
            opening.accept(officer)

    message = tune_relevance(now=NOW)

    assert "6 triaged openings (3 relevant, 3 not)" in message
    assert RelevanceWeights.current() is not None


def test_demo_data_loads_the_shipped_sources_and_live_openings_twice_without_doubling():
    now = datetime.datetime.now(datetime.UTC)
    demo.seed(now)
    counts = (Source.objects.count(), Opening.objects.count())
    demo.seed(now)

    assert counts == (Source.objects.count(), Opening.objects.count())
    assert counts[0] == len(read_sources(DEFAULT_FILE.read_text()))
    assert counts[1] >= 5
    assert Opening.objects.filter(revision__gt="").exists()


def test_linking_an_opening_finds_the_campaign_by_search_without_listing_every_one(
    officer_client,
):
    opening = builders.opening()
    wanted = builders.campaign(title="Return home interviews")
    builders.campaign(title="Cross-government leadership")

    page = officer_client.get(opening.get_absolute_url()).content.decode()
    assert "Cross-government leadership" not in page

    page = officer_client.post(
        reverse("monitors:opening_attach_edit", args=[opening.pk]),
        {"campaign__search": "return", "picker_search": "campaign"},
    ).content.decode()
    assert f'name="campaign" value="{wanted.pk}"' in page
    assert "Cross-government leadership" not in page
    assert not opening.campaigns.exists()


def test_acting_on_a_dismissed_opening_supersedes_the_dismissal(officer_client, officer, leader):
    opening = builders.opening(lever_type="consultation")
    opening.dismiss(leader, note="Looked off-topic")

    officer_client.post(reverse("monitors:opening_consultation_create", args=[opening.pk]))

    latest = TriageDecision.objects.filter(opening=opening).order_by("-created_at").first()
    assert latest.decision == "relevant"
    from monitors.tuning import triage_examples

    assert [relevant for _, _, relevant in triage_examples()] == [True]


def test_why_it_matched_lists_each_sentence_once_with_its_phrases_marked(officer_client):
    sentence = "How many <b>children</b> went missing from care last year."
    opening = builders.opening(
        reasons=[
            {
                "phrase": phrase,
                "start": 0,
                "end": 0,
                "field": "body",
                "weight": 1.0,
                "passage": sentence,
            }
            for phrase in ("went missing", "from care")
        ]
    )
    body = officer_client.get(opening.get_absolute_url()).content.decode()
    section = body[body.index("Why it matched") :]
    section = section[: section.index("</ul>")]
    assert section.count("last year.") == 1
    assert "<mark>went missing</mark> <mark>from care</mark>" in section
    assert "&lt;b&gt;children&lt;/b&gt;" in section


def test_why_it_matched_says_beside_each_phrase_why_it_counted_for_or_against(officer_client):
    from django.utils.html import escape

    import relevance
    from monitors.models import reasons_to_json

    result = relevance.assess(
        "Missing data on children who go missing from care",
        "Police say the girl went missing from her care home. The audit found missing data.",
    )
    opening = builders.opening(reasons=reasons_to_json(result.reasons))

    body = officer_client.get(opening.get_absolute_url()).content.decode()
    section = body[body.index("Why it matched") : body.index("The item</h2>")]
    sentences = [relevance.describe(reason) for reason in result.reasons]
    assert any("counts against: missing data" in sentence for sentence in sentences)
    assert any("counts for: someone missing from care" in sentence for sentence in sentences)
    for sentence in sentences:
        assert escape(sentence) in section


def test_why_it_matched_shows_reasons_stored_without_a_rule_and_no_sentence(officer_client):
    opening = builders.opening(
        reasons=[
            {
                "phrase": "went missing",
                "start": 0,
                "end": 0,
                "field": "body",
                "weight": 1.0,
                "passage": "A boy went missing.",
            }
        ]
    )
    body = officer_client.get(opening.get_absolute_url()).content.decode()
    section = body[body.index("Why it matched") : body.index("The item</h2>")]
    assert "<mark>went missing</mark>" in section
    assert "counts for" not in section and "wm-why" not in section


def test_the_ask_timeline_separates_title_and_byline(officer_client, officer):
    ask = builders.ask()
    ask.move_to("made", by=officer)
    body = officer_client.get(ask.get_absolute_url()).content.decode()
    assert "Made</h3><p" not in body


def test_triage_starts_from_new_and_in_progress_openings(officer_client):
    waiting = builders.opening(status="new")
    taken_on = builders.opening(status="in_progress")
    dismissed = builders.opening(status="dismissed")
    body = officer_client.get(reverse("monitors:opening_list")).content.decode()
    assert waiting.item.title in body and taken_on.item.title in body
    assert dismissed.item.title not in body
    everything = officer_client.get(reverse("monitors:opening_list"), {"status": ""})
    assert dismissed.item.title in everything.content.decode()


def test_accept_is_the_primary_triage_button_and_dismiss_secondary(officer_client):
    opening = builders.opening(status="new")
    body = officer_client.get(reverse("monitors:opening_list")).content.decode()
    row = body[body.index(f'id="opening-{opening.pk}"') :]
    accept = row[
        row.rindex("<button", 0, row.index('value="accept"')) : row.index('value="accept"')
    ]
    dismiss = row[
        row.rindex("<button", 0, row.index('value="dismiss"')) : row.index('value="dismiss"')
    ]
    assert "govuk-button--secondary" not in accept
    assert "govuk-button--secondary" in dismiss and "govuk-button--warning" not in dismiss


def test_the_openings_list_explains_what_the_score_means(officer_client):
    body = officer_client.get(reverse("monitors:opening_list")).content.decode()
    assert "What the score means" in body


def test_editing_an_opening_links_campaigns_and_asks_through_pickers_in_constant_queries(
    officer_client,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opening = builders.opening(status="new")
    url = reverse("monitors:opening_edit", args=[opening.pk])

    def form_page():
        with CaptureQueriesContext(connection) as queries:
            page = officer_client.get(url).content.decode()
        return page, len(queries)

    builders.ask(title="Ask 0")
    _, few = form_page()
    for number in range(1, 40):
        builders.ask(title=f"Ask {number}")
    page, many = form_page()
    ask = builders.ask(title="The chosen ask")
    officer_client.post(
        url,
        {"status": opening.status, "lever_type": opening.lever_type, "asks": [ask.pk]},
    )

    assert many == few
    # Only what is chosen is rendered, not a checkbox for every ask.
    assert "Ask 39" not in page and 'name="asks__search"' in page
    assert list(Opening.objects.get(pk=opening.pk).asks.all()) == [ask]


def test_openings_assigned_to_someone_are_theirs_alone(officer, administrator):
    mine = builders.opening(assignee=officer)
    builders.opening(assignee=administrator)
    builders.opening()

    assert list(Opening.objects.assigned_to(officer)) == [mine]
