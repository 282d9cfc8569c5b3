"""Everyone the charity influences: organisations, the people in them, and local areas."""

import collections
import datetime
import itertools
import logging

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, Replace
from django.urls import reverse
from django.utils import timezone

from ui import fulltext
from ui.tags import normalise_tags, tag_filter

ERASED_NAME = "Erased person"
# The alerts app's task that emails followers and relationship owners about ended roles.
STAFF_CHANGE_TASK = "alerts.tasks.send_staff_change_alerts"

logger = logging.getLogger(__name__)


def _send_staff_change_alerts_soon():
    """Hand the staff-change emails to a worker now rather than at the schedule's next run.

    By dotted path, as stakeholders sits below alerts. The 15-minute schedule stays as the
    catch-up (a worker that was down, an email refused), and the alerts are claimed before
    sending, so the two never send one twice.
    """
    from django_q.tasks import async_task

    try:
        async_task(STAFF_CHANGE_TASK, task_name="Staff change alerts")
    except Exception:
        # The change is saved; without a broker the schedule still sends within 15 minutes.
        logger.exception("Could not hand the staff change alerts to a worker")


class Stance(models.TextChoices):
    """Where a person or organisation stands on the charity's asks."""

    CHAMPION = "champion", "Champion"
    SUPPORTIVE = "supportive", "Supportive"
    NEUTRAL = "neutral", "Neutral"
    SCEPTICAL = "sceptical", "Sceptical"
    OPPOSED = "opposed", "Opposed"


# Someone added before anyone has judged them is "Not rated yet" (no value), never a
# middling 3 or "Neutral" that reads as a judgement and places them mid-grid.
NOT_RATED = "Not rated yet"
INFLUENCE_CHOICES = [(None, NOT_RATED), *((n, str(n)) for n in range(1, 6))]
INFLUENCE_HELP = "1 (little) to 5 (decisive) influence over missing policy or practice."
STANCE_CHOICES = [(None, NOT_RATED), *Stance.choices]


class MultiAgencyStatus(models.TextChoices):
    """How far a local area has got with one of the theory of change's multi-agency outcomes."""

    UNKNOWN = "unknown", "Not known"
    NONE = "none", "None"
    IN_DEVELOPMENT = "in_development", "In development"
    IN_PLACE = "in_place", "In place"


class LocalArea(models.Model):
    """A police force area, local authority or nation, where multi-agency outcomes are tracked."""

    class Kind(models.TextChoices):
        POLICE_FORCE_AREA = "police_force_area", "Police force area"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NATION = "nation", "Nation"

    class Nation(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    police_force_area = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_authorities",
        limit_choices_to={"kind": "police_force_area"},
    )
    # The four multi-agency outcomes of the theory of change, tracked per area.
    protocol = models.CharField(
        "local missing protocol or plan",
        max_length=20,
        choices=MultiAgencyStatus.choices,
        default=MultiAgencyStatus.UNKNOWN,
    )
    partnership = models.CharField(
        "local partnership response",
        max_length=20,
        choices=MultiAgencyStatus.choices,
        default=MultiAgencyStatus.UNKNOWN,
    )
    information_sharing = models.CharField(
        "information sharing between agencies",
        max_length=20,
        choices=MultiAgencyStatus.choices,
        default=MultiAgencyStatus.UNKNOWN,
    )
    missing_lead = models.CharField(
        "named missing lead",
        max_length=20,
        choices=MultiAgencyStatus.choices,
        default=MultiAgencyStatus.UNKNOWN,
    )
    missing_lead_person = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_areas",
        verbose_name="who the missing lead is",
    )
    status_notes = models.TextField("notes on these outcomes", blank=True)
    status_reviewed_on = models.DateField("outcomes last reviewed", null=True, blank=True)

    STATUS_FIELDS = ("protocol", "partnership", "information_sharing", "missing_lead")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="unique_local_area_name_per_kind")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:area", args=[self.pk])

    def outcome_statuses(self):
        """[(label, value, display)] for the four multi-agency outcomes, in theory order."""
        return [
            (
                self._meta.get_field(name).verbose_name,
                getattr(self, name),
                getattr(self, f"get_{name}_display")(),
            )
            for name in self.STATUS_FIELDS
        ]

    @property
    def outcomes_in_place(self):
        return sum(getattr(self, name) == MultiAgencyStatus.IN_PLACE for name in self.STATUS_FIELDS)


def _last_contact(**involving):
    """The date of the latest interaction matching `involving`, as a subquery per row.

    A subquery rather than `Max` over a join in the outer query: it is worked out only for the
    rows a page shows, and adding another per-row figure beside it does not multiply the rows
    being aggregated. `Max` inside it rather than "newest first, take one": PostgreSQL answers
    that ORDER BY ... LIMIT 1 by walking the index on every interaction's date backwards until
    one involves this row, which for 20,000 people at a charity's volume took hours.
    """
    (link,) = involving
    latest = (
        Interaction.objects.filter(**involving)
        .order_by()
        .values(link)
        .annotate(latest=Max("date"))
        .values("latest")
    )
    return Subquery(latest)


