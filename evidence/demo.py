"""Demo evidence: research, statistics, inspection findings and a restricted account, with files."""

import datetime

from django.core.files.base import ContentFile

from campaigns.models import Ask
from evidence import search
from evidence.extraction import extract_text
from evidence.models import EvidenceFile, EvidenceItem
from evidence.sample_documents import docx_with_text, pdf_with_text
from strategy.models import Element

ITEMS = [
    {
        "title": "Missing persons data report 2023/24",
        "kind": "statistics",
        "publisher": "UK Missing Persons Unit",
        "days_ago": 300,
        "summary": "National figures on missing incidents recorded by police forces in England "
        "and Wales, by age group and repeat episodes.",
        "key_findings": "Repeat episodes make up a large share of incidents involving children.\n"
        "Adults account for most high-risk incidents.",
        "tags": "statistics, repeat missing",
        "confidentiality": "public",
        "asks": ["A national missing persons strategy covering children and adults"],
        "outcomes": ["OM1"],
        "file": (
            "missing-persons-data-report.pdf",
            [
                "Missing persons data report: key figures",
                "Children reported missing three or more times in a year face the highest risk.",
                "A return home interview was offered after most child episodes.",
            ],
        ),
    },
    {
        "title": "Return conversations for adults: pilot evaluation",
        "kind": "research",
        "publisher": "Missing People",
        "days_ago": 120,
        "summary": "Evaluation of a pilot offering adults a conversation after they return from "
        "a missing episode, with mental health trusts in two areas.",
        "key_findings": "Adults valued being asked why they went missing.\n"
        "Referrals to support rose where a named lead was in place.",
        "quotable_lines": "“Nobody had ever asked me what happened before.”",
        "tags": "adults, return conversations, health",
        "confidentiality": "internal",
        "asks": [
            "Mental health trusts offer a return conversation to adults reported missing from care"
        ],
        "outcomes": ["OF3"],
        "file": (
            "return-conversations-evaluation.pdf",
            [
                "Pilot evaluation: return conversations for adults",
                "Adults offered a return conversation were more likely to accept onward support.",
                "Named missing leads in each trust made referrals routine.",
            ],
        ),
    },
    {
        "title": "Inspection of the police response to vulnerability: missing persons findings",
        "kind": "inspection",
        "publisher": "HM Inspectorate of Constabulary and Fire & Rescue Services",
        "days_ago": 500,
        "summary": "Findings on how forces assess risk when someone is reported missing, and on "
        "joint working with local authorities.",
        "key_findings": "Risk assessments did not always consider previous episodes.\n"
        "Information sharing with children's services was inconsistent.",
        "tags": "APP, policing, risk assessment",
        "confidentiality": "public",
        "asks": [
            "APP treats a third missing episode in 90 days as a trigger for a multi-agency review"
        ],
        "outcomes": ["OM2"],
    },
    {
        "title": "Local missing protocols: survey of partnerships",
        "kind": "research",
        "publisher": "Missing People",
        "days_ago": 60,
        "summary": "A survey of local partnerships on whether a missing protocol is in place and "
        "how agencies share information.",
        "tags": "protocols, multi-agency",
        "confidentiality": "internal",
        "outcomes": ["OM4", "OM3"],
        "docx": [
            "Survey of local missing protocols",
            "Most respondents said a protocol was in development rather than in place.",
            "Partnerships with a named missing lead reported better information sharing.",
        ],
    },
    {
        "title": "Training feedback: multi-agency missing awareness sessions",
        "kind": "feedback",
        "publisher": "Missing People",
        "days_ago": 30,
        "summary": "Feedback from professionals after training on the whole journey of missing.",
        "quotable_lines": "“I now see missing as a crisis, not a nuisance call.”",
        "tags": "training, professionals",
        "confidentiality": "internal",
        "outcomes": ["OP2"],
    },
    {
        "title": "A mother's account of searching for her son",
        "kind": "lived_experience",
        "publisher": "",
        "days_ago": 200,
        "summary": "An account of the days after a teenage son went missing, and of the return "
        "home interview that followed.",
        "quotable_lines": "“Every agency asked me the same questions and none of them talked "
        "to each other.”",
        "tags": "families, lived experience",
        "confidentiality": "restricted",
        "consent_basis": "Written consent for use in policy briefings, recorded by the family "
        "support team.",
        "review_days": 180,
        "outcomes": ["OF1"],
    },
]


def seed(now, load_records=True):
    if not load_records:
        return []
    today = now.date()
    for spec in ITEMS:
        item, created = EvidenceItem.objects.get_or_create(
            title=spec["title"],
            defaults={
                "kind": spec["kind"],
                "publisher": spec["publisher"],
                "published_on": today - datetime.timedelta(days=spec["days_ago"]),
                "summary": spec["summary"],
                "key_findings": spec.get("key_findings", ""),
                "quotable_lines": spec.get("quotable_lines", ""),
                "tags": spec["tags"],
                "confidentiality": spec["confidentiality"],
                "consent_basis": spec.get("consent_basis", ""),
                "review_on": today + datetime.timedelta(days=spec["review_days"])
                if "review_days" in spec
                else None,
            },
        )
        if not created:
            continue
        item.asks.set(Ask.objects.filter(title__in=spec.get("asks", [])))
        item.outcomes.set(Element.objects.filter(code__in=spec.get("outcomes", [])))
        if "file" in spec:
            name, lines = spec["file"]
            _attach(item, name, "pdf", pdf_with_text(*lines))
        if "docx" in spec:
            _attach(item, "protocol-survey.docx", "docx", docx_with_text(*spec["docx"]))
        search.reindex(item)
    return [f"Evidence items: {EvidenceItem.objects.count()}"]


def _attach(item, name, kind, data):
    extracted = extract_text(kind, data)
    evidence_file = EvidenceFile(
        item=item,
        original_name=name,
        file_type=kind,
        size=len(data),
        extracted_text=extracted.text,
        extraction_note=extracted.note,
    )
    evidence_file.file.save(f"evidence-file.{kind}", ContentFile(data), save=False)
    evidence_file.save()
