"""Demo stakeholders: national bodies, local partners, people, local areas and interactions."""

import datetime
import hashlib

from django.contrib.auth import get_user_model

from stakeholders.models import Interaction, LocalArea, Organisation, Person

# The 43 territorial police force areas: 39 in England, 4 in Wales.
POLICE_FORCE_AREAS = {
    "england": [
        "Avon and Somerset",
        "Bedfordshire",
        "Cambridgeshire",
        "Cheshire",
        "City of London",
        "Cleveland",
        "Cumbria",
        "Derbyshire",
        "Devon and Cornwall",
        "Dorset",
        "Durham",
        "Essex",
        "Gloucestershire",
        "Greater Manchester",
        "Hampshire and Isle of Wight",
        "Hertfordshire",
        "Humberside",
        "Kent",
        "Lancashire",
        "Leicestershire",
        "Lincolnshire",
        "Merseyside",
        "Metropolitan Police District",
        "Norfolk",
        "North Yorkshire",
        "Northamptonshire",
        "Northumbria",
        "Nottinghamshire",
        "South Yorkshire",
        "Staffordshire",
        "Suffolk",
        "Surrey",
        "Sussex",
        "Thames Valley",
        "Warwickshire",
        "West Mercia",
        "West Midlands",
        "West Yorkshire",
        "Wiltshire",
    ],
    "wales": ["Dyfed-Powys", "Gwent", "North Wales", "South Wales"],
}
LOCAL_AUTHORITIES = [
    ("Kent County Council", "Kent", "england"),
    ("Medway Council", "Kent", "england"),
    ("Manchester City Council", "Greater Manchester", "england"),
    ("Birmingham City Council", "West Midlands", "england"),
    ("Leeds City Council", "West Yorkshire", "england"),
    ("Cornwall Council", "Devon and Cornwall", "england"),
    ("Norfolk County Council", "Norfolk", "england"),
    ("Lancashire County Council", "Lancashire", "england"),
    ("Cardiff Council", "South Wales", "wales"),
    ("City and County of Swansea", "South Wales", "wales"),
    ("Powys County Council", "Dyfed-Powys", "wales"),
]
NATIONS = [
    ("England", "england"),
    ("Wales", "wales"),
    ("Scotland", "scotland"),
    ("Northern Ireland", "northern_ireland"),
]
STATUS_CYCLE = ["in_place", "in_development", "none", "unknown", "in_place", "in_development"]

