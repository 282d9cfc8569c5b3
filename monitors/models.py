"""Monitored sources, the items they find, and the openings officers act on.

An Item is one thing published somewhere (a written question, a consultation, a report), stored
once however many sources find it: its canonical URL is unique, and each source's own id for it
is kept in a Sighting. An Opening is an item (or a change to a watched page) that the relevance
filter judged to be about people going missing, with what the team decided to do about it.
"""

from __future__ import annotations

import datetime
from dataclasses import fields as dataclass_fields

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Ask, Campaign, Consultation
from stakeholders.models import LocalArea, Organisation, Person
from strategy.models import Element

# Rows per INSERT when a scan stores items, sightings and openings. Django prepares every value
# of a statement as its own small lists and tuples before sending it; with ten rows at a time
# few of them are still alive when Python's garbage collector next looks, so few are carried
# into its oldest generation, whose full collections (about 75 ms each, over everything Django
# has loaded) were a fifth of a first scan's time with SQLite's largest statements (45 items).
# Measured in docs/monitors.md, "Benchmark"; more statements cost far less than they save.
ROWS_PER_INSERT = 10


class LeverType(models.TextChoices):
    """The kind of opening for change an item represents, in the team's words."""

    INSPECTION_FINDING = "inspection_finding", "Inspection finding"
    PARLIAMENTARY_INTEREST = "parliamentary_interest", "Parliamentary interest"
    CONSULTATION = "consultation", "Consultation or call for evidence"
    HIGH_PROFILE_INCIDENT = "high_profile_incident", "High-profile incident"
    SAFEGUARDING_REVIEW = "safeguarding_review", "Safeguarding practice review"
    PUBLIC_PRESSURE = "public_pressure", "Public pressure"
    GUIDANCE_CHANGE = "guidance_change", "Guidance change"


# Where a lever type matches one of the theory of change's levers for change, by code.
LEVER_ELEMENT_CODES = {
    LeverType.INSPECTION_FINDING: "LE1",
    LeverType.PUBLIC_PRESSURE: "LE4",
    LeverType.HIGH_PROFILE_INCIDENT: "LE5",
    LeverType.SAFEGUARDING_REVIEW: "LE6",
}


class SourceQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(enabled=True, next_check_at__lte=now).order_by("next_check_at", "pk")

    def failing(self):
        return self.filter(health=Source.Health.FAILING)

    def with_counts(self):
        """`item_count` and `opening_count`, each counted in its own subquery per source.

        Two counts over joins would multiply a source's sightings by its openings before
        counting (hundreds of millions of rows at a charity's volume); a subquery each reads
        only that source's rows, through the index on `source`. COUNT(*), not COUNT(id): with
        no column to read, PostgreSQL counts from the index alone instead of visiting each of
        the 10,000 rows a busy source has (650 ms for the page at scale 100, 100 ms after).
        """

        def count(model):
            rows = (
                model.objects.filter(source=models.OuterRef("pk"))
                .order_by()
                .values("source")
                .annotate(n=models.Count("*"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows), 0)

        return self.annotate(item_count=count(Sighting), opening_count=count(Opening))


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", "Feed (RSS, Atom or RDF)"
        WRITTEN_QUESTIONS = "parliament-written-questions", "Parliament written questions"
        EDMS = "parliament-edms", "Early day motions"
        BILLS = "parliament-bills", "Parliament bills"
        COMMITTEES = "parliament-committees", "Parliament committees"
        HANSARD = "hansard", "Hansard"
        GOVUK_SEARCH = "govuk-search", "GOV.UK search"
        GOVUK_CONTENT = "govuk-content", "GOV.UK content item"
        HTML = "html", "Listing page (CSS selectors)"
        PAGE = "page", "Watched page"
        SCOTTISH_PARLIAMENT = "scottish-parliament", "Scottish Parliament questions and motions"

    class Health(models.TextChoices):
        UNKNOWN = "unknown", "Not checked yet"
        HEALTHY = "healthy", "Healthy"
        FAILING = "failing", "Failing"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    url = models.URLField("address", max_length=1000)
    every = models.DurationField("check every", default=datetime.timedelta(hours=6))
    enabled = models.BooleanField(default=True)
    options = models.JSONField(default=dict, blank=True)
    lever_type = models.CharField(
        "kind of opening",
        max_length=30,
        choices=LeverType.choices,
        blank=True,
        help_text="Leave blank to use the usual kind for this source type.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitored_sources",
        help_text="Told when the source keeps failing.",
    )
    backfill_days = models.PositiveSmallIntegerField(
        default=30, help_text="On the first scan, only items this recent become openings."
    )
    follow_documents = models.BooleanField(
        "read linked documents",
        default=False,
        help_text="Fetch each relevant item's document and quote its passages about missing.",
    )
    # Conditional requests and scheduling.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    # SHA-256 of the last response read, when it was the whole listing (one page) and read
    # cleanly: the same bytes again mean nothing changed, for servers that send no ETag.
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Health.
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    health = models.CharField(
        max_length=10, choices=Health.choices, default=Health.UNKNOWN, editable=False
    )
    last_item_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_scanned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A watched page's readable text, to compare the next version against.
    page_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitors:source", args=[self.pk])

    @property
    def default_lever_type(self) -> str:
        return self.lever_type or DEFAULT_LEVER_TYPES.get(self.kind, "")

    def every_display(self) -> str:
        return format_interval(self.every)

    def is_failing(self) -> bool:
        return self.health == self.Health.FAILING


DEFAULT_LEVER_TYPES = {
    Source.Kind.WRITTEN_QUESTIONS: LeverType.PARLIAMENTARY_INTEREST,
    Source.Kind.EDMS: LeverType.PARLIAMENTARY_INTEREST,
    Source.Kind.BILLS: LeverType.PARLIAMENTARY_INTEREST,
    Source.Kind.HANSARD: LeverType.PARLIAMENTARY_INTEREST,
    Source.Kind.SCOTTISH_PARLIAMENT: LeverType.PARLIAMENTARY_INTEREST,
    Source.Kind.COMMITTEES: LeverType.CONSULTATION,
    Source.Kind.GOVUK_SEARCH: LeverType.CONSULTATION,
    Source.Kind.GOVUK_CONTENT: LeverType.CONSULTATION,
    Source.Kind.PAGE: LeverType.GUIDANCE_CHANGE,
}


def format_interval(every: datetime.timedelta) -> str:
    """ "30m", "6h", "1d": the way monitors.toml writes intervals."""
    seconds = int(every.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class Item(models.Model):
    # Not unique: two entries of one source may share an address (see ingest.entry_keys).
    url = models.URLField("address", max_length=1000, db_index=True)
    source = models.ForeignKey(
        Source,
        null=True,
        on_delete=models.SET_NULL,
        related_name="items_found_first",
        help_text="The source that found it first.",
    )
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    published = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    opens = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    organisations = models.JSONField(default=list, blank=True)
    member_ids = models.JSONField(default=list, blank=True)
    document_url = models.URLField(max_length=1000, blank=True)
    passages = models.JSONField(default=list, blank=True, help_text="[{page, text}]")
    extra = models.JSONField(default=dict, blank=True)
    score = models.FloatField(default=0.0)
    topics = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    relevant = models.BooleanField(default=False, db_index=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-pk"]

    def __str__(self):
        return self.title

    def reason_objects(self) -> list:
        return reasons_from_json(self.reasons)


def reasons_to_json(reasons) -> list[dict]:
    reasons = list(reasons)
    if not reasons:
        return []
    names = [field.name for field in dataclass_fields(reasons[0])]
    return [{name: getattr(reason, name) for name in names} for reason in reasons]


def reasons_from_json(rows) -> list:
    """Stored reasons back as relevance.Reason objects; keys from an older or newer layout are
    tolerated."""
    import relevance

    names = [f.name for f in dataclass_fields(relevance.Reason)]
    defaults = {"phrase": "", "start": 0, "end": 0, "field": "", "weight": 0.0, "passage": ""}
    reasons = []
    for row in rows or []:
        values = {name: row.get(name, defaults.get(name, "")) for name in names}
        reasons.append(relevance.Reason(**values))
    return reasons


class Sighting(models.Model):
    """A source's own id for an item, so re-fetching maps to the item already stored."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sightings")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sightings")
    external_id = models.CharField(max_length=1000)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="monitors_sighting_unique_source_id"
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.external_id}"


class OpeningQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Opening.Status.NEW)

    def open(self):
        return self.filter(status__in=[Opening.Status.NEW, Opening.Status.IN_PROGRESS])

    def since(self, when):
        return self.filter(created_at__gte=when)

    def for_topics(self, topics):
        """Openings tagged with any of these topic slugs."""
        condition = models.Q()
        for topic in topics:
            # Topics are stored as a JSON list of slugs; the quoted slug matches one element
            # on every database (SQLite cannot do JSON containment).
            condition |= models.Q(topics__icontains=f'"{topic}"')
        return self.filter(condition) if topics else self

    def assigned_to(self, user):
        return self.filter(assignee=user)

    # Where an opening is created: a scan (monitors.ingest) calls these for what it judged.

    def create_for_items(self, items, *, source, now, lever_type, lever, revision="", change=""):
        """Open each item ({item id: item}) once; the (opening id, item id) pairs made here.

        The unique item/revision constraint holds under races: a concurrent scan's opening is
        skipped, and only what this call made (its own `created_at`) is read back.
        """
        self.bulk_create(
            [
                Opening(
                    item_id=pk,
                    revision=revision,
                    change=change,
                    source_id=source.pk,
                    published=item.published or item.updated,
                    lever_type=lever_type,
                    lever_id=lever.pk if lever else None,
                    score=item.score,
                    topics=item.topics,
                    reasons=item.reasons,
                    created_at=now,
                    followed_only=not item.relevant,
                )
                for pk, item in items.items()
            ],
            batch_size=ROWS_PER_INSERT,
            ignore_conflicts=True,
        )
        return list(
            self.filter(
                item__in=list(items), revision=revision, created_at=now, source=source
            ).values_list("id", "item_id")
        )

    def create_for_change(self, item, *, revision, diff, source, now, lever_type, lever, scored):
        """Open a watched page's change once per revision; None if it was already open."""
        opening, created = self.get_or_create(
            item=item,
            revision=revision,
            defaults={
                "source": source,
                "change": diff,
                "published": now,
                "lever_type": lever_type,
                "lever": lever,
                "score": scored["score"],
                "topics": scored["topics"],
                "reasons": scored["reasons"],
                "created_at": now,
            },
        )
        return opening if created else None

    def with_list_relations(self):
        return self.select_related("item", "source", "assignee", "lever")

    def for_export(self):
        """What monitors.export.as_record reads and no more: of the item its title and
        address, not its body, passages and extra data (tens of kilobytes an opening)."""
        return (
            self.select_related(None)
            .select_related("item", "source", "lever")
            .only(
                "item__title",
                "item__url",
                "revision",
                "source__name",
                "published",
                "score",
                "topics",
                "lever_type",
                "lever__text",
                "status",
                "reasons",
            )
        )


class Opening(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        ACTIONED = "actioned", "Actioned"
        DISMISSED = "dismissed", "Dismissed"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="openings")
    # Blank for an item; the page's content hash for a watched-page change, so each distinct
    # change opens once.
    revision = models.CharField(max_length=64, blank=True, default="")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="openings"
    )
    change = models.TextField(
        "what changed", blank=True, help_text="For a watched page: lines added and removed."
    )
    published = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_openings",
    )
    notes = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    lever_type = models.CharField(
        "kind of opening", max_length=30, choices=LeverType.choices, blank=True
    )
    lever = models.ForeignKey(
        Element,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="openings",
        limit_choices_to={"kind": Element.Kind.LEVER},
        verbose_name="lever for change",
    )
    score = models.FloatField(default=0.0)
    topics = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="openings")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="openings")
    areas = models.ManyToManyField(LocalArea, blank=True, related_name="openings")
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="openings")
    asks = models.ManyToManyField(Ask, blank=True, related_name="openings")
    consultation = models.ForeignKey(
        Consultation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="openings",
        help_text="The consultation created from this opening.",
    )
    # What was done from this opening elsewhere in Waymark: [{kind, label, url, at, by}].
    actions = models.JSONField(default=list, blank=True)
    # Opened only because someone follows the member who asked, tabled or said it: the item is
    # not about missing people, so it goes to that member's followers alone.
    followed_only = models.BooleanField(default=False, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "revision"], name="monitors_opening_unique_item_revision"
            ),
        ]
        indexes = [
            # A source's page: its latest openings read in order from the index (without it
            # every opening of a busy source was joined to its item and sorted to show ten),
            # and its counts by status read from the index alone.
            models.Index(fields=["source", "created_at", "id"], name="opening_source_latest_idx"),
            models.Index(fields=["source", "status"], name="opening_source_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitors:opening", args=[self.pk])

    @property
    def title(self) -> str:
        if self.revision:
            return f"Page changed: {self.item.title}"
        return self.item.title

    @property
    def url(self) -> str:
        return self.item.url

    def topic_labels(self) -> list[str]:
        from relevance import topic_label

        return [topic_label(topic) for topic in self.topics]

    def reason_objects(self) -> list:
        return reasons_from_json(self.reasons)

    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)

    def _set_status(self, status, when=None):
        if self.status != status:
            self.status = status
            self.status_changed_at = when or timezone.now()

    def accept(self, by, *, when=None):
        """Take the opening on: it is in progress and, as a label, relevant."""
        if self.status in (self.Status.NEW, self.Status.DISMISSED):
            self._set_status(self.Status.IN_PROGRESS, when)
        if self.assignee_id is None and by is not None:
            self.assignee = by
        self.save()
        TriageDecision.record(self, by, relevant=True, when=when)

    def dismiss(self, by, note="", *, when=None):
        """Not worth acting on; kept as a "not relevant" label to tune the filter."""
        self._set_status(self.Status.DISMISSED, when)
        if note:
            self.notes = f"{self.notes}\n{note}".strip()
        self.save()
        TriageDecision.record(self, by, relevant=False, note=note, when=when)

    def assign(self, user, by=None, *, when=None):
        self.assignee = user
        if user is not None and self.status == self.Status.NEW:
            self._set_status(self.Status.IN_PROGRESS, when)
        self.save()

    def mark_actioned(self, by=None, *, when=None):
        self._set_status(self.Status.ACTIONED, when)
        self.save()
        TriageDecision.record(self, by, relevant=True, when=when)

    def record_action(self, kind: str, label: str, url: str, by=None, *, when=None, object_id=None):
        """Note something done from this opening (a consultation created, evidence saved).

        `label` is the record's name at the time; pages show actions through
        `monitors.actions.actions_for`, which names evidence by `object_id` as the reader
        may see it now.
        """
        when = when or timezone.now()
        entry = {
            "kind": kind,
            "label": label,
            "url": url,
            "at": when.isoformat(),
            "by": by.get_username() if by is not None else "",
        }
        if object_id is not None:
            entry["id"] = object_id
        self.actions = [*self.actions, entry]
        if self.status in (self.Status.NEW, self.Status.DISMISSED):
            self._set_status(self.Status.IN_PROGRESS, when)
        if self.assignee_id is None and by is not None:
            self.assignee = by
        self.save()
        # Acting on an opening says it was relevant: the newest decision, so it supersedes an
        # earlier dismissal (by anyone) in what tune_relevance learns.
        TriageDecision.record(self, by, relevant=True, when=when)


