"""Demo monitors: the shipped monitors.toml sources, and openings made by running the real
pipeline over captured sample payloads and a few built-in items. Nothing is fetched."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings

from harvesting.parsers import ParsedItem, ParseError, get_parser
from monitors.ingest import store_items, store_page
from monitors.models import Opening, Source
from monitors.sourcefile import DEFAULT_FILE, apply_sources, read_sources

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "samples"

# (source name, sample path, content type): real payloads run through the real parsers.
SAMPLE_RUNS = [
    (
        "Missing People: policing updates",
        "missing-people-charity/policing-updates-feed-excerpt.rss.xml",
        "application/rss+xml",
    ),
    (
        "Written questions mentioning missing",
        "parliament-written-questions/questions-list-tabled-2024-01-05.json",
        "application/json",
    ),
    (
        "Committee inquiries accepting evidence",
        "parliament-committees/publications-committee-203.json",
        "application/json",
    ),
]


def _built_in(now: datetime.datetime) -> dict[str, list[ParsedItem]]:
    day = datetime.timedelta(days=1)
    return {
        "Written questions mentioning missing": [
            ParsedItem(
                external_id="demo-wq-1",
                url="https://questions-statements.parliament.uk/written-questions/detail/demo/1",
                title="Children in Care: Missing Persons",
                summary="To ask the Secretary of State for Education, how many looked-after "
                "children went missing from care placements in each of the last three years; "
                "and what proportion were offered a return home interview.",
                body="To ask the Secretary of State for Education, how many looked-after "
                "children went missing from care placements in each of the last three years; "
                "and what proportion were offered a return home interview.",
                published=now - 2 * day,
                organisations=["Department for Education"],
                member_ids=[4410],
                extra={"house": "Commons", "uin": "DEMO-1"},
            ),
            ParsedItem(
                external_id="demo-wq-2",
                url="https://questions-statements.parliament.uk/written-questions/detail/demo/2",
                title="Dementia: Missing Persons",
                summary="To ask the Secretary of State for the Home Department, whether every "
                "police force now uses the Herbert Protocol when a person with dementia goes "
                "missing.",
                published=now - 4 * day,
                organisations=["Home Office"],
                member_ids=[172],
                extra={"house": "Lords", "uin": "DEMO-2"},
            ),
        ],
        "Ofsted news and reports (GOV.UK feed)": [
            ParsedItem(
                external_id="demo-ofsted-1",
                url="https://www.gov.uk/government/publications/demo-cumberland-ilacs",
                title="Cumberland: inspection of local authority children's services",
                summary="Inspection of local authority children's services (ILACS).",
                body="When children go missing from home or care, return home interviews are "
                "not consistently offered, and information from them is not used well to "
                "reduce risk.",
                published=now - 1 * day,
                organisations=["Ofsted"],
            ),
        ],
        "GOV.UK consultations and calls for evidence on missing children": [
            ParsedItem(
                external_id="demo-consultation-1",
                url="https://www.gov.uk/government/consultations/demo-children-missing-education",
                title="Children missing education: statutory guidance consultation",
                summary="Proposed changes to the statutory guidance for local authorities on "
                "children missing education, including children who run away or go missing "
                "from home.",
                published=now - 3 * day,
                opens=(now - 3 * day).date(),
                deadline=(now + 25 * day).date(),
                organisations=["Department for Education"],
            ),
        ],
        "Child Safeguarding Practice Review Panel (GOV.UK feed)": [
            ParsedItem(
                external_id="demo-cspr-1",
                url="https://www.gov.uk/government/publications/demo-child-exploitation-review",
                title="Safeguarding children at risk from criminal exploitation: national review",
                summary="A review of serious incidents involving children who were criminally "
                "exploited; most had repeated missing episodes before harm occurred.",
                published=now - 6 * day,
            ),
        ],
    }


def _run_samples(now) -> int:
    stored = 0
    for name, path, content_type in SAMPLE_RUNS:
        source = Source.objects.filter(name=name).first()
        file = SAMPLES / path
        if source is None or not file.is_file():
            continue
        try:
            parsed = get_parser(source.kind)(
                file.read_bytes(), url=source.url, options={"content_type": content_type}
            )
        except ParseError:
            continue
        stored += store_items(source, parsed.items, now=now).new
    return stored


def _page_change(now) -> None:
    source = Source.objects.filter(kind=Source.Kind.PAGE).first()
    if source is None or Opening.objects.filter(source=source).exists():
        return
    before = (
        "Missing persons\nRisk assessment for missing persons.\n"
        "Forces should record every missing episode."
    )
    after = before + "\nA return home interview should be offered after every missing episode."
    for text, when in ((before, now - datetime.timedelta(days=8)), (after, now)):
        store_page(
            source,
            ParsedItem(external_id=source.url, url=source.url, title="Missing persons", body=text),
            now=when,
        )


def seed(now, load_records=True):
    applied = apply_sources(read_sources(DEFAULT_FILE.read_text(encoding="utf-8")))
    lines = [
        f"Monitors: {len(applied.created)} sources created, {len(applied.updated)} updated "
        "from monitors.toml."
    ]
    if not load_records:
        return lines
    # Mark the sources as checked so the demo does not scan them all the moment a worker starts.
    Source.objects.filter(next_check_at__isnull=True).update(
        next_check_at=now + datetime.timedelta(hours=1)
    )
    new = _run_samples(now)
    for name, items in _built_in(now).items():
        source = Source.objects.filter(name=name).first()
        if source is not None:
            new += store_items(source, items, now=now).new
    _page_change(now)
    lines.append(
        f"Monitors: {new} demo items stored; {Opening.objects.count()} openings to triage."
    )
    return lines