ORGANISATIONS = [
    (
        "Home Office",
        "government_department",
        "government",
        "https://www.gov.uk/government/organisations/home-office",
    ),
    (
        "Department for Education",
        "government_department",
        "government",
        "https://www.gov.uk/government/organisations/department-for-education",
    ),
    (
        "Department of Health and Social Care",
        "government_department",
        "government",
        "https://www.gov.uk/government/organisations/department-of-health-and-social-care",
    ),
    ("College of Policing", "other", "police", "https://www.college.police.uk"),
    ("National Police Chiefs' Council", "other", "police", "https://www.npcc.police.uk"),
    (
        "HM Inspectorate of Constabulary and Fire & Rescue Services",
        "inspectorate",
        "inspectorate",
        "https://hmicfrs.justiceinspectorates.gov.uk",
    ),
    (
        "Ofsted",
        "inspectorate",
        "inspectorate",
        "https://www.gov.uk/government/organisations/ofsted",
    ),
    ("Care Quality Commission", "regulator", "health", "https://www.cqc.org.uk"),
    (
        "APPG for Runaway and Missing Children and Adults",
        "parliamentary_committee",
        "parliament",
        "",
    ),
    (
        "Education Committee",
        "parliamentary_committee",
        "parliament",
        "https://committees.parliament.uk/committee/203/education-committee/",
    ),
    ("UK Missing Persons Unit", "other", "police", ""),
    ("Local Government Association", "other", "local_authority", "https://www.local.gov.uk"),
    ("Kent Police", "police_force", "police", "https://www.kent.police.uk"),
    ("Greater Manchester Police", "police_force", "police", "https://www.gmp.police.uk"),
    ("South Wales Police", "police_force", "police", "https://www.south-wales.police.uk"),
    ("Metropolitan Police Service", "police_force", "police", "https://www.met.police.uk"),
    ("Kent Police and Crime Commissioner", "pcc", "police", "https://www.kent-pcc.gov.uk"),
    ("Kent County Council", "local_authority", "local_authority", "https://www.kent.gov.uk"),
    (
        "Manchester City Council",
        "local_authority",
        "local_authority",
        "https://www.manchester.gov.uk",
    ),
    ("Cardiff Council", "local_authority", "local_authority", "https://www.cardiff.gov.uk"),
    ("NHS England", "nhs_body", "health", "https://www.england.nhs.uk"),
    (
        "Kent and Medway NHS and Social Care Partnership Trust",
        "nhs_body",
        "health",
        "https://www.kmpt.nhs.uk",
    ),
    (
        "Greater Manchester Mental Health NHS Foundation Trust",
        "nhs_body",
        "health",
        "https://www.gmmh.nhs.uk",
    ),
    (
        "Oasis Community Learning",
        "education",
        "education",
        "https://www.oasiscommunitylearning.org",
    ),
    ("Cardiff and Vale College", "education", "education", "https://cavc.ac.uk"),
    (
        "The Children's Society",
        "third_sector",
        "third_sector",
        "https://www.childrenssociety.org.uk",
    ),
    ("Barnardo's", "third_sector", "third_sector", "https://www.barnardos.org.uk"),
    ("Catch22", "third_sector", "third_sector", "https://www.catch-22.org.uk"),
]
LOCATED = {
    "Kent Police": "Kent",
    "Kent Police and Crime Commissioner": "Kent",
    "Kent County Council": "Kent County Council",
    "Kent and Medway NHS and Social Care Partnership Trust": "Kent",
    "Greater Manchester Police": "Greater Manchester",
    "Manchester City Council": "Manchester City Council",
    "Greater Manchester Mental Health NHS Foundation Trust": "Greater Manchester",
    "South Wales Police": "South Wales",
    "Cardiff Council": "Cardiff Council",
    "Cardiff and Vale College": "South Wales",
    "Metropolitan Police Service": "Metropolitan Police District",
}

# Where each organisation stands on the charity's asks, and how much it can change missing
# policy or practice: (influence 1 to 5, stance).
ORGANISATION_RATINGS = {
    "Home Office": (5, "supportive"),
    "Department for Education": (5, "neutral"),
    "Department of Health and Social Care": (4, "sceptical"),
    "College of Policing": (5, "champion"),
    "National Police Chiefs' Council": (5, "supportive"),
    "HM Inspectorate of Constabulary and Fire & Rescue Services": (4, "supportive"),
    "Ofsted": (4, "neutral"),
    "Care Quality Commission": (3, "neutral"),
    "APPG for Runaway and Missing Children and Adults": (3, "champion"),
    "Education Committee": (3, "sceptical"),
    "UK Missing Persons Unit": (3, "champion"),
    "Local Government Association": (4, "neutral"),
    "Kent Police": (3, "supportive"),
    "Greater Manchester Police": (3, "champion"),
    "South Wales Police": (3, "supportive"),
    "Metropolitan Police Service": (4, "sceptical"),
    "Kent Police and Crime Commissioner": (3, "supportive"),
    "Kent County Council": (3, "neutral"),
    "Manchester City Council": (3, "supportive"),
    "Cardiff Council": (2, "supportive"),
    "NHS England": (4, "sceptical"),
    "Kent and Medway NHS and Social Care Partnership Trust": (2, "neutral"),
    "Greater Manchester Mental Health NHS Foundation Trust": (2, "opposed"),
    "Oasis Community Learning": (2, "supportive"),
    "Cardiff and Vale College": (1, "neutral"),
    "The Children's Society": (2, "champion"),
    "Barnardo's": (3, "supportive"),
    "Catch22": (2, "neutral"),
}

