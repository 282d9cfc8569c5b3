"""Campaigns, the asks they make of decision makers, and the consultations the team answers."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Organisation, Person
from strategy.models import Element
from ui.uploads import kind_of_stored_name


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


class CampaignQuerySet(models.QuerySet):
    def picker_matches(self, text):
        """Campaigns whose title contains `text`, for pickers (ui/pickers.py)."""
        return self.filter(title__icontains=text).order_by("title", "pk")

    def linked_to(self, element):
        """Campaigns that serve, use or face this theory-of-change element in any way."""
        return self.filter(
            Q(aims=element) | Q(outcomes=element) | Q(levers=element) | Q(blockers=element)
        ).distinct()


class Campaign(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        WON = "won", "Won"
        CLOSED = "closed", "Closed"

    class Priority(models.IntegerChoices):
        HIGH = 1, "High"
        MEDIUM = 2, "Medium"
        LOW = 3, "Low"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    aims = models.ManyToManyField(
        Element, blank=True, related_name="campaigns_as_aim", limit_choices_to={"kind": "aim"}
    )
    outcomes = models.ManyToManyField(
        Element,
        blank=True,
        related_name="campaigns_as_outcome",
        limit_choices_to={"kind": "outcome"},
        verbose_name="outcomes served",
    )
    levers = models.ManyToManyField(
        Element,
        blank=True,
        related_name="campaigns_as_lever",
        limit_choices_to={"kind": "lever"},
        verbose_name="levers used",
    )
    blockers = models.ManyToManyField(
        Element,
        blank=True,
        related_name="campaigns_as_blocker",
        limit_choices_to={"kind": "blocker"},
        verbose_name="blockers faced",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_campaigns",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, default=Rag.GREEN)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:campaign", args=[self.pk])

    def deletion_blocked_by(self):
        """Why this campaign may not be deleted, in GOV.UK words, or "" when it may."""
        asks = self.asks.count()
        if not asks:
            return ""
        moves = AskStatusChange.objects.filter(ask__campaign=self).count()
        return (
            f"It has {plural(asks, 'ask')} with {plural(moves, 'status change')}. Deleting it"
            " would lose what was asked and how far it got. Close the campaign instead: it"
            " leaves the active lists and keeps its history."
        )

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A campaign cannot end before it starts."})


class AskQuerySet(models.QuerySet):
    def picker_matches(self, text):
        """Asks whose title, or whose campaign's title, contains `text`, for pickers."""
        return (
            self.filter(Q(title__icontains=text) | Q(campaign__title__icontains=text))
            .select_related("campaign")
            .order_by("title", "pk")
        )

    def open(self):
        return self.exclude(status__in=Ask.CLOSED_STATUSES)

    def with_list_relations(self):
        return self.select_related("campaign", "owner").prefetch_related(
            "target_organisations", "target_people"
        )

    def for_export(self):
        """What the asks CSV writes and no more: each chunk's targets by name alone, as a
        target person or organisation carries notes and contact details the export never
        writes (megabytes a chunk at a charity's volume)."""
        return (
            self.select_related("campaign", "owner")
            .only("title", "status", "status_changed_at", "campaign__title", "owner__username")
            .prefetch_related(None)
            .prefetch_related(
                models.Prefetch("target_organisations", Organisation.objects.only("name")),
                models.Prefetch("target_people", Person.objects.only("name")),
            )
        )

    def count_by_status(self):
        counts = dict(self.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        return [(value, label, counts.get(value, 0)) for value, label in Ask.Status.choices]


class Ask(models.Model):
    """The specific change a campaign wants from a target, moved along a dated pipeline."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", "Drafted"
        MADE = "made", "Made"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        UNDER_CONSIDERATION = "under_consideration", "Under consideration"
        COMMITTED = "committed", "Committed"
        IMPLEMENTED = "implemented", "Implemented"
        REJECTED = "rejected", "Rejected"

    CLOSED_STATUSES = (Status.IMPLEMENTED, Status.REJECTED)

    # PROTECT: a campaign's asks and their dated progress are the record of influence; a campaign
    # with asks is closed, not deleted (the delete page says so and offers to close it).
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="asks")
    title = models.CharField("the ask", max_length=300)
    detail = models.TextField(blank=True)
    target_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="asks_received"
    )
    target_people = models.ManyToManyField(Person, blank=True, related_name="asks_received")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFTED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_asks",
    )
    outcomes = models.ManyToManyField(
        Element,
        blank=True,
        related_name="asks",
        limit_choices_to={"kind": "outcome"},
        verbose_name="outcomes served",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AskQuerySet.as_manager()

    class Meta:
        ordering = ["campaign__title", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:ask", args=[self.pk])

    def deletion_consequences(self):
        """What goes with this ask when it is deleted, for the confirmation page."""
        consequences = []
        moves = self.status_changes.count()
        if moves:
            consequences.append(
                f"its {plural(moves, 'status change')} (the progress shown on the overview"
                " and the leadership dashboard)"
            )
        targets = self.target_organisations.count() + self.target_people.count()
        if targets:
            consequences.append(f"its links to {plural(targets, 'target')}")
        links = self.evidence.count() + self.openings.count() + self.outcomes.count()
        if links:
            consequences.append(
                f"{plural(links, 'link')} from evidence, openings and outcomes"
                " (the evidence and openings themselves stay)"
            )
        return consequences

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    def move_to(self, status, *, by=None, note="", when=None):
        """Change status and keep the change as dated history; returns the change or None."""
        if status == self.status:
            return None
        when = when or timezone.now()
        with transaction.atomic():
            change = AskStatusChange.objects.create(
                ask=self,
                from_status=self.status,
                to_status=status,
                changed_at=when,
                changed_by=by,
                note=note,
            )
            self.status = status
            self.status_changed_at = when
            self.save(update_fields=["status", "status_changed_at", "updated_at"])
        return change


class AskStatusChange(models.Model):
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Ask.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Ask.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.ask}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ConsultationQuerySet(models.QuerySet):
    def by_deadline(self):
        # Open consultations first, soonest deadline first; undated ones last.
        return self.order_by(models.F("closes_on").asc(nulls_last=True), "title")

    def awaiting_response(self):
        return self.exclude(response_status=Consultation.ResponseStatus.SUBMITTED)

    def closing_within(self, days, *, today=None):
        today = today or timezone.localdate()
        return self.awaiting_response().filter(
            closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=days)
        )

    def overdue(self, *, today=None):
        today = today or timezone.localdate()
        return self.awaiting_response().filter(closes_on__lt=today)

    def counts(self, *, today=None):
        today = today or timezone.localdate()
        soon = today + datetime.timedelta(days=Consultation.CLOSING_SOON_DAYS)
        waiting = ~Q(response_status=Consultation.ResponseStatus.SUBMITTED)
        return self.aggregate(
            total=Count("id"),
            closing_soon=Count("id", filter=waiting & Q(closes_on__gte=today, closes_on__lte=soon)),
            overdue=Count("id", filter=waiting & Q(closes_on__lt=today)),
        )


class Consultation(models.Model):
    """A guidance consultation, call for evidence or inquiry, and the charity's response to it."""

    CLOSING_SOON_DAYS = 14

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Guidance consultation"
        CALL_FOR_EVIDENCE = "call_for_evidence", "Call for evidence"
        INQUIRY = "inquiry", "Inquiry"
        STATUTORY_GUIDANCE = "statutory_guidance", "Statutory guidance review"

    class ResponseStatus(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFTING = "drafting", "Drafting"
        IN_REVIEW = "in_review", "In review"
        SUBMITTED = "submitted", "Submitted"

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONSULTATION)
    body = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name="body running it",
    )
    url = models.URLField("link", max_length=500, blank=True)
    opens_on = models.DateField("opens", null=True, blank=True)
    closes_on = models.DateField("closes", null=True, blank=True)
    response_status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    response_document = models.FileField(upload_to="consultations/%Y/", blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_consultations",
    )
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="consultations")
    asks = models.ManyToManyField(Ask, blank=True, related_name="consultations")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = [models.F("closes_on").asc(nulls_last=True), "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:consultation", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "A consultation cannot close before it opens."})

    @property
    def response_document_kind(self):
        """'pdf' or 'docx' as detected when uploaded (the neutral stored name's extension);
        None for a file an older Waymark stored under the sender's own name."""
        if not self.response_document:
            return None
        return kind_of_stored_name(self.response_document.name)

    def deadline_state(self, today=None):
        """'overdue', 'closing_soon', 'open' or '' (answered or undated), for flags in lists."""
        if self.response_status == self.ResponseStatus.SUBMITTED or not self.closes_on:
            return ""
        today = today or timezone.localdate()
        if self.closes_on < today:
            return "overdue"
        if self.closes_on <= today + datetime.timedelta(days=self.CLOSING_SOON_DAYS):
            return "closing_soon"
        return "open"

    def days_left(self, today=None):
        if not self.closes_on:
            return None
        return (self.closes_on - (today or timezone.localdate())).days