class TriageDecision(models.Model):
    """An officer's call on whether an opening was about people going missing.

    One per officer per opening (the latest call wins); together they are the labels
    `tune_relevance` learns from.
    """

    class Decision(models.TextChoices):
        RELEVANT = "relevant", "Relevant"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "user"], name="monitors_triage_one_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.opening}: {self.get_decision_display()}"

    @classmethod
    def record(cls, opening, user, *, relevant: bool, note: str = "", when=None):
        decision = cls.Decision.RELEVANT if relevant else cls.Decision.NOT_RELEVANT
        row, _ = cls.objects.update_or_create(
            opening=opening,
            user=user,
            defaults={
                "decision": decision,
                "note": note[:500],
                "created_at": when or timezone.now(),
            },
        )
        return row


class RelevanceWeights(models.Model):
    """The one row of weights learned from triage decisions, used by every scan."""

    weights = models.TextField(help_text="relevance.Weights as JSON.")
    trained_on = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "relevance weights"

    def __str__(self):
        return f"Weights learned from {self.trained_on} decisions"

    @classmethod
    def current(cls):
        """The learned relevance.Weights, or None to use the built-in ones."""
        from relevance import Weights

        row = cls.objects.filter(pk=1).first()
        return Weights.from_json(row.weights) if row else None

    @classmethod
    def store(cls, weights, *, trained_on: int, now=None):
        row, _ = cls.objects.update_or_create(
            pk=1,
            defaults={
                "weights": weights.to_json(),
                "trained_on": trained_on,
                "updated_at": now or timezone.now(),
            },
        )
        return row


class ScanRun(models.Model):
    """One scan of one source, updated as it goes so the page can show its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        NOT_MODIFIED = "not_modified", "Unchanged"
        FAILED = "failed", "Failed"
        # Its worker stopped mid-scan (killed, restarted, out of time): see recover_stale_scans.
        INTERRUPTED = "interrupted", "Interrupted"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life from the worker running it; renewed at every stage with the claim.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    fetched = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(
        default=0, help_text="Entries joined to an item another source had already stored."
    )
    openings = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M}"

    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)