PEOPLE = [
    ("Helen Marsh", "Director, Public Safety Group", "Home Office", 5, "supportive"),
    (
        "David Okoro",
        "Deputy Director, Children's Social Care Policy",
        "Department for Education",
        4,
        "neutral",
    ),
    ("Ruth Castell", "APP Guidance Lead, Public Protection", "College of Policing", 4, "champion"),
    (
        "Chief Constable Mark Denby",
        "NPCC Lead for Missing Persons",
        "National Police Chiefs' Council",
        5,
        "champion",
    ),
    (
        "Sarah Quinlan",
        "HM Inspector, Vulnerability",
        "HM Inspectorate of Constabulary and Fire & Rescue Services",
        4,
        "supportive",
    ),
    ("Janet Ellery", "National Director, Social Care", "Ofsted", 4, "neutral"),
    (
        "Anwar Siddiqui",
        "Secretariat",
        "APPG for Runaway and Missing Children and Adults",
        3,
        "champion",
    ),
    (
        "Claire Whitfield",
        "Head of Mental Health Policy",
        "Department of Health and Social Care",
        3,
        "sceptical",
    ),
    ("Superintendent Priya Nair", "Head of Public Protection", "Kent Police", 4, "supportive"),
    ("Tom Baxter", "Assistant Director, Children's Services", "Kent County Council", 3, "neutral"),
    ("DCI Lewis Grant", "Missing Persons Coordinator", "Greater Manchester Police", 4, "champion"),
    ("Sian Morgan", "Head of Safeguarding", "Cardiff Council", 3, "supportive"),
    (
        "Dr Hannah Iqbal",
        "Named Nurse, Safeguarding Adults",
        "Greater Manchester Mental Health NHS Foundation Trust",
        3,
        "neutral",
    ),
    ("Gareth Lloyd", "Chief Inspector, Vulnerability", "South Wales Police", 4, "supportive"),
    ("Marie Dupont", "Designated Safeguarding Lead", "Oasis Community Learning", 2, "supportive"),
    ("Joanne Pike", "Policy Manager", "The Children's Society", 3, "champion"),
]

# A champion who moved on: her old role ended and she now works elsewhere.
MOVED_CHAMPION = (
    "DCI Amy Hart",
    ("Missing Persons Lead", "Kent Police"),
    ("Head of Partnerships", "Kent Police and Crime Commissioner"),
)

INTERACTION_TEMPLATES = [
    (
        "meeting",
        "Met to discuss the local missing protocol; agreed to share the draft with partners.",
    ),
    ("call", "Call about return home conversations for adults; interested in the pilot data."),
    ("email", "Sent our briefing on repeat missing episodes and asked for a meeting."),
    ("briefing", "Briefed ahead of the debate on cross-government leadership for missing."),
    ("event", "Spoke at the regional safeguarding conference on missing as a whole journey."),
    ("letter", "Wrote about the gap in support for families after a missing episode."),
    ("consultation_response", "Submitted our response on the APP missing persons guidance."),
    ("parliamentary_question", "Briefed a member on a written question about missing adults data."),
]


def _status(name, offset):
    digest = hashlib.sha256(name.encode()).digest()
    return STATUS_CYCLE[(digest[0] + offset) % len(STATUS_CYCLE)]


def seed_local_areas():
    """Reference data, loaded every time: every police force area, some councils, the nations."""
    forces = {}
    for nation, names in POLICE_FORCE_AREAS.items():
        for name in names:
            area, created = LocalArea.objects.get_or_create(
                name=name, kind=LocalArea.Kind.POLICE_FORCE_AREA, defaults={"nation": nation}
            )
            if created:
                for offset, field in enumerate(LocalArea.STATUS_FIELDS):
                    setattr(area, field, _status(name, offset))
                area.save()
            forces[name] = area
    for name, force, nation in LOCAL_AUTHORITIES:
        LocalArea.objects.get_or_create(
            name=name,
            kind=LocalArea.Kind.LOCAL_AUTHORITY,
            defaults={"nation": nation, "police_force_area": forces[force]},
        )
    for name, nation in NATIONS:
        LocalArea.objects.get_or_create(
            name=name, kind=LocalArea.Kind.NATION, defaults={"nation": nation}
        )


