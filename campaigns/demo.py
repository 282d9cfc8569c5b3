"""Demo campaigns, asks with a status history, and consultations around today's date."""

import datetime

from django.contrib.auth import get_user_model

from campaigns.models import Ask, Campaign, Consultation
from stakeholders.models import Organisation, Person
from strategy.models import Element

CAMPAIGNS = [
    {
        "title": "Cross-government leadership on missing",
        "summary": "Secure a named minister and a cross-government strategy so that missing is "
        "owned beyond policing: education, health and local government share the response.",
        "status": "active",
        "priority": 1,
        "rag": "amber",
        "aims": ["A2", "A3"],
        "outcomes": ["OM1", "OM3"],
        "levers": ["LI2", "LE2", "LE5"],
        "blockers": ["B1", "B3"],
        "owner": "officer",
        "asks": [
            (
                "A named minister leads cross-government work on missing",
                ["Home Office"],
                ["Helen Marsh"],
                ["made", "acknowledged", "under_consideration"],
            ),
            (
                "A national missing persons strategy covering children and adults",
                ["Home Office", "Department for Education"],
                [],
                ["made"],
            ),
            (
                "Missing is a standing item for the APPG's annual report to ministers",
                ["APPG for Runaway and Missing Children and Adults"],
                ["Anwar Siddiqui"],
                ["made", "acknowledged", "committed", "implemented"],
            ),
        ],
    },
    {
        "title": "APP guidance on missing persons",
        "summary": "Influence the College of Policing's Authorised Professional Practice on "
        "missing persons so that risk assessment reflects repeat episodes and the needs of "
        "families.",
        "status": "active",
        "priority": 1,
        "rag": "red",
        "aims": ["A1", "A2"],
        "outcomes": ["OP2", "OP3"],
        "levers": ["LI2", "LE2"],
        "blockers": ["B1"],
        "owner": "officer",
        "asks": [
            (
                "APP treats a third missing episode in 90 days as a trigger for a multi-agency review",
                ["College of Policing"],
                ["Ruth Castell"],
                ["made", "acknowledged"],
            ),
            (
                "APP sets out what families can expect from the police at each stage",
                ["College of Policing", "National Police Chiefs' Council"],
                ["Chief Constable Mark Denby"],
                ["made", "under_consideration", "committed"],
            ),
        ],
    },
    {
        "title": "Support for adults after a missing episode",
        "summary": "Adults who return from a missing episode are offered a conversation and "
        "onward support, as children are offered a return home interview.",
        "status": "planning",
        "priority": 2,
        "rag": "green",
        "aims": ["A1"],
        "outcomes": ["OF3", "OP1"],
        "levers": ["LI1", "LE8"],
        "blockers": ["B6"],
        "owner": "officer2",
        "asks": [
            (
                "Mental health trusts offer a return conversation to adults reported missing from care",
                ["Department of Health and Social Care"],
                ["Claire Whitfield"],
                ["made", "rejected"],
            ),
            (
                "Pilot adult return conversations in two force areas",
                ["National Police Chiefs' Council"],
                [],
                [],
            ),
        ],
    },
    {
        "title": "Local multi-agency missing protocols",
        "summary": "Every area has a protocol clarifying agencies' roles at each stage of a "
        "missing incident, including prevention and return.",
        "status": "active",
        "priority": 2,
        "rag": "green",
        "aims": ["A3"],
        "outcomes": ["OM3", "OM4"],
        "levers": ["LI3", "LE1", "LE6"],
        "blockers": ["B2", "B4"],
        "owner": "officer2",
        "asks": [
            (
                "Statutory guidance requires a local missing protocol in every safeguarding partnership",
                ["Department for Education"],
                ["David Okoro"],
                ["made", "acknowledged", "under_consideration"],
            ),
            (
                "Inspections of local children's services report on the missing protocol",
                ["Ofsted"],
                ["Janet Ellery"],
                ["made"],
            ),
        ],
    },
]

CONSULTATIONS = [
    # title, kind, body, url, opens (days from today), closes, response status, campaigns
    (
        "APP on missing persons: proposed changes to risk assessment",
        "consultation",
        "College of Policing",
        "https://www.college.police.uk/app/major-investigation-and-public-protection/missing-persons",
        -20,
        9,
        "drafting",
        ["APP guidance on missing persons"],
    ),
    (
        "Statutory guidance on children who run away or go missing from home or care",
        "statutory_guidance",
        "Department for Education",
        "https://www.gov.uk/government/publications/children-who-run-away-or-go-missing-from-home-or-care",
        -10,
        30,
        "not_started",
        ["Local multi-agency missing protocols"],
    ),
    (
        "Education Committee inquiry: persistent absence and children missing education",
        "inquiry",
        "Education Committee",
        "https://committees.parliament.uk/committee/203/education-committee/",
        -45,
        -5,
        "in_review",
        ["Cross-government leadership on missing"],
    ),
    (
        "Call for evidence: mental health and people who go missing from care",
        "call_for_evidence",
        "Department of Health and Social Care",
        "",
        -60,
        -20,
        "submitted",
        ["Support for adults after a missing episode"],
    ),
    (
        "Working together to safeguard children: revisions",
        "statutory_guidance",
        "Department for Education",
        "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
        5,
        70,
        "not_started",
        [],
    ),
]


def seed(now, load_records=True):
    if not load_records:
        return []
    users = {u.username: u for u in get_user_model().objects.all()}
    elements = {e.code: e for e in Element.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.name: p for p in Person.objects.all()}
    today = now.date()
    campaigns = {}
    for spec in CAMPAIGNS:
        campaign, created = Campaign.objects.get_or_create(
            title=spec["title"],
            defaults={
                "summary": spec["summary"],
                "status": spec["status"],
                "priority": spec["priority"],
                "rag": spec["rag"],
                "owner": users.get(spec["owner"]),
                "start_date": today - datetime.timedelta(days=300),
                "end_date": today + datetime.timedelta(days=400),
            },
        )
        campaigns[campaign.title] = campaign
        if not created:
            continue
        for field in ("aims", "outcomes", "levers", "blockers"):
            getattr(campaign, field).set([elements[code] for code in spec[field]])
        for number, (title, orgs, targets, path) in enumerate(spec["asks"]):
            ask = Ask.objects.create(
                campaign=campaign,
                title=title,
                owner=campaign.owner,
                status_changed_at=now - datetime.timedelta(days=240),
            )
            ask.target_organisations.set([organisations[o] for o in orgs])
            ask.target_people.set([people[p] for p in targets])
            ask.outcomes.set(campaign.outcomes.all()[:1])
            # Spread the moves over the past months so progress over time shows.
            for step, status in enumerate(path):
                days_ago = 200 - 45 * step - 7 * number
                ask.move_to(
                    status,
                    by=campaign.owner,
                    when=now - datetime.timedelta(days=max(days_ago, 1)),
                    note="Recorded from the demo history.",
                )
    for title, kind, body, url, opens, closes, status, linked in CONSULTATIONS:
        consultation, created = Consultation.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "body": organisations.get(body),
                "url": url,
                "opens_on": today + datetime.timedelta(days=opens),
                "closes_on": today + datetime.timedelta(days=closes),
                "response_status": status,
                "submitted_on": today + datetime.timedelta(days=closes - 2)
                if status == "submitted"
                else None,
                "owner": users.get("officer"),
            },
        )
        if created:
            consultation.campaigns.set([campaigns[c] for c in linked if c in campaigns])
    return [
        f"Campaigns: {Campaign.objects.count()}, asks: {Ask.objects.count()}, "
        f"consultations: {Consultation.objects.count()}"
    ]
