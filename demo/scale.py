"""Generated volumes for `seed_demo --scale N`: a charity's years of data, to measure pages by.

Scale N adds N units of generated records on top of the hand-written demo. One unit is a
hundredth of the volumes issue 10 measured a real charity's load at (see UNIT), so scale 100
holds at least 20,000 people, 5,000 organisations, 100,000 interactions, 200,000 monitored
items, 20,000 openings and 10,000 evidence items.

The shapes follow real use rather than uniform noise, because uniform data hides the costs
that skew creates: a few organisations employ many of the people, a few people take part in
most interactions, interactions spread over five years with recent ones denser, most
openings were dismissed, a share of the evidence is restricted, and texts are as long as
real summaries, so search does real work. Every choice comes from one seeded generator, so a
scale always builds the same data.

Everything is written with `bulk_create` in batches (no signals, so no audit entries for
generated rows), and the evidence search index is filled through `evidence.search.reindex`.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import random
import time
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max

import relevance
from accounts.roles import Role as UserRole
from alerts.models import Subscription
from campaigns.models import Ask, AskStatusChange, Campaign, Consultation
from evidence import search
from evidence.models import EvidenceItem
from monitors.models import Item, LeverType, Opening, Sighting, Source
from stakeholders.models import Interaction, LocalArea, Organisation, Person, Role
from strategy.models import ActivityDelivery, Element, OutcomeFeedback

# Records per unit of scale.
UNIT = {
    "users": 2,
    "organisations": 50,
    "people": 200,
    "interactions": 1000,
    "campaigns": 1,
    "asks": 6,
    "consultations": 3,
    "items": 2000,
    "openings": 200,
    "evidence": 100,
    "deliveries": 40,
}
BATCH = 2000
YEARS = 5
# Generated monitored items live under this address, which also tells a second run that the
# generated volumes are already there.
ITEM_ADDRESS = "https://www.gov.uk/government/publications/waymark-scale/"

FIRST_NAMES = [
    "Aisha",
    "Alan",
    "Alice",
    "Amir",
    "Amy",
    "Andrew",
    "Angela",
    "Anna",
    "Ben",
    "Bethan",
    "Caroline",
    "Catherine",
    "Chloe",
    "Chris",
    "Claire",
    "Daniel",
    "David",
    "Deborah",
    "Eleanor",
    "Emma",
    "Fatima",
    "Fiona",
    "Gareth",
    "Grace",
    "Hannah",
    "Harry",
    "Helen",
    "Ian",
    "Imran",
    "James",
    "Jane",
    "Jasmine",
    "Jennifer",
    "John",
    "Jonathan",
    "Joseph",
    "Julie",
    "Karen",
    "Kate",
    "Kevin",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Mark",
    "Martin",
    "Mary",
    "Matthew",
    "Megan",
    "Michael",
    "Mohammed",
    "Naomi",
    "Nathan",
    "Nicola",
    "Oliver",
    "Owen",
    "Paul",
    "Peter",
    "Priya",
    "Rachel",
    "Rebecca",
    "Rhys",
    "Richard",
    "Robert",
    "Ruth",
    "Ryan",
    "Sam",
    "Sarah",
    "Shona",
    "Simon",
    "Sophie",
    "Stephen",
    "Stuart",
    "Susan",
    "Thomas",
    "Tom",
    "Victoria",
    "William",
    "Yusuf",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Ali",
    "Allen",
    "Anderson",
    "Bailey",
    "Baker",
    "Begum",
    "Bell",
    "Bennett",
    "Brown",
    "Campbell",
    "Carter",
    "Chapman",
    "Clarke",
    "Collins",
    "Cooper",
    "Cox",
    "Davies",
    "Davis",
    "Edwards",
    "Evans",
    "Fisher",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Hill",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Owen",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Reid",
    "Richards",
    "Roberts",
    "Robinson",
    "Rogers",
    "Scott",
    "Shah",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
PLACES = [
    "Aberdeen",
    "Barnsley",
    "Bath",
    "Bedford",
    "Belfast",
    "Birmingham",
    "Blackburn",
    "Blackpool",
    "Bolton",
    "Bournemouth",
    "Bradford",
    "Brighton",
    "Bristol",
    "Burnley",
    "Bury",
    "Cambridge",
    "Canterbury",
    "Cardiff",
    "Carlisle",
    "Chelmsford",
    "Cheltenham",
    "Chester",
    "Colchester",
    "Coventry",
    "Crawley",
    "Croydon",
    "Darlington",
    "Derby",
    "Doncaster",
    "Dover",
    "Dudley",
    "Dundee",
    "Durham",
    "Ealing",
    "Edinburgh",
    "Enfield",
    "Exeter",
    "Gateshead",
    "Glasgow",
    "Gloucester",
    "Grimsby",
    "Guildford",
    "Halifax",
    "Harrogate",
    "Hartlepool",
    "Hastings",
    "Hereford",
    "Huddersfield",
    "Hull",
    "Inverness",
    "Ipswich",
    "Kendal",
    "Lancaster",
    "Leeds",
    "Leicester",
    "Lewisham",
    "Lincoln",
    "Liverpool",
    "Luton",
    "Maidstone",
    "Manchester",
    "Middlesbrough",
    "Milton-Keynes",
    "Newcastle",
    "Newport",
    "Northampton",
    "Norwich",
    "Nottingham",
    "Oldham",
    "Oxford",
    "Perth",
    "Peterborough",
    "Plymouth",
    "Poole",
    "Portsmouth",
    "Preston",
    "Reading",
    "Rochdale",
    "Rotherham",
    "Salford",
    "Salisbury",
    "Sheffield",
    "Shrewsbury",
    "Slough",
    "Solihull",
    "Southampton",
    "Southend",
    "Stafford",
    "Stockport",
    "Stoke",
    "Sunderland",
    "Swansea",
    "Swindon",
    "Taunton",
    "Telford",
    "Truro",
    "Wakefield",
    "Walsall",
    "Warrington",
    "Watford",
    "Wigan",
    "Winchester",
    "Wolverhampton",
    "Worcester",
    "Wrexham",
    "York",
]
# (name pattern, kind, sector, weight)
ORGANISATION_KINDS = [
    ("{place} Borough Council", "local_authority", "local_authority", 10),
    ("{place} Children's Services", "local_authority", "local_authority", 8),
    ("{place} Safeguarding Partnership", "other", "local_authority", 6),
    ("{place} Police Neighbourhood Team", "police_force", "police", 9),
    ("{place} Missing Persons Unit", "police_force", "police", 5),
    ("{place} Hospital NHS Trust", "nhs_body", "health", 7),
    ("{place} Mental Health Services", "nhs_body", "health", 5),
    ("{place} Integrated Care Board", "nhs_body", "health", 3),
    ("{place} Academy Trust", "education", "education", 8),
    ("{place} College", "education", "education", 4),
    ("{place} Youth Project", "third_sector", "third_sector", 8),
    ("{place} Carers' Network", "third_sector", "third_sector", 5),
    ("{place} Dementia Alliance", "third_sector", "third_sector", 4),
    ("{place} Community Trust", "third_sector", "third_sector", 5),
    ("Office of the {place} Police and Crime Commissioner", "pcc", "police", 2),
    ("{place} Children's Home", "other", "local_authority", 4),
]
JOB_TITLES = [
    "Missing persons coordinator",
    "Detective inspector",
    "Police sergeant",
    "Safeguarding lead",
    "Head of children's services",
    "Social worker",
    "Team manager",
    "Designated safeguarding lead",
    "Director of public health",
    "Chief executive",
    "Policy adviser",
    "Service manager",
    "Return home interview worker",
    "Mental health nurse",
    "Head teacher",
    "Commissioner",
    "Partnership manager",
    "Communications officer",
    "Chief inspector",
    "Clinical lead",
]
PARTIES = ["Labour", "Conservative", "Liberal Democrat", "Scottish National Party", "Crossbench"]
TAGS = [
    "app",
    "adults",
    "children",
    "dementia",
    "exploitation",
    "families",
    "mental health",
    "return home interviews",
    "care",
    "education",
    "legislation",
    "data",
]
# Phrases the generated texts are built from: the team's own subject, and the wider policy
# world around it that makes most monitored items irrelevant.
MISSING_PHRASES = [
    "children missing from care",
    "return home interviews after a missing episode",
    "adults with dementia who go missing",
    "the police response to missing persons reports",
    "families of missing people",
    "criminal exploitation of children who go missing",
    "unaccompanied asylum-seeking children going missing from hotels",
    "the Authorised Professional Practice on missing persons",
    "mental health crises and going missing",
    "children missing education",
    "guardianship for the property of missing people",
    "multi-agency missing protocols",
]
OTHER_PHRASES = [
    "road maintenance funding",
    "school funding formulas",
    "hospital waiting lists",
    "broadband roll-out in rural areas",
    "bus services and concessionary fares",
    "housing benefit changes",
    "fuel duty revenue",
    "apprenticeship levies",
    "flood defences",
    "libraries and museums",
    "planning reform",
    "council tax bands",
    "energy bills support",
    "farm subsidies",
    "rail timetables",
    "prison capacity",
]
VERBS = [
    "found that",
    "recommended that",
    "heard evidence that",
    "concluded that",
    "noted that",
    "reported that",
    "asked whether",
    "set out how",
]
SUBJECTS = [
    "The inspectorate",
    "The committee",
    "The review",
    "Local partners",
    "The department",
    "The force",
    "Practitioners",
    "Families",
    "The survey",
    "The report",
]
CLAUSES = [
    "responses were inconsistent between neighbouring areas",
    "information was not shared quickly enough between agencies",
    "named leads made the most difference to outcomes",
    "training had not reached front-line staff",
    "data on repeat episodes was incomplete",
    "risk assessments were reviewed too rarely",
    "funding for specialist services had fallen over three years",
    "young people were not asked why they had gone",
    "guidance was applied unevenly across the region",
    "out-of-hours cover was thin",
    "the voice of the person was missing from records",
    "partners met regularly and knew each other's roles",
]
HEADLINE_PATTERNS = [
    "{topic}: written question on {place}",
    "Inspection of {place}: {topic}",
    "{topic} in {place}: local review published",
    "Committee evidence session on {topic}",
    "Consultation on {topic}",
    "Statistics release: {topic}, {place}",
    "Debate on {topic}",
    "Guidance update: {topic}",
]
INTERACTION_OPENERS = [
    "Met to discuss",
    "Call about",
    "Emailed a briefing on",
    "Spoke at an event on",
    "Followed up on",
    "Discussed",
    "Shared our evidence on",
]
FOLLOW_UPS = [
    "Send the briefing note",
    "Share the practice examples",
    "Introduce to the local missing lead",
    "Arrange a follow-up meeting",
    "Send the research summary",
    "Draft a response to their letter",
    "Invite to the practice webinar",
]
ASK_VERBS = ["Adopt", "Fund", "Publish", "Review", "Commit to", "Introduce", "Extend"]
CAMPAIGN_THEMES = [
    "Return home interviews for every child",
    "A named missing lead in every area",
    "Dementia and going missing",
    "Guardianship that works",
    "Exploitation and missing children",
    "Missing from hotels",
    "Mental health and going missing",
    "Data that counts every episode",
]


def existing_scale() -> int:
    """The scale already generated into this database (0 when none)."""
    count = Item.objects.filter(url__startswith=ITEM_ADDRESS).count()
    return round(count / UNIT["items"])


def build(scale: int, now: datetime.datetime, *, seed: int = 10, report: Callable = print):
    """Add `scale` units of generated records. Runs in one transaction; returns the counts."""
    with transaction.atomic():
        return _Builder(scale, now, seed, report).run()


def _chunks(rows: Iterable, size: int):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _batched(model, rows: Iterable):
    """bulk_create in batches; returns the created objects (with primary keys)."""
    created = []
    for batch in _chunks(rows, BATCH):
        created.extend(model.objects.bulk_create(batch))
    return created


def _through(relation, pairs: Iterable[tuple[int, int]]):
    """Fill a many-to-many table from (this side's id, other side's id) pairs.

    `relation` is the descriptor on the model that declares the field (`Interaction.people`);
    Django names the through model's two foreign keys after the two models.
    """
    field = relation.field
    left = field.model._meta.model_name
    right = field.related_model._meta.model_name
    through = relation.through
    rows = (through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs)
    total = 0
    for batch in _chunks(rows, BATCH * 2):
        through.objects.bulk_create(batch)
        total += len(batch)
    return total


class _Builder:
    def __init__(self, scale, now, seed, report):
        self.n = scale
        self.now = now
        self.today = now.date()
        self.rng = random.Random(seed * 1_000_003 + scale)  # noqa: S311 (demo data)
        self.report = report
        self.counts = {}
        self.sentences = self._sentence_pool(4000)

    def count(self, key):
        return UNIT[key] * self.n

    def run(self):
        steps = [
            self.users,
            self.organisations,
            self.people,
            self.roles,
            self.campaigns,
            self.asks,
            self.consultations,
            self.interactions,
            self.areas,
            self.items,
            self.openings,
            self.evidence,
            self.deliveries,
            self.subscriptions,
        ]
        for step in steps:
            started = time.monotonic()
            step()
            self.report(f"    ({step.__name__} took {time.monotonic() - started:.1f} s)")
        return self.counts

    # Distributions -------------------------------------------------------------------

    def days_ago(self, years=YEARS, power=1.8):
        """A day in the last `years`, recent days denser (power > 1 skews toward today)."""
        return int(years * 365 * self.rng.random() ** power)

    def pareto_weights(self, size, alpha=1.5, cap=50):
        """Cumulative heavy-tailed weights: most get little, a few get up to `cap` times the
        least. The cap keeps one record from taking a share no real organisation or person
        would (an uncapped tail hands one person a tenth of all interactions)."""
        return list(
            itertools.accumulate(min(self.rng.paretovariate(alpha), cap) for _ in range(size))
        )

    def pick(self, population, cum_weights, k=1):
        return self.rng.choices(population, cum_weights=cum_weights, k=k)

    def words(self, low, high):
        """Prose of roughly low..high words from the sentence pool."""
        target = self.rng.randint(low, high)
        out, length = [], 0
        while length < target:
            sentence = self.rng.choice(self.sentences)
            out.append(sentence)
            length += sentence.count(" ") + 1
        return " ".join(out)

    def _sentence_pool(self, size):
        rng = self.rng
        pool = []
        for _ in range(size):
            topic = rng.choice(MISSING_PHRASES if rng.random() < 0.6 else OTHER_PHRASES)
            pool.append(
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)} "
                f"in work on {topic} in {rng.choice(PLACES)}."
            )
        return pool

    def done(self, label, number):
        self.counts[label] = number
        self.report(f"  {label}: {number:,}")

    # Steps ---------------------------------------------------------------------------

    def users(self):
        User = get_user_model()
        password = make_password(None)  # generated users cannot sign in
        start = User.objects.count()
        roles = [UserRole.POLICY_OFFICER] * 6 + [UserRole.LEADERSHIP] + [UserRole.STAFF] * 3
        made = []
        for index in range(self.count("users")):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            made.append(
                User(
                    username=f"{first}.{last}.{start + index}".lower(),
                    first_name=first,
                    last_name=last,
                    email=f"{first}.{last}.{start + index}@missingpeople.example".lower(),
                    password=password,
                )
            )
        made = _batched(User, made)
        groups = {g.name: g.pk for g in Group.objects.all()}
        self.user_roles = {}
        pairs = []
        for user in made:
            role = self.rng.choice(roles)
            self.user_roles[user.pk] = role
            pairs.append((user.pk, groups[role]))
        _through(User.groups, pairs)
        officers = [u.pk for u in made if self.user_roles[u.pk] == UserRole.POLICY_OFFICER]
        demo = list(
            User.objects.filter(username__in=["admin", "officer", "officer2"]).values_list(
                "pk", flat=True
            )
        )
        self.officers = officers + demo or [None]
        self.new_users = [u.pk for u in made]
        self.done("users", len(made))

    def organisations(self):
        rng = self.rng
        taken = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
        self.area_ids = list(LocalArea.objects.values_list("pk", flat=True))
        patterns = [row[:3] for row in ORGANISATION_KINDS]
        weights = list(itertools.accumulate(row[3] for row in ORGANISATION_KINDS))
        rows = []
        while len(rows) < self.count("organisations"):
            pattern, kind, sector = self.pick(patterns, weights)[0]
            name = pattern.format(place=rng.choice(PLACES).replace("-", " "))
            if name.lower() in taken:
                name = f"{name} ({rng.choice(['North', 'South', 'East', 'West', 'Central'])})"
            if name.lower() in taken:
                name = f"{name[:-1]} {len(rows)})"
            taken.add(name.lower())
            rows.append(
                Organisation(
                    name=name,
                    kind=kind,
                    sector=sector,
                    local_area_id=rng.choice(self.area_ids)
                    if self.area_ids and rng.random() < 0.6
                    else None,
                    website=f"https://www.{name.split()[0].lower()}.example.org.uk/",
                    influence=rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 5, 2, 1])[0],
                    stance=rng.choices(
                        ["champion", "supportive", "neutral", "sceptical", "opposed"],
                        weights=[1, 4, 8, 2, 1],
                    )[0],
                    notes=self.words(0, 60) if rng.random() < 0.4 else "",
                )
            )
        made = _batched(Organisation, rows)
        # A few umbrella bodies with many parts.
        parents = made[: max(1, len(made) // 40)]
        children = []
        for org in made[len(parents) :]:
            if rng.random() < 0.1:
                org.parent_id = rng.choice(parents).pk
                children.append(org)
        Organisation.objects.bulk_update(children, ["parent"], batch_size=BATCH)
        # What `Organisation.save` keeps for one organisation, here for all at once.
        if made:
            ids = [o.pk for o in made]
            Organisation.objects.filter(pk__range=(min(ids), max(ids))).reindex()
        self.org_ids = [o.pk for o in made]
        self.org_kind = {o.pk: o.sector for o in made}
        # A few organisations employ many of the people.
        self.org_weights = self.pareto_weights(len(made), cap=60)
        self.done("organisations", len(made))

    def people(self):
        rng = self.rng
        next_member = (Person.objects.aggregate(top=Max("parliament_member_id"))["top"] or 0) + 1
        next_member = max(next_member, 100_000)
        rows = []
        for index in range(self.count("people")):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            mp = rng.random() < 0.03
            org = None if mp or rng.random() < 0.08 else self.pick(self.org_ids, self.org_weights)
            tags = sorted(set(rng.sample(TAGS, rng.randint(1, 3)))) if rng.random() < 0.4 else []
            rows.append(
                Person(
                    name=f"{first} {last}",
                    role_title="Member of Parliament" if mp else rng.choice(JOB_TITLES),
                    organisation_id=org[0] if org else None,
                    email=f"{first}.{last}{index}@example.org.uk".lower(),
                    phone=f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                    parliament_member_id=next_member + index if mp else None,
                    house=("commons" if rng.random() < 0.7 else "lords") if mp else "",
                    party=rng.choice(PARTIES) if mp else "",
                    constituency=rng.choice(PLACES).replace("-", " ") if mp else "",
                    influence=rng.choices([1, 2, 3, 4, 5], weights=[3, 5, 5, 2, 1])[0],
                    stance=rng.choices(
                        ["champion", "supportive", "neutral", "sceptical", "opposed"],
                        weights=[1, 4, 9, 2, 1],
                    )[0],
                    owner_id=rng.choice(self.officers) if rng.random() < 0.7 else None,
                    tags=", ".join(tags),
                    notes=self.words(0, 80) if rng.random() < 0.3 else "",
                )
            )
        made = _batched(Person, rows)
        self.people_rows = made
        self.person_ids = [p.pk for p in made]
        # What `Person.save` keeps for one person, here for all at once (one id range).
        if made:
            Person.objects.filter(pk__range=(min(self.person_ids), max(self.person_ids))).reindex()
        self.mp_ids = [p.pk for p in made if p.parliament_member_id]
        # Most people appear in few interactions; a few in very many.
        self.person_weights = self.pareto_weights(len(made))
        self.done("people", len(made))

    def roles(self):
        rng = self.rng
        rows = []
        for person in self.people_rows:
            started = self.today - datetime.timedelta(days=self.days_ago(8, 1.0))
            rows.append(
                Role(
                    person_id=person.pk,
                    title=person.role_title,
                    organisation_id=person.organisation_id,
                    started_on=started,
                )
            )
            for _ in range(rng.choices([0, 1, 2], weights=[6, 3, 1])[0]):
                ended = started - datetime.timedelta(days=rng.randint(1, 90))
                started = ended - datetime.timedelta(days=rng.randint(180, 1500))
                rows.append(
                    Role(
                        person_id=person.pk,
                        title=rng.choice(JOB_TITLES),
                        organisation_id=self.pick(self.org_ids, self.org_weights)[0],
                        started_on=started,
                        ended_on=ended,
                    )
                )
        self.done("roles", len(_batched(Role, rows)))

    def campaigns(self):
        rng = self.rng
        elements = {}
        for pk, kind in Element.objects.values_list("pk", "kind"):
            elements.setdefault(kind, []).append(pk)
        self.elements = elements
        rows = []
        for index in range(self.count("campaigns")):
            start = self.today - datetime.timedelta(days=self.days_ago(YEARS, 1.2))
            status = rng.choices(
                ["planning", "active", "paused", "won", "closed"], weights=[1, 3, 1, 1, 3]
            )[0]
            rows.append(
                Campaign(
                    title=f"{rng.choice(CAMPAIGN_THEMES)} ({start.year}, {index + 1})",
                    summary=self.words(40, 160),
                    owner_id=rng.choice(self.officers),
                    status=status,
                    priority=rng.choice([1, 2, 3]),
                    rag=rng.choice(["red", "amber", "green"]),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(180, 900)),
                )
            )
        made = _batched(Campaign, rows)
        self.campaign_ids = [c.pk for c in made]
        self.campaign_weights = self.pareto_weights(len(made))
        for name, kind in (("aims", "aim"), ("outcomes", "outcome"), ("levers", "lever")):
            pool = elements.get(kind, [])
            if pool:
                pairs = {(c, rng.choice(pool)) for c in self.campaign_ids for _ in range(2)}
                _through(getattr(Campaign, name), sorted(pairs))
        self.done("campaigns", len(made))

    def asks(self):
        rng = self.rng
        statuses = list(Ask.Status.values)
        pipeline = statuses[:5]  # drafted .. committed; implemented or rejected after those
        rows, finals = [], []
        for _ in range(self.count("asks")):
            final = rng.choices(statuses, weights=[3, 4, 3, 3, 2, 1, 2])[0]
            changed = self.now - datetime.timedelta(days=self.days_ago(YEARS, 1.3))
            rows.append(
                Ask(
                    campaign_id=self.pick(self.campaign_ids, self.campaign_weights)[0],
                    title=f"{rng.choice(ASK_VERBS)} {rng.choice(MISSING_PHRASES)}",
                    detail=self.words(20, 120),
                    status=final,
                    status_changed_at=changed,
                    owner_id=rng.choice(self.officers),
                )
            )
            finals.append(final)
        made = _batched(Ask, rows)
        history = []
        for ask, final in zip(made, finals, strict=True):
            if final in pipeline:
                path = pipeline[: pipeline.index(final) + 1]
            else:
                path = pipeline[: rng.randint(2, 5)] + [final]
            when = ask.status_changed_at - datetime.timedelta(days=30 * (len(path) - 1))
            previous = ""
            for status in path:
                history.append(
                    AskStatusChange(
                        ask_id=ask.pk,
                        from_status=previous,
                        to_status=status,
                        changed_at=when,
                        changed_by_id=ask.owner_id,
                    )
                )
                previous, when = status, when + datetime.timedelta(days=30)
        _batched(AskStatusChange, history)
        self.ask_ids = [a.pk for a in made]
        _through(
            Ask.target_organisations,
            sorted({(a, self.pick(self.org_ids, self.org_weights)[0]) for a in self.ask_ids}),
        )
        _through(
            Ask.target_people,
            sorted(
                {
                    (a, p)
                    for a in self.ask_ids
                    for p in self.pick(self.person_ids, self.person_weights, rng.randint(0, 3))
                }
            ),
        )
        if self.elements.get("outcome"):
            _through(
                Ask.outcomes, [(a, rng.choice(self.elements["outcome"])) for a in self.ask_ids]
            )
        self.done("asks", len(made))
        self.done("ask status changes", len(history))

    def consultations(self):
        rng = self.rng
        bodies = [pk for pk in self.org_ids if self.org_kind[pk] != "third_sector"][:200]
        rows = []
        for index in range(self.count("consultations")):
            opens = self.today - datetime.timedelta(days=self.days_ago(YEARS, 1.5) - 20)
            closes = opens + datetime.timedelta(days=rng.choice([28, 42, 56, 84]))
            past = closes < self.today
            status = (
                rng.choices(["submitted", "not_started"], weights=[4, 1])[0]
                if past
                else rng.choice(["not_started", "drafting", "in_review"])
            )
            rows.append(
                Consultation(
                    title=f"Consultation on {rng.choice(MISSING_PHRASES)} ({index + 1})",
                    kind=rng.choice(Consultation.Kind.values),
                    body_id=rng.choice(bodies) if bodies else None,
                    url=f"https://www.gov.uk/government/consultations/generated-{index + 1}",
                    opens_on=opens,
                    closes_on=closes,
                    response_status=status,
                    submitted_on=closes - datetime.timedelta(days=2)
                    if status == "submitted"
                    else None,
                    outcome=self.words(20, 80) if past and rng.random() < 0.3 else "",
                    owner_id=rng.choice(self.officers),
                    notes=self.words(0, 60),
                )
            )
        made = _batched(Consultation, rows)
        self.consultation_ids = [c.pk for c in made]
        _through(
            Consultation.campaigns,
            sorted({(c, rng.choice(self.campaign_ids)) for c in self.consultation_ids}),
        )
        _through(
            Consultation.asks,
            sorted({(c, rng.choice(self.ask_ids)) for c in self.consultation_ids[::3]}),
        )
        self.done("consultations", len(made))

    def interactions(self):
        rng = self.rng
        kinds = Interaction.Kind.values
        person_org = {p.pk: p.organisation_id for p in self.people_rows}
        rows, people, orgs = [], [], []
        for _ in range(self.count("interactions")):
            date = self.today - datetime.timedelta(days=self.days_ago())
            action = rng.random() < 0.3
            due = date + datetime.timedelta(days=rng.randint(7, 45)) if action else None
            done = action and rng.random() < (0.92 if due < self.today else 0.2)
            rows.append(
                Interaction(
                    date=date,
                    kind=rng.choices(kinds, weights=[6, 5, 8, 2, 2, 2, 1, 1])[0],
                    summary=f"{rng.choice(INTERACTION_OPENERS)} {rng.choice(MISSING_PHRASES)}. "
                    + self.words(10, 140),
                    follow_up_action=rng.choice(FOLLOW_UPS) if action else "",
                    follow_up_due=due,
                    follow_up_owner_id=rng.choice(self.officers) if action else None,
                    follow_up_done=done,
                    recorded_by_id=rng.choice(self.officers),
                )
            )
            who = set(self.pick(self.person_ids, self.person_weights, rng.randint(1, 3)))
            people.append(who)
            where = {person_org[p] for p in who if person_org[p]}
            if rng.random() < 0.2:
                where.add(self.pick(self.org_ids, self.org_weights)[0])
            orgs.append(where)
        made = _batched(Interaction, rows)
        ids = [i.pk for i in made]
        self.done("interactions", len(made))
        self.done(
            "follow-ups",
            sum(1 for row in rows if row.follow_up_action),
        )
        _through(
            Interaction.people, ((i, p) for i, who in zip(ids, people, strict=True) for p in who)
        )
        _through(
            Interaction.organisations,
            ((i, o) for i, where in zip(ids, orgs, strict=True) for o in where),
        )
        _through(
            Interaction.campaigns,
            (
                (i, self.pick(self.campaign_ids, self.campaign_weights)[0])
                for i in ids
                if rng.random() < 0.35
            ),
        )
        _through(
            Interaction.asks, ((i, rng.choice(self.ask_ids)) for i in ids if rng.random() < 0.1)
        )
        # What `Interaction.record_change` keeps for one interaction, here for all at once.
        # (Bulk-created ids run in one range; an IN list of them would pass SQLite's limit.)
        if ids:
            Interaction.objects.filter(pk__range=(min(ids), max(ids))).reindex()
        Person.objects.refresh_last_contact()

    def areas(self):
        """Named missing leads for areas that have none yet."""
        rng = self.rng
        leads = LocalArea.objects.filter(missing_lead_person__isnull=True)
        changed = []
        for area in leads:
            if rng.random() < 0.5:
                area.missing_lead_person_id = rng.choice(self.person_ids)
                area.missing_lead = "in_place"
                changed.append(area)
        LocalArea.objects.bulk_update(changed, ["missing_lead_person", "missing_lead"])
        self.done("local areas given a named lead", len(changed))

    def _headlines(self, relevant, size):
        """Titles and summaries with the real relevance assessment of each."""
        rng = self.rng
        out = []
        phrases = MISSING_PHRASES if relevant else OTHER_PHRASES
        for _ in range(size):
            topic = rng.choice(phrases)
            title = rng.choice(HEADLINE_PATTERNS).format(
                topic=topic[0].upper() + topic[1:], place=rng.choice(PLACES)
            )
            summary = self.words(30, 90)
            if relevant:
                summary = f"This concerns {topic}. {summary}"
            out.append((title, summary, relevance.assess(title, summary)))
        return out

    def items(self):
        rng = self.rng
        sources = list(Source.objects.values_list("pk", flat=True))
        source_weights = self.pareto_weights(len(sources), cap=20)
        relevant = [h for h in self._headlines(True, 600) if h[2].relevant]
        other = self._headlines(False, 600)
        total, openings = self.count("items"), self.count("openings")
        rows, opening_of = [], []
        for index in range(total):
            is_opening = index % (total // openings) == 0
            title, summary, assessment = rng.choice(relevant if is_opening else other)
            seen = self.now - datetime.timedelta(
                days=self.days_ago(), seconds=rng.randint(0, 86399)
            )
            url = f"{ITEM_ADDRESS}{index + 1}"
            rows.append(
                Item(
                    url=url,
                    source_id=self.pick(sources, source_weights)[0],
                    title=title,
                    summary=summary,
                    body=self.words(80, 400) if rng.random() < 0.5 else "",
                    published=seen - datetime.timedelta(hours=rng.randint(1, 48)),
                    content_hash=hashlib.sha256(url.encode()).hexdigest(),
                    score=assessment.score,
                    topics=list(assessment.topics),
                    reasons=[
                        {
                            "phrase": r.phrase,
                            "start": r.start,
                            "end": r.end,
                            "field": r.field,
                            "weight": r.weight,
                            "passage": r.passage,
                        }
                        for r in assessment.reasons[:6]
                    ],
                    relevant=assessment.relevant,
                    first_seen_at=seen,
                    last_changed_at=seen,
                )
            )
            opening_of.append(is_opening)
        made = _batched(Item, rows)
        sightings = []
        for item in made:
            sightings.append(
                Sighting(
                    source_id=item.source_id,
                    item_id=item.pk,
                    external_id=f"scale-{item.pk}",
                    first_seen_at=item.first_seen_at,
                    last_seen_at=item.first_seen_at
                    + datetime.timedelta(days=rng.choice([0, 0, 1, 7, 30])),
                )
            )
            if rng.random() < 0.15:  # also carried by a second source (a feed and a search)
                other_source = rng.choice(sources)
                if other_source != item.source_id:
                    sightings.append(
                        Sighting(
                            source_id=other_source,
                            item_id=item.pk,
                            external_id=f"scale-{item.pk}-also",
                            first_seen_at=item.first_seen_at,
                            last_seen_at=item.first_seen_at,
                        )
                    )
        _batched(Sighting, sightings)
        self.opening_items = [item for item, flag in zip(made, opening_of, strict=True) if flag]
        self.done("monitored items", len(made))
        self.done("sightings", len(sightings))

    def openings(self):
        rng = self.rng
        levers = {}
        for pk, code in Element.objects.filter(kind="lever").values_list("pk", "code"):
            levers[code] = pk
        lever_types = LeverType.values
        rows = []
        for item in self.opening_items:
            age = (self.now - item.first_seen_at).days
            if age > 30:
                status = rng.choices(
                    ["dismissed", "actioned", "in_progress", "new"], weights=[80, 14, 4, 2]
                )[0]
            else:
                status = rng.choices(
                    ["new", "in_progress", "dismissed", "actioned"], weights=[45, 20, 30, 5]
                )[0]
            lever_type = rng.choice(lever_types)
            rows.append(
                Opening(
                    item_id=item.pk,
                    source_id=item.source_id,
                    published=item.published,
                    status=status,
                    assignee_id=rng.choice(self.officers) if status != "new" else None,
                    notes=self.words(10, 60) if status == "actioned" else "",
                    due_date=item.first_seen_at.date() + datetime.timedelta(days=21)
                    if status in ("new", "in_progress")
                    else None,
                    lever_type=lever_type,
                    lever_id=rng.choice(list(levers.values()))
                    if levers and rng.random() < 0.5
                    else None,
                    score=item.score,
                    topics=item.topics,
                    reasons=item.reasons,
                    status_changed_at=item.first_seen_at
                    + datetime.timedelta(days=rng.randint(0, 10))
                    if status != "new"
                    else None,
                    created_at=item.first_seen_at,
                )
            )
        made = _batched(Opening, rows)
        ids = [o.pk for o in made]
        _through(
            Opening.people,
            sorted(
                {(o, rng.choice(self.mp_ids)) for o in ids if self.mp_ids and rng.random() < 0.2}
            ),
        )
        _through(
            Opening.organisations,
            sorted(
                {
                    (o, self.pick(self.org_ids, self.org_weights)[0])
                    for o in ids
                    if rng.random() < 0.3
                }
            ),
        )
        _through(
            Opening.areas,
            sorted(
                {
                    (o, rng.choice(self.area_ids))
                    for o in ids
                    if self.area_ids and rng.random() < 0.15
                }
            ),
        )
        _through(
            Opening.campaigns,
            sorted(
                {
                    (o, self.pick(self.campaign_ids, self.campaign_weights)[0])
                    for o in ids
                    if rng.random() < 0.2
                }
            ),
        )
        _through(
            Opening.asks,
            sorted({(o, rng.choice(self.ask_ids)) for o in ids if rng.random() < 0.05}),
        )
        self.done("openings", len(made))
        self.done("openings dismissed", sum(1 for o in made if o.status == "dismissed"))

    def evidence(self):
        rng = self.rng
        kinds = EvidenceItem.Kind.values
        publishers = [
            "Missing People",
            "Home Office",
            "Department for Education",
            "HMICFRS",
            "Ofsted",
            "University of Portsmouth",
            "National Crime Agency",
            "Local Government Association",
            "College of Policing",
        ]
        rows = []
        for index in range(self.count("evidence")):
            kind = rng.choice(kinds)
            topic = rng.choice(MISSING_PHRASES)
            published = self.today - datetime.timedelta(days=self.days_ago(10, 1.4))
            lived = kind == EvidenceItem.Kind.LIVED_EXPERIENCE
            tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
            rows.append(
                EvidenceItem(
                    title=f"{topic[0].upper() + topic[1:]}: {rng.choice(PLACES)} "
                    f"{rng.choice(['study', 'findings', 'briefing', 'data', 'account'])} "
                    f"{published.year} ({index + 1})",
                    kind=kind,
                    publisher=rng.choice(publishers),
                    published_on=published,
                    url=f"https://www.example.org.uk/evidence/{index + 1}",
                    summary=self.words(80, 400),
                    key_findings="\n".join(self.words(12, 30) for _ in range(rng.randint(3, 7))),
                    quotable_lines="\n".join(self.words(8, 20) for _ in range(rng.randint(0, 3))),
                    tags=", ".join(tags),
                    confidentiality=rng.choices(
                        ["public", "internal", "restricted"], weights=[40, 45, 15]
                    )[0],
                    consent_basis="Written consent recorded at interview" if lived else "",
                    review_on=published + datetime.timedelta(days=730) if lived else None,
                    created_by_id=rng.choice(self.officers),
                )
            )
        made = _batched(EvidenceItem, rows)
        ids = [e.pk for e in made]
        _through(
            EvidenceItem.campaigns,
            sorted({(e, rng.choice(self.campaign_ids)) for e in ids if rng.random() < 0.4}),
        )
        _through(
            EvidenceItem.asks,
            sorted({(e, rng.choice(self.ask_ids)) for e in ids if rng.random() < 0.2}),
        )
        if self.elements.get("outcome"):
            _through(
                EvidenceItem.outcomes,
                sorted(
                    {(e, rng.choice(self.elements["outcome"])) for e in ids if rng.random() < 0.3}
                ),
            )
        for item in made:
            search.reindex(item)
        self.done("evidence items", len(made))
        self.done("restricted evidence", sum(1 for e in made if e.is_restricted))

    def deliveries(self):
        rng = self.rng
        activities = list(Element.objects.filter(kind="activity"))
        outcomes = {}
        for element in Element.objects.filter(kind="outcome"):
            outcomes.setdefault(element.code[:2], []).append(element.pk)
        audience = {"OP": "professionals", "OM": "partners", "OF": "people_families"}
        rows = []
        for _ in range(self.count("deliveries") if activities else 0):
            activity = rng.choice(activities)
            rows.append(
                ActivityDelivery(
                    activity_id=activity.pk,
                    title=f"{activity.text[:80]}, {rng.choice(PLACES)}",
                    date=self.today - datetime.timedelta(days=self.days_ago()),
                    local_area_id=rng.choice(self.area_ids) if self.area_ids else None,
                    people_reached=rng.randint(3, 80),
                    campaign_id=rng.choice(self.campaign_ids) if rng.random() < 0.4 else None,
                    recorded_by_id=rng.choice(self.officers),
                )
            )
        made = _batched(ActivityDelivery, rows)
        _through(
            ActivityDelivery.organisations,
            sorted(
                {
                    (d.pk, self.pick(self.org_ids, self.org_weights)[0])
                    for d in made
                    for _ in range(2)
                }
            ),
        )
        answers = []
        prefixes = [p for p in audience if outcomes.get(p)]
        for delivery in made:
            for _ in range(rng.randint(3, 12) if prefixes else 0):
                prefix = rng.choice(prefixes)
                answers.append(
                    OutcomeFeedback(
                        outcome_id=rng.choice(outcomes[prefix]),
                        delivery_id=delivery.pk,
                        date=delivery.date,
                        local_area_id=delivery.local_area_id,
                        respondent_audience=audience[prefix],
                        respondent_role=rng.choice(JOB_TITLES),
                        agreement=rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 6, 4])[0],
                        comment=self.words(5, 30) if rng.random() < 0.3 else "",
                        recorded_by_id=delivery.recorded_by_id,
                    )
                )
        _batched(OutcomeFeedback, answers)
        self.done("activities delivered", len(made))
        self.done("feedback answers", len(answers))

    def subscriptions(self):
        """Every generated user has alert settings; none has a backlog waiting to be mailed."""
        rng = self.rng
        newest = Opening.objects.aggregate(top=Max("pk"))["top"] or 0
        rows = []
        for user_id in self.new_users:
            everything = rng.random() < 0.6
            rows.append(
                Subscription(
                    user_id=user_id,
                    frequency=rng.choice(Subscription.Frequency.values),
                    everything=everything,
                    topics=[] if everything else rng.sample(list(relevance.TOPICS), 2),
                    last_opening_id=newest,
                )
            )
        made = _batched(Subscription, rows)
        _through(
            Subscription.campaigns,
            sorted({(s.pk, rng.choice(self.campaign_ids)) for s in made if not s.everything}),
        )
        self.done("subscriptions", len(made))