def seed(now, load_records=True):
    seed_local_areas()
    if not load_records:
        return [f"Local areas: {LocalArea.objects.count()}"]
    today = now.date()
    areas = {area.name: area for area in LocalArea.objects.all()}
    by_name = {}
    for name, kind, sector, website in ORGANISATIONS:
        influence, stance = ORGANISATION_RATINGS[name]
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "sector": sector,
                "website": website,
                "local_area": areas.get(LOCATED.get(name, "")),
                "influence": influence,
                "stance": stance,
            },
        )
        by_name[name] = organisation
    _rate_unrated_organisations()
    owners = list(get_user_model().objects.filter(username__in=["officer", "officer2"]))
    people = []
    for index, (name, role, organisation, influence, stance) in enumerate(PEOPLE):
        person, created = Person.objects.get_or_create(
            name=name,
            defaults={
                "influence": influence,
                "stance": stance,
                "owner": owners[index % len(owners)] if owners else None,
            },
        )
        if created:
            person.start_role(
                role, by_name[organisation], started_on=today - datetime.timedelta(days=900)
            )
        people.append(person)
    name, first, second = MOVED_CHAMPION
    champion, created = Person.objects.get_or_create(
        name=name, defaults={"influence": 4, "stance": "champion"}
    )
    if created:
        champion.start_role(
            first[0], by_name[first[1]], started_on=today - datetime.timedelta(days=1200)
        )
        champion.start_role(
            second[0], by_name[second[1]], started_on=today - datetime.timedelta(days=40)
        )
    people.append(champion)
    kent = areas.get("Kent")
    if kent and not kent.missing_lead_person_id:
        kent.missing_lead_person = Person.objects.filter(name="Superintendent Priya Nair").first()
        kent.missing_lead = "in_place"
        kent.save()
    if not Interaction.objects.exists():
        _seed_interactions(today, people, owners)
    return [
        f"Local areas: {LocalArea.objects.count()}, organisations: {Organisation.objects.count()}, "
        f"people: {Person.objects.count()}, interactions: {Interaction.objects.count()}"
    ]


def _rate_unrated_organisations():
    """Give demo organisations loaded before they had ratings their demo rating.

    Only those still at the default rating (3, neutral) change, so a rating someone has since
    changed is kept, and running the demo twice changes nothing the second time.
    """
    default = Organisation._meta.get_field("influence").default, Organisation.Stance.NEUTRAL
    for name, (influence, stance) in ORGANISATION_RATINGS.items():
        if (influence, stance) != default:
            Organisation.objects.filter(name=name, influence=default[0], stance=default[1]).update(
                influence=influence, stance=stance
            )


def _seed_interactions(today, people, owners):
    """About fifty contacts spread over the last two years, a few with follow-ups still open."""
    from campaigns.models import Ask

    asks = list(Ask.objects.all()[:6])
    for number in range(52):
        person = people[(number * 7) % len(people)]
        kind, summary = INTERACTION_TEMPLATES[number % len(INTERACTION_TEMPLATES)]
        date = today - datetime.timedelta(days=(number * 14) % 720 + 1)
        follow_up = number % 4 == 0
        interaction = Interaction.objects.create(
            date=date,
            kind=kind,
            summary=summary,
            follow_up_action="Send the evidence pack and propose a date" if follow_up else "",
            follow_up_due=date + datetime.timedelta(days=14) if follow_up else None,
            follow_up_owner=owners[number % len(owners)] if owners and follow_up else None,
            follow_up_done=follow_up and number > 20,
        )
        interaction.people.add(person)
        if person.organisation_id:
            interaction.organisations.add(person.organisation_id)
        if asks:
            interaction.asks.add(asks[number % len(asks)])
        interaction.record_change()