# What the people and organisations CSVs write (stakeholders.views).
PERSON_EXPORT_FIELDS = (
    "name",
    "role_title",
    "organisation__name",
    "email",
    "phone",
    "influence",
    "stance",
    "house",
    "party",
    "constituency",
    "owner__username",
    "tags",
    "last_contact",
)
ORGANISATION_EXPORT_FIELDS = (
    "name",
    "kind",
    "sector",
    "parent__name",
    "local_area__name",
    "website",
    "influence",
    "stance",
    "notes",
)


# The full-text index of organisations (ui/fulltext.py): an FTS5 table on SQLite (made by
# migration 0011), `Organisation.search_vector` on PostgreSQL. FTS5 column -> field indexed.
ORGANISATION_SEARCH = "organisation_search"
ORGANISATION_SEARCH_COLUMNS = {"name": "name", "notes": "notes", "website": "website"}
# Saving any of these fields brings the organisation's index entry up to date.
ORGANISATION_SEARCH_FIELDS = set(ORGANISATION_SEARCH_COLUMNS.values())


def organisation_search_expressions():
    """PostgreSQL: what an organisation's `search_vector` is made of. PostgreSQL's parser keeps
    a web address as one word; with its separators as spaces, "kent" finds
    https://www.kent.police.uk/ as it does on SQLite."""
    website = "website"
    for separator in ("/", ".", ":"):
        website = Replace(website, Value(separator), Value(" "))
    return ["name", "notes", website]


# The full-text index of people (ui/fulltext.py): an FTS5 table on SQLite (made by migration
# 0010), `Person.search_vector` on PostgreSQL. FTS5 column -> field indexed. The organisation's
# name is in each of its people's entries, so "smith kent" finds Jo Smith of Kent Police.
PERSON_SEARCH = "person_search"
PERSON_SEARCH_COLUMNS = {
    "name": "name",
    "role_title": "role_title",
    "organisation": "organisation__name",
    "email": "email",
    "constituency": "constituency",
}
# Saving any of these fields brings the person's index entry up to date.
PERSON_SEARCH_FIELDS = {
    "name",
    "role_title",
    "organisation",
    "organisation_id",
    "email",
    "constituency",
}


def person_search_expressions():
    """PostgreSQL: what a person's `search_vector` is made of, as expressions of an UPDATE.

    An UPDATE cannot join, so the organisation's name comes as a subquery. PostgreSQL's parser
    keeps an email address as one word; with its separators as spaces, "essex" finds
    jo@essex.police.uk as it does on SQLite.
    """
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")
    email = Replace(Replace("email", Value("@"), Value(" ")), Value("."), Value(" "))
    return ["name", "role_title", Subquery(organisation[:1]), email, "constituency"]


# Not rated yet: no influence or no stance. One condition for `unrated()` and the partial
# indexes that serve it, so a query's WHERE is the index's own and SQLite can use it.
UNRATED = Q(influence__isnull=True) | Q(stance__isnull=True)


class RatedQuerySet(models.QuerySet):
    """People and organisations by whether both their influence and stance are rated."""

    def rated(self):
        return self.filter(influence__isnull=False, stance__isnull=False)

    def unrated(self):
        return self.filter(UNRATED)

    def by_influence(self):
        """Most influential first, the unrated last on every database."""
        return self.order_by(F("influence").desc(nulls_last=True), "name", "pk")


class RatedMixin:
    @property
    def is_rated(self):
        return self.influence is not None and self.stance is not None


class SearchableQuerySet(RatedQuerySet):
    """Searched through a full-text index of their own (FTS5 on SQLite, a tsvector with a GIN
    index on PostgreSQL); a subclass names the index table, its columns and the expressions that
    fill the PostgreSQL vector."""

    search_table: str
    search_columns: dict[str, str]

    @staticmethod
    def search_expressions():
        raise NotImplementedError

    def matching(self, text):
        """Rows whose indexed fields hold every word of `text` (each word as the start of a
        word, "quoted phrases" exactly), found in the full-text index rather than by reading
        every row: "smith" finds Smith & Co, not Goldsmiths. Text with no word to look for
        (punctuation only) falls back to a plain contains."""
        condition = None
        if fulltext.terms(text):
            condition = fulltext.matching(text, fts_table=self.search_table)
        if condition is None:
            condition = Q(
                *[Q(**{f"{f}__icontains": text}) for f in self.search_columns.values()],
                _connector=Q.OR,
            )
        return self.filter(condition)

    def reindex(self):
        """Bring the search index up to date with these rows: a couple of statements however
        many there are. Called by the model's `save` and by code that writes rows in bulk."""
        if connection.vendor == "sqlite":
            fulltext.sqlite_reindex(self.search_table, self, self.search_columns)
        elif connection.vendor == "postgresql":
            self.update(search_vector=fulltext.document_vector(*self.search_expressions()))


