"""The charity's theory of change, as published, loaded into every Waymark database.

`load()` is idempotent: it creates missing elements by code and updates their text, so
re-running it after an edit to this file brings the database in line.
"""

GOAL = (
    "Fewer missing people come to harm, or go missing repeatedly, due to effective local and "
    "national initiatives and partnership working"
)

AIMS = [
    "Missing children, adults, and their families receive a better response that meets their "
    "individual needs at every stage of a missing incident",
    "Multi-agency professionals better understand and prioritise missing as a crisis that can be "
    "a matter of life and death, and the cause of significant harm",
    "Multi-agency professionals understand their roles and are committed to working together to "
    "reduce the harm associated with missing",
]

PRIORITIES = [
    "Campaign for crossgov leadership",
    "Implement frameworks",
    "Journey mapping",
    "Record reviews",
    "Commission ed services",
    "Multiagency working",
]

ACTIVITIES = [
    "Influencing policy and guidance",
    "Developing multi-agency protocols",
    "Bespoke support and consultancy",
    "Training",
    "DIY intensive support service",
    "Gathering and sharing best practice",
]

OUTCOMES = {
    "people_families": [
        "I understand what I am entitled to from different agencies",
        "I am empowered to ask for support that meets my needs and to challenge when I don't "
        "receive that support",
        "I feel supported during and upon return from being missing",
        "I am able to inform the improvement of the professional response to missing",
    ],
    "professionals": [
        "I have a better understanding of missing, including the lived experience of being "
        "missing and the support people need",
        "I understand that missing is a crisis that can be the cause of significant harm",
        "I feel more confident in responding to missing children, adults and their families in a "
        "person-centred way",
        "I know when and how to refer to Missing People and other services",
        "I am able to work with multiagency partners to best support missing people and their "
        "families",
    ],
    "partners": [
        "My organisation is committed to preventing and reducing harm linked to people going "
        "missing",
        "My organisation is equipped to share information with other partner agencies in relation "
        "to prevention, risk assessment and safeguarding missing people",
        "My organisation is part of a local partnership response to missing people",
        "In my area there is a protocol or plan clarifying different agencies roles and "
        "responsibilities at each stage of a missing incident, including prevention and return",
    ],
}

MENTAL_MODELS = [
    "That people who go missing are only seen as needing support during and immediately after the "
    "missing episode, failing to recognise missing as a 'whole journey,' including the underlying "
    "factors that cause someone to go missing.",
    "Responding to people who go missing is largely seen as the local police force's "
    "responsibility, with limited involvement from the local authority and additional sectors, "
    "including the NHS, Education, and the third sector.",
    "Adults who go missing are not seen as needing or requiring support following a missing "
    "episode, in contrast to the response that children receive.",
]

LEVERS = {
    "internal": [
        "Missing People's work in Scotland and knowing what works there",
        "Research and data is hard to ignore",
        "Good practice in one area can be promoted in another, particularly if there are tangible "
        "outcomes",
        "Feedback for Missing People's consultancy work evidences the value of it to professionals",
    ],
    "external": [
        "A negative Ofsted rating, HMIC inspection or internal review encouraging action to be "
        "taken",
        "Inspectorate interest in missing",
        "Demand reduction focus enabling the implementation of frameworks encouraging multi-agency "
        "working",
        "Public pressure",
        "High profile incidents",
        "Complaints or safeguarding practice reviews identifying failures",
        "Passionate individuals within each agency",
        "Strong lived experience voices in local areas",
    ],
}

ASSUMPTIONS = [
    "Government, police and multi-agency partners want to make positive change for missing people "
    "and their families rather than focus on demand reduction",
    "Agencies want to work in true collaboration and in a multi-agency way",
    "Agencies want to work with us as independent experts",
    "People with lived experience do want to share their experiences",
    "Agencies and individuals will engage constructively and honestly with Missing People",
    "Local and national support services exist to continue to support a person and prevent them "
    "from going missing again",
    "Local and national support services provide support that do reduce missing incidents are "
    "related harms",
]

BLOCKERS = [
    "A lack of strategic prioritisation, including no cross-government commitment and a current "
    "blocker in influencing APP guidance",
    "Conflicting priorities amongst different agencies could mean that changes are used in a way "
    "that delivers unintended consequences",
    "Prioritisation within organisations can be directly linked to an individual, meaning staff "
    "changes can lead to deprioritisation",
    "Attitudes of multi-agency staff and a lack of individual prioritisation of missing",
    "Risk aversion and challenges in creating radical innovation",
    "The funding landscape is challenging",
    "Our ability to deliver at scale",
]

OUTCOME_CODES = {"people_families": "OF", "professionals": "OP", "partners": "OM"}
LEVER_CODES = {"internal": "LI", "external": "LE"}


def elements():
    """Every element as (code, kind, text, audience, side, order)."""
    yield ("G", "goal", GOAL, "", "", 1)
    for prefix, kind, texts in [
        ("A", "aim", AIMS),
        ("P", "priority", PRIORITIES),
        ("AC", "activity", ACTIVITIES),
        ("MM", "mental_model", MENTAL_MODELS),
        ("AS", "assumption", ASSUMPTIONS),
        ("B", "blocker", BLOCKERS),
    ]:
        for number, text in enumerate(texts, start=1):
            yield (f"{prefix}{number}", kind, text, "", "", number)
    order = 0
    for audience, texts in OUTCOMES.items():
        for number, text in enumerate(texts, start=1):
            order += 1
            yield (f"{OUTCOME_CODES[audience]}{number}", "outcome", text, audience, "", order)
    order = 0
    for side, texts in LEVERS.items():
        for number, text in enumerate(texts, start=1):
            order += 1
            yield (f"{LEVER_CODES[side]}{number}", "lever", text, "", side, order)


def load(element_model):
    """Create or update every element; takes the model so migrations can pass theirs."""
    created = 0
    for code, kind, text, audience, side, order in elements():
        _, was_created = element_model.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "text": text,
                "audience": audience,
                "side": side,
                "order": order,
            },
        )
        created += was_created
    return created
