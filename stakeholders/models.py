"""Everyone the charity influences: organisations, the people in them, and local areas."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


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

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="unique_local_area_name_per_kind")
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
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
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_organisation_name_ignoring_case",
                violation_error_message="An organisation with this name already exists.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:organisation", args=[self.pk])


class Person(models.Model):
    class Stance(models.TextChoices):
        CHAMPION = "champion", "Champion"
        SUPPORTIVE = "supportive", "Supportive"
        NEUTRAL = "neutral", "Neutral"
        SCEPTICAL = "sceptical", "Sceptical"
        OPPOSED = "opposed", "Opposed"

    class House(models.TextChoices):
        COMMONS = "commons", "House of Commons"
        LORDS = "lords", "House of Lords"

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
    house = models.CharField(max_length=10, choices=House.choices, blank=True)
    party = models.CharField(max_length=100, blank=True)
    constituency = models.CharField(max_length=150, blank=True)
    influence = models.PositiveSmallIntegerField(
        default=3,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text="1 (little) to 5 (decisive) influence over missing policy or practice.",
    )
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.NEUTRAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_people",
        verbose_name="relationship owner",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:person", args=[self.pk])
