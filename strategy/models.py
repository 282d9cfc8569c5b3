"""The charity's theory of change: the strategy every campaign, ask and opening serves."""

from django.db import models
from django.urls import reverse


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
        return f"{self.code}: {self.short_text}"

    def get_absolute_url(self):
        return reverse("strategy:element", args=[self.pk])

    @property
    def short_text(self):
        return self.text if len(self.text) <= 90 else self.text[:87].rstrip() + "…"

    @property
    def qualifier(self):
        """The audience of an outcome or the side of a lever, for display."""
        if self.audience:
            return self.get_audience_display()
        if self.side:
            return self.get_side_display()
        return ""
