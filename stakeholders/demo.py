"""Demo organisations and people: the national bodies the policy team works on most."""

from stakeholders.models import Organisation, Person

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
]

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
]


def seed(now, load_records=True):
    if not load_records:
        return []
    by_name = {}
    for name, kind, sector, website in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "sector": sector, "website": website}
        )
        by_name[name] = organisation
    for name, role, organisation, influence, stance in PEOPLE:
        Person.objects.get_or_create(
            name=name,
            defaults={
                "role_title": role,
                "organisation": by_name[organisation],
                "influence": influence,
                "stance": stance,
            },
        )
    return [f"Organisations: {Organisation.objects.count()}, people: {Person.objects.count()}"]
