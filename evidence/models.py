"""The evidence library: research, statistics and lived experience the team can cite."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from campaigns.models import Ask, Campaign
from strategy.models import Element
from ui.tags import normalise_tags, tag_filter
from ui.uploads import CONTENT_TYPES

VIEW_RESTRICTED = "evidence.view_restricted"
# What the evidence CSV writes of an item (evidence.views.item_export).
EXPORT_FIELDS = (
    "title",
    "kind",
    "confidentiality",
    "publisher",
    "published_on",
    "url",
    "summary",
    "key_findings",
    "quotable_lines",
    "tags",
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def can_view_restricted(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
        VIEW_RESTRICTED
    )


class EvidenceItemQuerySet(models.QuerySet):
    def picker_matches(self, text):
        """Items whose title or publisher contains `text`, for pickers (ui/pickers.py).

        Chain it after `visible_to(user)`: it does not decide who may see what.
        """
        return self.filter(Q(title__icontains=text) | Q(publisher__icontains=text)).order_by(
            "title", "pk"
        )

    def visible_to(self, user):
        """The one access rule: restricted items exist only for users granted access.

        Every list, page, search, export, count and download starts here, so for everyone
        else a restricted item is absent (404), not forbidden.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if can_view_restricted(user):
            return self
        return self.exclude(confidentiality=EvidenceItem.Confidentiality.RESTRICTED)

    def with_list_relations(self):
        return self.select_related("created_by").with_file_count()

    def with_file_count(self):
        # A subquery rather than a join and GROUP BY, so full-text ranking can join cleanly.
        files = (
            EvidenceFile.objects.filter(item=models.OuterRef("pk"))
            .values("item")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(file_count=Coalesce(models.Subquery(files), 0))

    def for_export(self):
        """The columns the CSV writes and no more, with each chunk's asks, campaigns and
        outcomes read by name only: the text of an item's attached files (`files_text`) and
        its search index run to tens of kilobytes an item, and an ask or campaign carries its
        own long texts, none of which the export writes."""
        return (
            self.with_file_count()
            .only(*EXPORT_FIELDS)
            .prefetch_related(
                models.Prefetch("asks", queryset=Ask.objects.only("title")),
                models.Prefetch("campaigns", queryset=Campaign.objects.only("title")),
                models.Prefetch("outcomes", queryset=Element.objects.only("code")),
            )
        )

    def tagged(self, tag):
        return self.filter(tag_filter("tags", tag))


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", "Research report"
        STATISTICS = "statistics", "Statistics"
        LIVED_EXPERIENCE = "lived_experience", "Lived experience account"
        CASE_STUDY = "case_study", "Case study"
        FEEDBACK = "feedback", "Consultancy or training feedback"
        INSPECTION = "inspection", "Inspection finding"
        PRACTICE_REVIEW = "practice_review", "Safeguarding practice review"
        PARLIAMENTARY = "parliamentary", "Parliamentary record"
        NEWS = "news", "News"

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", "Public"
        INTERNAL = "internal", "Internal"
        RESTRICTED = "restricted", "Restricted"

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESEARCH)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("date", null=True, blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    summary = models.TextField(blank=True)
    key_findings = models.TextField(blank=True, help_text="One finding per line.")
    quotable_lines = models.TextField(
        blank=True, help_text="Lines cleared for quoting, one per line."
    )
    tags = models.CharField(
        max_length=300, blank=True, help_text="Separate tags with commas, e.g. adults, APP."
    )
    confidentiality = models.CharField(
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        help_text="Restricted items are seen only by people granted access to restricted "
        "evidence; everyone else cannot find them at all.",
    )
    consent_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="Required for lived experience accounts: how and when the person agreed to "
        "this use of their account.",
    )
    review_on = models.DateField(
        "consent review date",
        null=True,
        blank=True,
        help_text="Required for lived experience accounts: when to check the consent still holds.",
    )
    asks = models.ManyToManyField("campaigns.Ask", blank=True, related_name="evidence")
    campaigns = models.ManyToManyField("campaigns.Campaign", blank=True, related_name="evidence")
    outcomes = models.ManyToManyField(
        Element,
        blank=True,
        related_name="evidence",
        limit_choices_to={"kind": Element.Kind.OUTCOME},
        verbose_name="theory of change outcomes",
    )
    files_text = models.TextField(blank=True, editable=False)
    # Filled on PostgreSQL only (SQLite keeps its index in an FTS5 table); see evidence.search.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_added",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceItemQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "title"]
        indexes = [
            # The list's order (newest first; SQLite puts dates left empty last going down, as
            # the list asks) with confidentiality, so the list is paged and counted from this
            # small index without reading the items' long texts.
            models.Index(
                fields=["-published_on", "title", "id", "confidentiality"],
                name="evidence_item_list_idx",
            )
        ]
        verbose_name = "evidence item"
        permissions = [("view_restricted", "Can see restricted evidence")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.tags = normalise_tags(self.tags)
        # Control characters have no place in prose, and search uses two as highlight markers.
        for field in ("title", "publisher", "summary", "key_findings", "quotable_lines"):
            setattr(self, field, CONTROL_CHARACTERS.sub("", getattr(self, field)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("evidence:item", args=[self.pk])

    def deletion_consequences(self):
        """What goes with this item when it is deleted, for the confirmation page."""
        files = self.files.count()
        return [f"{files} attached file{'' if files == 1 else 's'}"] if files else []

    def delete(self, *args, **kwargs):
        from evidence import search

        pk = self.pk
        result = super().delete(*args, **kwargs)
        search.unindex(pk)
        return result

    def clean(self):
        if self.kind == self.Kind.LIVED_EXPERIENCE:
            errors = {}
            if not self.consent_basis.strip():
                errors["consent_basis"] = "Record the consent basis for a lived experience account."
            if not self.review_on:
                errors["review_on"] = "Set a date to review consent for a lived experience account."
            if errors:
                raise ValidationError(errors)

    @property
    def tag_list(self):
        return [tag for tag in self.tags.split(", ") if tag]

    @property
    def is_restricted(self):
        return self.confidentiality == self.Confidentiality.RESTRICTED

    def lines(self, field):
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]

    @property
    def finding_list(self):
        return self.lines("key_findings")

    @property
    def quote_list(self):
        return self.lines("quotable_lines")


class EvidenceFile(models.Model):
    """A document attached to an item; only ever served as a download, through a check."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel workbook"
        CSV = "csv", "CSV"

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField()
    extracted_text = models.TextField(blank=True, editable=False)
    extraction_note = models.CharField(max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("evidence:file_download", args=[self.pk])

    @property
    def content_type(self):
        return CONTENT_TYPES.get(self.file_type, "application/octet-stream")
