"""The charity's theory of change: the strategy every campaign, ask and opening serves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Organisation


class ElementQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def aims(self):
        return self.filter(kind=Element.Kind.AIM)

    def outcomes(self):
        return self.filter(kind=Element.Kind.OUTCOME)

    def levers(self):
        return self.filter(kind=Element.Kind.LEVER)

    def blockers(self):
        return self.filter(kind=Element.Kind.BLOCKER)

    def with_latest_review(self):
        """Annotate `review_status`, `review_note` and `reviewed_on` from the newest review."""
        latest = ElementReview.objects.filter(element=OuterRef("pk")).order_by(
            "-reviewed_on", "-id"
        )
        return self.annotate(
            review_status=Subquery(latest.values("status")[:1]),
            review_note=Subquery(latest.values("note")[:1]),
            reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
        )


class Element(models.Model):
    """One statement of the theory of change: the goal, an aim, an outcome, a lever, ..."""

    class Kind(models.TextChoices):
        GOAL = "goal", "Goal"
        AIM = "aim", "Aim"
        PRIORITY = "priority", "Priority"
        ACTIVITY = "activity", "Activity"
        OUTCOME = "outcome", "Outcome"
        MENTAL_MODEL = "mental_model", "Mental model to address"
        LEVER = "lever", "Lever for change"
        ASSUMPTION = "assumption", "Assumption"
        BLOCKER = "blocker", "Blocker"

    class Audience(models.TextChoices):
        PEOPLE_AND_FAMILIES = "people_families", "Missing people and their families"
        PROFESSIONALS = "professionals", "Professionals"
        PARTNERS = "partners", "Multi-agency partners"

    class Side(models.TextChoices):
        INTERNAL = "internal", "Missing People"
        EXTERNAL = "external", "External"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(
        max_length=12, unique=True, help_text="Short reference, e.g. A1 for the first aim."
    )
    text = models.TextField()
    audience = models.CharField(max_length=20, choices=Audience.choices, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ElementQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order"]

    def __str__(self):
        # In full: the team chooses and cites these statements, so a cut one misleads.
        return f"{self.code}: {self.text}"

    def get_absolute_url(self):
        return reverse("strategy:element", args=[self.pk])

    @property
    def review_status_label(self):
        """The label of the `review_status` annotated by `with_latest_review()`."""
        status = getattr(self, "review_status", None)
        return ElementReview.Status(status).label if status else ""

    @property
    def review_tag_colour(self):
        return ElementReview.TAG_COLOURS.get(getattr(self, "review_status", None), "grey")

    @property
    def qualifier(self):
        """The audience of an outcome or the side of a lever, for display."""
        if self.audience:
            return self.get_audience_display()
        if self.side:
            return self.get_side_display()
        return ""


class Agreement(models.IntegerChoices):
    """The five-point scale on which participants say how far an outcome is true for them."""

    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class ActivityDeliveryQuerySet(models.QuerySet):
    def with_list_relations(self):
        return self.select_related(
            "activity", "local_area", "campaign", "recorded_by"
        ).prefetch_related("organisations")

    def with_feedback_count(self):
        """`feedback_count`: answers given about each delivery, as a subquery per row (worked
        out for the rows shown, not grouped over every delivery before the page is cut)."""
        answers = (
            OutcomeFeedback.objects.filter(delivery=OuterRef("pk"))
            .order_by()
            .values("delivery")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(feedback_count=Coalesce(Subquery(answers), 0))

    def for_export(self):
        """The activities CSV's columns and no more: organisations by name, and not the
        activity statement's or the area's other texts."""
        return (
            self.select_related("activity", "local_area", "campaign")
            .only(
                "date",
                "activity__code",
                "activity__text",
                "title",
                "local_area__name",
                "people_reached",
                "campaign__title",
                "notes",
            )
            .prefetch_related(models.Prefetch("organisations", Organisation.objects.only("name")))
            .with_feedback_count()
        )


class ActivityDelivery(models.Model):
    """One delivery of an activity of the theory of change: a training day, a record review, ..."""

    activity = models.ForeignKey(
        Element,
        on_delete=models.PROTECT,
        related_name="deliveries",
        limit_choices_to={"kind": Element.Kind.ACTIVITY},
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. “Return home interview training”."
    )
    date = models.DateField(default=timezone.localdate)
    organisations = models.ManyToManyField(
        "stakeholders.Organisation", blank=True, related_name="activity_deliveries"
    )
    local_area = models.ForeignKey(
        "stakeholders.LocalArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_deliveries",
    )
    people_reached = models.PositiveIntegerField(default=0)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_deliveries",
        verbose_name="linked campaign",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_deliveries",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "activity delivered"
        verbose_name_plural = "activities delivered"
        indexes = [models.Index(fields=["date", "id"], name="activity_delivery_date_idx")]

    def __str__(self):
        name = self.title or self.activity.text
        return f"{name} on {self.date.day} {self.date:%b %Y}"

    def get_absolute_url(self):
        return reverse("strategy:delivery", args=[self.pk])

    def clean(self):
        if self.activity_id and self.activity.kind != Element.Kind.ACTIVITY:
            raise ValidationError({"activity": "Choose one of the theory of change's activities."})


class OutcomeFeedbackQuerySet(models.QuerySet):
    def summary_by_outcome(self):
        """{outcome id: {responses, average, agreeing, disagreeing}} computed in the database."""
        rows = self.values("outcome_id").annotate(
            responses=Count("id"),
            average=Avg("agreement"),
            agreeing=Count("id", filter=Q(agreement__gte=Agreement.AGREE)),
            disagreeing=Count("id", filter=Q(agreement__lte=Agreement.DISAGREE)),
        )
        return {row.pop("outcome_id"): row for row in rows}

    def distribution(self):
        """[(agreement value, label, count)] over the whole scale, zeros included."""
        counts = dict(self.values_list("agreement").annotate(n=Count("id")))
        return [(value, label, counts.get(value, 0)) for value, label in Agreement.choices]

    def for_export(self):
        """The feedback CSV's columns and no more: of the delivery what names it, and not the
        area's or the delivery's notes."""
        return self.select_related("outcome", "local_area", "delivery", "delivery__activity").only(
            "date",
            "outcome__code",
            "outcome__text",
            "agreement",
            "local_area__name",
            "respondent_audience",
            "respondent_role",
            "comment",
            "delivery__title",
            "delivery__date",
            "delivery__activity__text",
        )


class OutcomeFeedback(models.Model):
    """One participant's answer on how far an outcome statement of the theory of change holds."""

    outcome = models.ForeignKey(
        Element,
        on_delete=models.PROTECT,
        related_name="feedback",
        limit_choices_to={"kind": Element.Kind.OUTCOME},
    )
    delivery = models.ForeignKey(
        ActivityDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        verbose_name="after which delivery",
    )
    date = models.DateField(default=timezone.localdate)
    local_area = models.ForeignKey(
        "stakeholders.LocalArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcome_feedback",
    )
    respondent_audience = models.CharField(
        "respondent is", max_length=20, choices=Element.Audience.choices, blank=True
    )
    respondent_role = models.CharField(
        max_length=150, blank=True, help_text="e.g. Police sergeant, social worker, parent."
    )
    agreement = models.PositiveSmallIntegerField(choices=Agreement.choices)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_feedback",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "outcome feedback"
        verbose_name_plural = "outcome feedback"
        # The feedback list's order, and the outcomes dashboard's counts (per outcome and
        # answer, and per month in a date range) read from covering indexes, not the answers.
        indexes = [
            models.Index(fields=["date", "id"], name="outcome_feedback_date_idx"),
            models.Index(fields=["outcome", "agreement"], name="outcome_feedback_answer_idx"),
            models.Index(
                fields=["date", "outcome", "agreement"], name="outcome_feedback_month_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_agreement_display()}: {self.outcome.code}"

    def save(self, *args, **kwargs):
        # Feedback from a delivery happened where the delivery did unless said otherwise.
        if self.delivery_id and not self.local_area_id:
            self.local_area_id = self.delivery.local_area_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("strategy:element", args=[self.outcome_id])

    def clean(self):
        if self.outcome_id and self.outcome.kind != Element.Kind.OUTCOME:
            raise ValidationError({"outcome": "Choose one of the theory of change's outcomes."})


class ElementReview(models.Model):
    """What the team sees of an assumption or blocker, dated, so reviews start from facts."""

    REVIEWABLE_KINDS = (Element.Kind.ASSUMPTION, Element.Kind.BLOCKER)

    class Status(models.TextChoices):
        HOLDING = "holding", "Holding"
        WEAKENING = "weakening", "Weakening"
        FAILED = "failed", "Failed"

    TAG_COLOURS = {Status.HOLDING: "green", Status.WEAKENING: "orange", Status.FAILED: "red"}

    element = models.ForeignKey(
        Element,
        on_delete=models.CASCADE,
        related_name="reviews",
        limit_choices_to={"kind__in": REVIEWABLE_KINDS},
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField(help_text="What the team is seeing, with where it came from.")
    reviewed_on = models.DateField(default=timezone.localdate)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="element_reviews",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        get_latest_by = ["reviewed_on", "id"]

    def __str__(self):
        return f"{self.element.code} {self.get_status_display().lower()} on {self.reviewed_on}"

    def get_absolute_url(self):
        return reverse("strategy:element", args=[self.element_id])

    def clean(self):
        if self.element_id and self.element.kind not in self.REVIEWABLE_KINDS:
            raise ValidationError("Only assumptions and blockers are reviewed.")

    @property
    def tag_colour(self):
        return self.TAG_COLOURS.get(self.status, "grey")
