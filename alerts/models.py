"""Who follows which openings, and every digest and alert Waymark has emailed."""

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from monitors.models import Opening


class OpeningInterest(models.Model):
    """Which openings someone or something follows: a subscriber's alerts or a chat channel.

    One matching rule for both, so a `[[channel]]` and a `[[subscription]]` with the same keys
    follow the same openings. Subclasses add `sources` and `campaigns` many-to-many fields.
    """

    everything = models.BooleanField(
        "all openings",
        default=True,
        help_text="Follow every opening. Untick to follow only the topics, sources, campaigns "
        "and levers chosen below.",
    )
    topics = models.JSONField(default=list, blank=True)
    lever_types = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def follows(self, opening_facts):
        """Whether an opening (as `OpeningFacts`) matches what this follows.

        An opening made only because someone follows its member (not about missing people)
        goes to that member's followers alone (see `Subscription.follows`), however wide the
        other settings.
        """
        if opening_facts.followed_only:
            return False
        if self.everything:
            return True
        if set(self.topics) & set(opening_facts.topics):
            return True
        if opening_facts.lever_type and opening_facts.lever_type in self.lever_types:
            return True
        if opening_facts.source_id in self.followed_source_ids:
            return True
        return bool(self.followed_campaign_ids & set(opening_facts.campaign_ids))

    @cached_property
    def followed_source_ids(self):
        return {source.pk for source in self.sources.all()}

    @cached_property
    def followed_campaign_ids(self):
        return {campaign.pk for campaign in self.campaigns.all()}


def newest_opening_id():
    """Where a new follower starts: after every opening found so far, so no flood of old ones."""
    return Opening.objects.aggregate(newest=Max("id"))["newest"] or 0


