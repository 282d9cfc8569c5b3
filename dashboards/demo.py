"""Demo activities delivered, participants' feedback and reviews, so dashboards start alive.

Runs after the other apps' demo data (dashboards is installed last) and builds on their areas,
organisations and campaigns. The numbers come from a fixed seed, so every run looks the same,
and nothing is added when deliveries already exist.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from campaigns.models import Campaign
from stakeholders.models import LocalArea, Organisation
from strategy.models import ActivityDelivery, Element, ElementReview, OutcomeFeedback

# Activity code: (title, outcomes participants are asked about, people reached range)
DELIVERIES = {
    "AC4": ("Missing from home and care: training", ["OP1", "OP2", "OP3", "OP4"], (12, 40)),
    "AC3": ("Bespoke consultancy on the missing response", ["OP5", "OM1", "OM3"], (4, 12)),
    "AC2": ("Multi-agency protocol workshop", ["OM2", "OM3", "OM4", "OP5"], (8, 25)),
    "AC6": ("Practice sharing webinar", ["OP1", "OP4"], (30, 120)),
    "AC5": ("DIY intensive support sessions", ["OF1", "OF2", "OF3", "OF4"], (3, 10)),
    "AC1": ("Briefing on guidance for missing people", ["OP2", "OM1"], (5, 30)),
}
AREAS = [
    "Kent",
    "Essex",
    "Greater Manchester",
    "West Yorkshire",
    "South Wales",
    "Devon and Cornwall",
    "Northumbria",
    "West Midlands",
    "Merseyside",
    "Thames Valley",
    "Lancashire",
    "Norfolk",
]
ROLES = {
    "OP": ["Police sergeant", "Social worker", "School safeguarding lead", "Nurse"],
    "OM": ["Missing coordinator", "Head of safeguarding", "Partnership manager"],
    "OF": ["Parent", "Sibling", "Young person"],
}
AUDIENCE = {"OP": "professionals", "OM": "partners", "OF": "people_families"}
COMMENTS = [
    "Much clearer on what return home interviews are for.",
    "I now know who to call out of hours.",
    "Hearing from a parent changed how I think about risk.",
    "We need this for the whole team.",
    "",
    "",
]
REVIEWS = [
    ("AS2", "weakening", "Two partnerships paused joint work after budget cuts."),
    ("AS3", "holding", "Three forces asked for consultancy this quarter."),
    ("B3", "weakening", "Missing leads changed in Kent and Essex; priorities slipped with them."),
    ("B1", "holding", "No cross-government lead yet; APP review still stalled."),
]


def seed(now, load_records=True):
    if not load_records or ActivityDelivery.objects.exists():
        return []
    rng = random.Random(20250301)  # noqa: S311 (demo numbers, not secrets)
    today = now.date()
    elements = {e.code: e for e in Element.objects.all()}
    areas = {a.name: a for a in LocalArea.objects.filter(name__in=AREAS)}
    organisations = list(Organisation.objects.all())
    campaigns = list(Campaign.objects.all())
    officer = get_user_model().objects.filter(username="officer").first()
    deliveries = answers = 0
    for index in range(48):
        code = list(DELIVERIES)[index % len(DELIVERIES)]
        title, outcome_codes, (low, high) = DELIVERIES[code]
        area = areas.get(AREAS[rng.randrange(len(AREAS))])
        date = today - datetime.timedelta(days=rng.randrange(5, 360))
        delivery = ActivityDelivery.objects.create(
            activity=elements[code],
            title=f"{title}, {area.name}" if area else title,
            date=date,
            local_area=area,
            people_reached=rng.randint(low, high),
            campaign=rng.choice(campaigns) if campaigns and rng.random() < 0.4 else None,
            recorded_by=officer,
        )
        local = [o for o in organisations if area and o.local_area_id == area.pk]
        delivery.organisations.set(
            (local or rng.sample(organisations, min(2, len(organisations))))[:3]
        )
        deliveries += 1
        # Later deliveries land better: the share agreeing grows through the year.
        lift = 1 - (today - date).days / 400
        for _ in range(rng.randint(3, 9)):
            outcome = elements[rng.choice(outcome_codes)]
            prefix = outcome.code[:2]
            weights = [1, 2, 3, 4 + 4 * lift, 2 + 4 * lift]
            OutcomeFeedback.objects.create(
                outcome=outcome,
                delivery=delivery,
                date=date,
                local_area=area,
                respondent_audience=AUDIENCE[prefix],
                respondent_role=rng.choice(ROLES[prefix]),
                agreement=rng.choices([1, 2, 3, 4, 5], weights=weights)[0],
                comment=rng.choice(COMMENTS),
                recorded_by=officer,
            )
            answers += 1
    for code, status, note in REVIEWS:
        ElementReview.objects.create(
            element=elements[code],
            status=status,
            note=note,
            reviewed_on=today - datetime.timedelta(days=rng.randrange(3, 60)),
            reviewed_by=officer,
        )
    return [f"Activities delivered: {deliveries}, feedback answers: {answers}"]