class OrganisationQuerySet(SearchableQuerySet):
    # Name, notes and website.
    search_table = ORGANISATION_SEARCH
    search_columns = ORGANISATION_SEARCH_COLUMNS
    search_expressions = staticmethod(organisation_search_expressions)

    def picker_matches(self, text):
        """Organisations whose name contains `text`, for pickers (ui/pickers.py)."""
        return self.filter(name__icontains=text).order_by("name", "pk")

    def with_last_contact(self):
        """`last_contact`: the latest interaction recorded with the organisation itself."""
        return self.annotate(last_contact=_last_contact(organisations=OuterRef("pk")))

    def with_last_contact_of_all(self):
        """`last_contact` as one aggregate over every organisation's links (a join and GROUP
        BY), for sorting by it: a sort needs every row's figure, and `with_last_contact`'s
        subquery per row had PostgreSQL visit each organisation's links one at a time. The
        same aggregate as `last_contact_by_id`, kept in the query because the rows must come
        in its order (a page of the list, or the export streamed a chunk at a time)."""
        return self.annotate(last_contact=Max("interactions__date"))

    def with_people_count(self):
        """`people_count`: everyone whose current organisation this is."""
        people = (
            Person.objects.filter(organisation=OuterRef("pk"))
            .order_by()
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(people_count=Coalesce(Subquery(people), 0))

    def with_list_figures(self):
        return self.with_last_contact().with_people_count()

    def for_export(self):
        """The organisations CSV's columns, without the parents' and areas' own notes and
        texts (people counts and last contacts come from `people_count_by_id` and
        `last_contact_by_id`)."""
        return self.select_related("local_area", "parent").only(*ORGANISATION_EXPORT_FIELDS)

    def people_count_by_id(self):
        """{organisation id: how many people it employs now} for these organisations, in one
        aggregate over the people, for reading every organisation (the export).

        Not `with_people_count` in the rows' query: sorted by last contact, those rows are an
        aggregate over every organisation's links, and PostgreSQL then worked the count out
        again for each link (200,000 times at scale 100) rather than once per organisation.
        """
        people = Person.objects.filter(organisation__in=self.order_by().values("pk"))
        return dict(
            people.order_by()
            .values("organisation_id")
            .annotate(n=Count("pk"))
            .values_list("organisation_id", "n")
        )

    def last_contact_by_id(self):
        """{organisation id: date of its latest interaction} for these organisations, read in
        one aggregate over every link (hash joined once on PostgreSQL).

        For reading every organisation, as the export does. `with_last_contact`'s subquery
        per row suits a page of rows but, over them all, PostgreSQL visits each organisation's
        links and their interactions one organisation at a time: 10 s for 5,000 organisations
        against under half a second for this (docs/benchmarks.md).
        """
        links = Interaction.organisations.through.objects.filter(
            organisation__in=self.order_by().values("pk")
        )
        return dict(
            links.order_by()
            .values("organisation_id")
            .annotate(latest=Max("interaction__date"))
            .values_list("organisation_id", "latest")
        )

    def named_like(self, name):
        """Organisations whose name matches ignoring case, the way the unique rule compares."""
        return self.annotate(lower_name=Lower("name")).filter(lower_name=(name or "").lower())

    def single_points_of_failure(self):
        """Organisations whose only ally is one champion: lose them and the relationship goes.

        Each is annotated with `champion_id` and `champion_name`. Allies are counted in a
        subquery per organisation, so narrowing the queryset first (to the organisations a map
        shows) keeps the work to those organisations.
        """
        staff = Person.objects.filter(organisation=OuterRef("pk"), erased_at__isnull=True)
        allies = (
            staff.filter(stance__in=[Stance.CHAMPION, Stance.SUPPORTIVE])
            .order_by()
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        champion = staff.filter(stance=Stance.CHAMPION).order_by("pk")
        return (
            self.annotate(
                allies=Subquery(allies),
                champion_id=Subquery(champion.values("pk")[:1]),
                champion_name=Subquery(champion.values("name")[:1]),
            )
            .filter(allies=1, champion_id__isnull=False)
            .order_by("sector", "name")
        )


class Organisation(RatedMixin, models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT_DEPARTMENT = "government_department", "Government department"
        POLICE_FORCE = "police_force", "Police force"
        PCC = "pcc", "Police and crime commissioner"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NHS_BODY = "nhs_body", "NHS body"
        EDUCATION = "education", "School or education body"
        INSPECTORATE = "inspectorate", "Inspectorate"
        PARLIAMENTARY_COMMITTEE = "parliamentary_committee", "Parliamentary committee"
        REGULATOR = "regulator", "Regulator"
        THIRD_SECTOR = "third_sector", "Third sector"
        OTHER = "other", "Other"

    class Sector(models.TextChoices):
        POLICE = "police", "Police"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        THIRD_SECTOR = "third_sector", "Third sector"
        GOVERNMENT = "government", "Government"
        PARLIAMENT = "parliament", "Parliament"
        INSPECTORATE = "inspectorate", "Inspectorate"

    Stance = Stance

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    local_area = models.ForeignKey(
        LocalArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    website = models.URLField(blank=True)
    influence = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=INFLUENCE_CHOICES, help_text=INFLUENCE_HELP
    )
    stance = models.CharField(max_length=12, null=True, blank=True, choices=STANCE_CHOICES)
    notes = models.TextField(blank=True)
    # PostgreSQL's full-text index entry (GIN index, migration 0011); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="organisation_name_idx"),
            # The influence maps: the most influential first (`by_influence`), and those not
            # rated yet by name, each read from an index rather than by sorting every row.
            models.Index(fields=["-influence", "name", "id"], name="organisation_influence_idx"),
            models.Index(
                fields=["name", "id"],
                condition=UNRATED,
                name="organisation_unrated_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_organisation_name_ignoring_case",
                violation_error_message="An organisation with this name already exists.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        renaming = self.pk is not None and (update_fields is None or "name" in update_fields)
        named = Organisation.objects.filter(pk=self.pk).values_list("name", flat=True)
        before = named.first() if renaming else None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if update_fields is None or ORGANISATION_SEARCH_FIELDS & set(update_fields):
                Organisation.objects.filter(pk=self.pk).reindex()
            if before is not None and before != self.name:
                # Its people's search index entries hold its name.
                Person.objects.filter(organisation=self).reindex()

    def get_absolute_url(self):
        return reverse("stakeholders:organisation", args=[self.pk])

    def delete(self, *args, **kwargs):
        people = list(self.people.values_list("pk", flat=True))
        pk = self.pk
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            if connection.vendor == "sqlite":
                fulltext.sqlite_unindex(ORGANISATION_SEARCH, [pk])
            Person.objects.filter(pk__in=people).reindex()
        return deleted

    def existing_with_same_name(self):
        """Another organisation this one's name would clash with, ignoring case, or None."""
        return Organisation.objects.named_like(self.name).exclude(pk=self.pk).first()


class PersonQuerySet(SearchableQuerySet):
    # Name, current role, organisation's name, email and constituency. `Organisation.save`
    # reindexes its people too, whose entries hold its name.
    search_table = PERSON_SEARCH
    search_columns = PERSON_SEARCH_COLUMNS
    search_expressions = staticmethod(person_search_expressions)

    def picker_matches(self, text):
        """People whose name, or current organisation's name, contains `text`, for pickers."""
        return (
            self.filter(Q(name__icontains=text) | Q(organisation__name__icontains=text))
            .select_related("organisation")
            .order_by("name", "pk")
        )

    def refresh_last_contact(self):
        """Store in `last_contact` the date of each person's latest interaction (one UPDATE).

        Called whenever interactions are created, edited or deleted (see
        `Interaction.record_change`), so lists can sort and page by it from an index.
        """
        return self.update(last_contact=_last_contact(people=OuterRef("pk")))

    def with_list_relations(self):
        return self.select_related("organisation", "owner")

    def for_export(self):
        """The people CSV's columns and no more: not a person's notes, nor their organisation's
        or owner's other fields."""
        return self.select_related("organisation", "owner").only(*PERSON_EXPORT_FIELDS)

    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def tagged(self, tag):
        return self.filter(tag_filter("tags", tag))

    def champions_who_left(self):
        """Champions whose role ended, or who moved organisation, since their stance was checked.

        Prioritisation often rests on one person, so when a champion leaves the relationship
        needs rebuilding with whoever replaces them (a blocker named in the theory of change).
        Each person is annotated with `left_on` and `left_organisation_id` of that last role.
        """
        ended = Role.objects.filter(person=OuterRef("pk"), ended_on__isnull=False).order_by(
            "-ended_on", "-pk"
        )
        still_there = Role.objects.filter(
            person=OuterRef("pk"),
            ended_on__isnull=True,
            organisation_id=OuterRef("left_organisation_id"),
        )
        return (
            self.filter(stance=Person.Stance.CHAMPION, erased_at__isnull=True)
            .annotate(
                left_on=Subquery(ended.values("ended_on")[:1]),
                left_organisation_id=Subquery(ended.values("organisation_id")[:1]),
                left_role_title=Subquery(ended.values("title")[:1]),
            )
            .filter(left_on__isnull=False)
            .filter(Q(stance_reviewed_on__isnull=True) | Q(stance_reviewed_on__lt=F("left_on")))
            .exclude(Exists(still_there))
        )


class Person(RatedMixin, models.Model):
    Stance = Stance

    class House(models.TextChoices):
        COMMONS = "commons", "House of Commons"
        LORDS = "lords", "House of Lords"
        SCOTTISH_PARLIAMENT = "scottish_parliament", "Scottish Parliament"

    name = models.CharField(max_length=200)
    role_title = models.CharField("current role", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    parliament_member_id = models.PositiveIntegerField(
        "UK Parliament member id", null=True, blank=True, unique=True
    )
    # The Scottish Parliament numbers its members separately (PersonID in its open data), so
    # the same number can mean a different person at Westminster: each has its own field.
    scottish_parliament_id = models.PositiveIntegerField(
        "Scottish Parliament member id", null=True, blank=True, unique=True
    )
    house = models.CharField(max_length=20, choices=House.choices, blank=True)
    party = models.CharField(max_length=100, blank=True)
    constituency = models.CharField(max_length=150, blank=True)
    influence = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=INFLUENCE_CHOICES, help_text=INFLUENCE_HELP
    )
    stance = models.CharField(max_length=12, null=True, blank=True, choices=STANCE_CHOICES)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_people",
        verbose_name="relationship owner",
    )
    tags = models.CharField(
        max_length=300, blank=True, help_text="Separate tags with commas, e.g. APP, adults."
    )
    notes = models.TextField(blank=True)
    stance_reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last confirmed this person's stance (clears the flag raised when "
        "a champion leaves a role).",
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The date of the latest interaction they took part in, kept by the code that changes
    # interactions (`PersonQuerySet.refresh_last_contact`): worked out per row it made sorting
    # the people list by last contact take seconds.
    last_contact = models.DateField(null=True, blank=True, editable=False)
    # PostgreSQL's full-text index entry (GIN index, migration 0010); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # The list (people not erased, by name): counted and paged from this index alone.
        indexes = [
            models.Index(
                fields=["name", "id"], condition=Q(erased_at=None), name="person_name_idx"
            ),
            # The list sorted by last contact, either way, paged from this index.
            models.Index(
                fields=["last_contact", "id"],
                condition=Q(erased_at=None),
                name="person_last_contact_idx",
            ),
            # Champions (counted on every people list, for champions who left): without it
            # SQLite walked every person through the index above to find the few champions.
            # With influence too, it holds all the influence grid counts (stance by influence).
            models.Index(
                fields=["stance", "influence"],
                condition=Q(erased_at=None),
                name="person_stance_idx",
            ),
            # The influence maps: the most influential first (`by_influence`), and those not
            # rated yet by name, each read from an index rather than by sorting every row.
            models.Index(
                fields=["-influence", "name", "id"],
                condition=Q(erased_at=None),
                name="person_influence_idx",
            ),
            models.Index(
                fields=["name", "id"],
                condition=Q(erased_at=None) & UNRATED,
                name="person_unrated_idx",
            ),
        ]

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name

    def save(self, *args, **kwargs):
        self.tags = normalise_tags(self.tags)
        with transaction.atomic():
            super().save(*args, **kwargs)
            update_fields = kwargs.get("update_fields")
            if update_fields is None or PERSON_SEARCH_FIELDS & set(update_fields):
                Person.objects.filter(pk=self.pk).reindex()

    def get_absolute_url(self):
        return reverse("stakeholders:person", args=[self.pk])

    def delete(self, *args, **kwargs):
        pk = self.pk
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            if connection.vendor == "sqlite":
                fulltext.sqlite_unindex(PERSON_SEARCH, [pk])
        return deleted

    def deletion_consequences(self):
        """What goes with this person when they are deleted, for the confirmation page."""
        counts = [
            (self.roles.count(), "role in their role history", "roles in their role history"),
            (self.interactions.count(), "link to an interaction", "links to interactions"),
            (self.asks_received.count(), "link to an ask", "links to asks"),
        ]
        found = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if found:
            found.append("the interactions and asks themselves stay")
        return found

    @property
    def tag_list(self):
        return [tag for tag in self.tags.split(", ") if tag]

    @property
    def is_parliamentarian(self):
        return bool(self.house or self.parliament_member_id or self.scottish_parliament_id)

    @property
    def member_keys(self) -> list:
        """How items name this person in `Item.member_ids`: a Westminster id as a number, a
        Scottish Parliament id as "msp:<id>" (the two numberings overlap)."""
        keys = []
        if self.parliament_member_id:
            keys.append(self.parliament_member_id)
        if self.scottish_parliament_id:
            keys.append(f"msp:{self.scottish_parliament_id}")
        return keys

    @property
    def can_be_followed(self):
        return bool(self.member_keys) and not self.is_erased

    def suggested_contacts(self, limit=5, *, organisation=None):
        """Who to build a relationship with next when this person leaves: others at
        `organisation` (by default that of their current or most recent role), allies first,
        then the most influential, then whoever the team met most recently."""
        if organisation is not None:
            organisation_id = organisation.pk
        else:
            role = self.roles.filter(organisation__isnull=False).first()
            organisation_id = self.organisation_id or (role.organisation_id if role else None)
        if organisation_id is None:
            return Person.objects.none()
        stance_rank = models.Case(
            *(models.When(stance=value, then=rank) for rank, value in enumerate(Stance.values)),
            default=len(Stance.values),  # the unrated after every stance
            output_field=models.IntegerField(),
        )
        return (
            Person.objects.not_erased()
            .filter(organisation_id=organisation_id)
            .exclude(pk=self.pk)
            .annotate(stance_rank=stance_rank)
            .order_by(
                "stance_rank",
                F("influence").desc(nulls_last=True),
                F("last_contact").desc(nulls_last=True),
                "name",
            )
            .select_related("organisation")[:limit]
        )

    @property
    def is_erased(self):
        return self.erased_at is not None

    def current_role(self):
        return self.roles.filter(ended_on__isnull=True).select_related("organisation").first()

    def start_role(self, title, organisation=None, *, started_on=None, end_current=True):
        """Record a new role; by default the roles they hold now end the day the new one starts.

        `started_on` may be None when the start is not known (then current roles end today).

        The person's `role_title` and `organisation` always mirror their current role, so lists,
        asks and exports show where someone is now without reading the history.
        """
        ends_on = started_on or timezone.localdate()
        with transaction.atomic():
            if end_current:
                for role in self.roles.filter(ended_on__isnull=True):
                    role.ended_on = max(ends_on, role.started_on or ends_on)
                    role.save(update_fields=["ended_on"])
                    transaction.on_commit(_send_staff_change_alerts_soon)
            role = Role.objects.create(
                person=self, title=title, organisation=organisation, started_on=started_on
            )
            self._mirror_current_role()
        return role

    def end_role(self, role, *, ended_on=None):
        """End one role; the history keeps it and the person has no current role there."""
        ended_on = ended_on or timezone.localdate()
        if role.started_on and ended_on < role.started_on:
            raise ValidationError("A role cannot end before it started.")
        with transaction.atomic():
            role.ended_on = ended_on
            role.save(update_fields=["ended_on"])
            self._mirror_current_role()
            # Once the change is saved: a rolled-back change sends nothing.
            transaction.on_commit(_send_staff_change_alerts_soon)
        return role

    def _mirror_current_role(self):
        current = self.current_role()
        self.role_title = current.title if current else ""
        self.organisation = current.organisation if current else None
        self.save(update_fields=["role_title", "organisation", "updated_at"])

    def confirm_stance(self, *, on=None):
        self.stance_reviewed_on = on or timezone.localdate()
        self.save(update_fields=["stance_reviewed_on", "updated_at"])

    @property
    def left_a_role_as_champion(self):
        """For one person: the same test as `Person.objects.champions_who_left()`."""
        return Person.objects.champions_who_left().filter(pk=self.pk).exists()


class FollowQuerySet(models.QuerySet):
    def member_keys(self):
        """Every member key (see `Person.member_keys`) that someone follows, as a set."""
        keys = set()
        for westminster, scottish in self.values_list(
            "person__parliament_member_id", "person__scottish_parliament_id"
        ).distinct():
            if westminster:
                keys.add(westminster)
            if scottish:
                keys.add(f"msp:{scottish}")
        return keys


class Follow(models.Model):
    """A user following a person: what that person asks, tables, signs and says reaches them,
    whatever its subject."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "person"], name="follow_a_person_once")
        ]

    def __str__(self):
        return f"{self.user} follows {self.person.name}"


class Role(models.Model):
    """A post someone held; ending it keeps it as history rather than overwriting it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = [F("ended_on").desc(nulls_first=True), F("started_on").desc(nulls_last=True)]
        indexes = [
            # A person's latest ended role, and whether they still hold one at an organisation
            # (`champions_who_left`, counted on every people list): one index seek each.
            models.Index(fields=["person", "ended_on", "id"], name="role_person_ended_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="role_ends_after_it_starts",
                violation_error_message="A role cannot end before it started.",
            )
        ]

    def __str__(self):
        where = f" at {self.organisation}" if self.organisation_id else ""
        return f"{self.title or 'Role'}{where}"

    @property
    def is_current(self):
        return self.ended_on is None


class InteractionQuerySet(models.QuerySet):
    def with_list_relations(self):
        return self.select_related("follow_up_owner", "recorded_by").prefetch_related(
            "people", "organisations", "campaigns", "asks"
        )

    def open_follow_ups(self):
        return self.exclude(follow_up_action="").filter(follow_up_done=False)

    def overdue_follow_ups(self, today=None):
        today = today or timezone.localdate()
        return self.open_follow_ups().filter(follow_up_due__lt=today)

    def organisations_reached(self):
        """Organisations these interactions reached: named in one, or employing someone met.

        Two uncorrelated id lists, each worked out once, rather than an OR across two joins.
        """
        named = Interaction.organisations.through.objects.filter(interaction__in=self)
        met = Interaction.people.through.objects.filter(interaction__in=self)
        return Organisation.objects.filter(
            Q(pk__in=named.values("organisation_id"))
            | Q(pk__in=met.values("person__organisation_id"))
        )

    def latest_by_area(self, areas):
        """{local area id: date of the latest of these interactions reaching an organisation there}

        Reaching it means naming an organisation in the area, or meeting someone who works at
        one. Read from the areas' side (their organisations, then their meetings), so the cost
        follows the areas asked about, not every interaction.
        """
        named = self.filter(organisations__local_area__in=areas).values_list(
            "organisations__local_area"
        )
        employing = self.filter(people__organisation__local_area__in=areas).values_list(
            "people__organisation__local_area"
        )
        latest = {}
        for rows in (named, employing):
            for area_id, last in rows.annotate(last=Max("date")).order_by():
                latest[area_id] = max(last, latest.get(area_id, last))
        return latest

    def engagement_gaps(self, since):
        """Sectors and police force areas that no interaction since `since` reached.

        {"since", "sectors": [(value, label)], "areas": [LocalArea with .last_contact]}: a fixed
        handful of queries (the organisations recent interactions reached, their sectors and
        areas, then the last contact of only the areas left out).
        """
        reached = set(
            self.filter(date__gte=since)
            .organisations_reached()
            .order_by()
            .values_list("sector", "local_area_id")
            .distinct()
        )
        seen_sectors = {sector for sector, _ in reached}
        seen_areas = {area for _, area in reached if area is not None}
        sectors = [
            (value, label)
            for value, label in Organisation.Sector.choices
            if value not in seen_sectors
        ]
        quiet = LocalArea.objects.filter(kind=LocalArea.Kind.POLICE_FORCE_AREA).exclude(
            pk__in=seen_areas
        )
        areas = list(quiet.order_by("name"))
        latest = self.filter(date__lt=since).latest_by_area(quiet.values("pk"))
        for area in areas:
            area.last_contact = latest.get(area.pk)
        return {"since": since, "sectors": sectors, "areas": areas}

    def matching(self, text):
        """Interactions whose summary or follow-up has the words of `text` (the full-text
        index: each word as a prefix, "quoted phrases" exactly), or with someone so named.

        Names are matched in the small people and organisations tables and joined back by id
        (each an uncorrelated IN list, read through the link tables' indexes rather than by
        joining every link to its person), so no row is repeated per person and no DISTINCT
        is needed over the interactions.
        """
        people = Interaction.people.through.objects.filter(
            person__in=Person.objects.filter(name__icontains=text).values("pk")
        )
        organisations = Interaction.organisations.through.objects.filter(
            organisation__in=Organisation.objects.filter(name__icontains=text).values("pk")
        )
        words = None
        if fulltext.terms(text):
            words = fulltext.matching(text, fts_table=INTERACTION_SEARCH)
            if words is not None and connection.vendor == "postgresql":
                # An id list like the names': beside the name lists an OR of the vector
                # condition itself cannot use the GIN index, so PostgreSQL read every
                # interaction's stored vector (1 s to count a common word at scale 100).
                words = Q(pk__in=Interaction.objects.filter(words).values("pk"))
        if words is None:
            words = Q(summary__icontains=text) | Q(follow_up_action__icontains=text)
        return self.filter(
            words
            | Q(pk__in=people.values("interaction_id"))
            | Q(pk__in=organisations.values("interaction_id"))
        )

    def export_rows(self, chunk_size=500):
        """Each interaction as a dict of its columns plus the names of the people,
        organisations, campaigns and asks it links (lists under those keys), read a chunk at a
        time: memory stays flat and each chunk costs one query per kind of link, however many
        interactions there are."""
        rows = self.values(
            "pk",
            "date",
            "kind",
            "summary",
            "follow_up_action",
            "follow_up_due",
            "follow_up_owner__username",
            "follow_up_done",
        ).iterator(chunk_size=chunk_size)
        links = {
            "people": (Interaction.people.through, "person__name"),
            "organisations": (Interaction.organisations.through, "organisation__name"),
            "campaigns": (Interaction.campaigns.through, "campaign__title"),
            "asks": (Interaction.asks.through, "ask__title"),
        }
        while chunk := list(itertools.islice(rows, chunk_size)):
            ids = [row["pk"] for row in chunk]
            named = {}
            for key, (through, name) in links.items():
                named[key] = collections.defaultdict(list)
                pairs = (
                    through.objects.filter(interaction_id__in=ids)
                    .order_by(name, "pk")
                    .values_list("interaction_id", name)
                )
                for interaction_id, text in pairs:
                    named[key][interaction_id].append(text)
            for row in chunk:
                yield row | {key: names.get(row["pk"], []) for key, names in named.items()}

    def reindex(self):
        """Bring the search index up to date with these interactions' summaries and
        follow-ups: a couple of statements however many there are."""
        if connection.vendor == "sqlite":
            fulltext.sqlite_reindex(INTERACTION_SEARCH, self, INTERACTION_SEARCH_COLUMNS)
        elif connection.vendor == "postgresql":
            self.update(
                search_vector=fulltext.document_vector(*INTERACTION_SEARCH_COLUMNS.values())
            )

    def involving_person(self, person):
        return self.filter(people=person)

    def involving_organisation(self, organisation):
        """Meetings with the organisation itself or with anyone who works there now.

        Two id lists rather than an OR across two joins: each row comes once (no DISTINCT),
        and the database reads the interactions only for ids on the lists.
        """
        direct = Interaction.organisations.through.objects.filter(organisation=organisation)
        via_people = Interaction.people.through.objects.filter(person__organisation=organisation)
        return self.filter(
            Q(pk__in=direct.values("interaction_id"))
            | Q(pk__in=via_people.values("interaction_id"))
        )


# The full-text index of interactions (ui/fulltext.py): an FTS5 table on SQLite (made by
# migration 0006), `Interaction.search_vector` on PostgreSQL. FTS5 column -> field indexed.
INTERACTION_SEARCH = "interaction_search"
INTERACTION_SEARCH_COLUMNS = {"summary": "summary", "follow_up": "follow_up_action"}


class Interaction(models.Model):
    """A contact with stakeholders: a meeting, call, letter, briefing or consultation response."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        EVENT = "event", "Event"
        BRIEFING = "briefing", "Briefing"
        CONSULTATION_RESPONSE = "consultation_response", "Consultation response"
        PARLIAMENTARY_QUESTION = "parliamentary_question", "Parliamentary question briefed"

    date = models.DateField(default=datetime.date.today)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.MEETING)
    people = models.ManyToManyField(Person, blank=True, related_name="interactions")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="interactions")
    campaigns = models.ManyToManyField(
        "campaigns.Campaign", blank=True, related_name="interactions"
    )
    asks = models.ManyToManyField("campaigns.Ask", blank=True, related_name="interactions")
    summary = models.TextField(help_text="What was discussed and agreed.")
    follow_up_action = models.CharField(max_length=300, blank=True)
    follow_up_due = models.DateField("follow-up due", null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    follow_up_done = models.BooleanField("follow-up done", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_interactions",
        editable=False,
    )
    # PostgreSQL's full-text index entry (GIN index, migration 0006); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # The list's default order, and date ranges in filters.
            models.Index(fields=["date", "id"], name="interaction_date_idx"),
            # Open follow-ups by due date (the follow-ups page and overdue counts). Partial, with
            # the very condition of `open_follow_ups()`, so SQLite and PostgreSQL count and page
            # them from this small index without reading the interactions' long summaries.
            models.Index(
                fields=["follow_up_due", "date"],
                condition=Q(follow_up_done=False) & ~Q(follow_up_action=""),
                name="interaction_open_follow_up_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date.day} {self.date:%b %Y}"

    def get_absolute_url(self):
        return reverse("stakeholders:interaction", args=[self.pk])

    def delete(self, *args, **kwargs):
        people = list(self.people.values_list("pk", flat=True))
        pk = self.pk
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            if connection.vendor == "sqlite":
                fulltext.sqlite_unindex(INTERACTION_SEARCH, [pk])
            Person.objects.filter(pk__in=people).refresh_last_contact()
        return deleted

    def record_change(self, people_before=()):
        """After the interaction or its links were saved: its search index entry, and the last
        contact of everyone it involves now or involved before (whose latest may be another)."""
        Interaction.objects.filter(pk=self.pk).reindex()
        people = set(people_before) | set(self.people.values_list("pk", flat=True))
        Person.objects.filter(pk__in=people).refresh_last_contact()

    def clean(self):
        if self.follow_up_due and not self.follow_up_action:
            raise ValidationError(
                {"follow_up_action": "Say what the follow-up is, or remove its due date."}
            )

    def follow_up_state(self, today=None):
        """'overdue', 'open', 'done' or '' (no follow-up), for tags in lists."""
        if not self.follow_up_action:
            return ""
        if self.follow_up_done:
            return "done"
        if self.follow_up_due and self.follow_up_due < (today or timezone.localdate()):
            return "overdue"
        return "open"


class ImportBatch(models.Model):
    """An uploaded spreadsheet, parsed and checked, waiting for its owner to apply it.

    The rows are kept here so that applying uses exactly what was previewed, never data
    re-posted by the browser.
    """

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", "Organisations"
        PEOPLE = "people", "People"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list, help_text="Problems with the file as a whole.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.get_kind_display()} from {self.filename}"

    def get_absolute_url(self):
        return reverse("stakeholders:import_preview", args=[self.pk])

    @property
    def error_count(self):
        return len(self.problems) + sum(1 for row in self.rows if row.get("errors"))

    @property
    def can_apply(self):
        return self.applied_at is None and self.error_count == 0 and bool(self.rows)