class Subscription(OpeningInterest):
    """One user's alert settings and the high-water mark of what they have been sent."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "Immediately, one email per important opening"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest (Mondays)"
        NONE = "none", "No emails"

    class Grouping(models.TextChoices):
        TOPIC = "topic", "By topic"
        CAMPAIGN = "campaign", "By campaign"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscription"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.NONE)
    sources = models.ManyToManyField("monitors.Source", blank=True, related_name="subscriptions")
    campaigns = models.ManyToManyField(
        "campaigns.Campaign", blank=True, related_name="subscriptions"
    )
    people_i_follow = models.BooleanField(
        "people I follow",
        default=True,
        help_text="Everything the people you follow ask, table, sign or say, whatever its "
        "subject (marked when it is not about missing people).",
    )
    group_by = models.CharField(
        "group the digest", max_length=10, choices=Grouping.choices, default=Grouping.TOPIC
    )
    reminders = models.BooleanField(
        "include work reminders",
        default=True,
        help_text="For policy officers: consultations closing soon, overdue follow-ups, "
        "champions who left their role and asks that moved.",
    )
    # Newest opening already delivered; it moves only after the mail server accepted the email.
    last_opening_id = models.PositiveBigIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user} ({self.get_frequency_display().lower()})"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.last_opening_id:
            # A new subscriber starts from now, not from every opening ever found.
            self.last_opening_id = newest_opening_id()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("alerts:subscription_for", args=[self.user_id])

    @property
    def is_active(self):
        return self.frequency != self.Frequency.NONE and self.user.is_active and self.user.email

    def follows(self, opening_facts):
        by_person = self.people_i_follow and bool(
            self.followed_person_ids & set(opening_facts.person_ids)
        )
        return by_person or super().follows(opening_facts)

    @cached_property
    def followed_person_ids(self):
        return {follow.person_id for follow in self.user.follows.all()}


class DigestQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status__in=[Digest.Status.PENDING, Digest.Status.SENDING])


class Digest(models.Model):
    """One email to one subscriber: a daily or weekly digest, or an immediate alert."""

    MAX_ATTEMPTS = 5

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"
        IMMEDIATE = "immediate", "Immediate alert"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Nothing left to send"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The period a digest covers (2026-11-26, 2026-W48) or the opening an alert is about:
    # unique per subscriber, so two runs or two workers can never make the same digest twice.
    period = models.CharField(max_length=40)
    openings = models.ManyToManyField("monitors.Opening", blank=True, related_name="digests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    recipient = models.EmailField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body_text = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "period"], name="one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.subscription.user} ({self.period})"

    def get_absolute_url(self):
        return reverse("alerts:digest", args=[self.pk])


class UsedActionLink(models.Model):
    """An email action link that has been used. Each link works once: a replay finds its row.

    Only a digest of the token is kept; the token itself would be a working credential until
    it expired.
    """

    token_digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opening = models.ForeignKey(
        "monitors.Opening", on_delete=models.CASCADE, related_name="used_email_links"
    )
    action = models.CharField(max_length=20)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-used_at"]

    def __str__(self):
        return f"{self.action} on opening {self.opening_id} by {self.user}"


class Channel(OpeningInterest):
    """A Slack or Teams channel, or any webhook, that new matching openings are posted to."""

    # Consecutive failed posts before the channel is shown as failing and its owner emailed.
    FAILING_AFTER = 3

    class Kind(models.TextChoices):
        SLACK = "slack", "Slack (incoming webhook)"
        TEAMS = "teams", "Microsoft Teams (workflow webhook)"
        WEBHOOK = "webhook", "Webhook (JSON)"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(
        "webhook address",
        max_length=1000,
        help_text="The address Slack, Teams or your service gave you to post to. Keep it "
        "secret: anyone who has it can post to the channel.",
    )
    sources = models.ManyToManyField("monitors.Source", blank=True, related_name="channels")
    campaigns = models.ManyToManyField("campaigns.Campaign", blank=True, related_name="channels")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_channels",
        help_text="Emailed if posting keeps failing. Without one, administrators are.",
    )
    enabled = models.BooleanField(default=True)
    from_file = models.BooleanField(default=False, editable=False)
    # Openings up to this id have been considered (and queued if they matched).
    last_opening_id = models.PositiveBigIntegerField(default=0, editable=False)
    failures = models.PositiveSmallIntegerField(default=0, editable=False)
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    failure_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding and not self.last_opening_id:
            # A new channel starts with the openings found after it was added.
            self.last_opening_id = newest_opening_id()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("alerts:channel", args=[self.pk])

    @property
    def is_failing(self):
        return self.failures >= self.FAILING_AFTER


class ChannelDelivery(models.Model):
    """One opening posted to one channel: made before posting, so it is posted once."""

    MAX_ATTEMPTS = 8

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to post"
        SENDING = "sending", "Posting"
        SENT = "sent", "Posted"
        FAILED = "failed", "Gave up"
        # Sent to Slack or Teams, but no answer came: it may be in the channel. Not posted
        # again by itself (neither service can drop a repeat); an administrator may.
        UNCERTAIN = "uncertain", "May have been posted"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    opening = models.ForeignKey(
        "monitors.Opening", on_delete=models.CASCADE, related_name="channel_deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "opening"], name="one_post_per_opening")
        ]

    def __str__(self):
        return f"Opening {self.opening_id} to {self.channel}"

    def post_again(self):
        """An administrator's choice to post an uncertain delivery again, accepting that it may
        then appear twice; True when it was still uncertain."""
        return bool(
            ChannelDelivery.objects.filter(pk=self.pk, status=self.Status.UNCERTAIN).update(
                status=self.Status.PENDING
            )
        )


class StaffChangeAlert(models.Model):
    """One email telling one user that a person they relied on left a role.

    Unique per (role, recipient): made before sending, claimed with a conditional UPDATE and
    marked sent only after the mail server accepted it, like digests.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    MAX_ATTEMPTS = 5

    role = models.ForeignKey(
        "stakeholders.Role", on_delete=models.CASCADE, related_name="staff_change_alerts"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_change_alerts"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "recipient"], name="one_staff_change_alert_per_recipient"
            )
        ]

    def __str__(self):
        return f"{self.role.person.name} left {self.role} (to {self.recipient})"
