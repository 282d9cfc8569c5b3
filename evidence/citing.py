"""Turning what participants said about an outcome into an evidence item the team can cite.

The summary is a snapshot: the counts as they stand on the day it is saved, so a briefing that
cites it keeps saying what it said. Comments are not copied in: participants did not clear
them for quoting.
"""

from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone
from django.utils.text import Truncator

from evidence import search
from evidence.models import EvidenceItem
from strategy.models import Agreement


def feedback_summary(outcome):
    """The lines of a summary of all feedback on one outcome, or [] when there is none."""
    feedback = outcome.feedback.all()
    summary = feedback.summary_by_outcome().get(outcome.pk)
    if not summary:
        return []
    share = round(100 * summary["agreeing"] / summary["responses"])
    lines = [
        f"{summary['agreeing']} of {summary['responses']} participants ({share}%) agree or "
        f"strongly agree that “{outcome.text}”.",
        f"Average answer {summary['average']:.1f} on a scale from 1 (strongly disagree) to 5 "
        "(strongly agree).",
        "Answers: "
        + ", ".join(f"{label.lower()} {n}" for _, label, n in feedback.distribution())
        + ".",
    ]
    span = feedback.order_by().aggregate(first=Min("date"), last=Max("date"))
    lines.append(f"Collected from {span['first']:%-d %B %Y} to {span['last']:%-d %B %Y}.")
    areas = (
        feedback.exclude(local_area=None)
        .values("local_area__name")
        .annotate(
            n=Count("id"),
            agreeing=Count("id", filter=Q(agreement__gte=Agreement.AGREE)),
            average=Avg("agreement"),
        )
        .order_by("-n", "local_area__name")[:10]
    )
    for row in areas:
        lines.append(
            f"{row['local_area__name']}: {row['agreeing']} of {row['n']} agree "
            f"(average {row['average']:.1f})."
        )
    return lines


def save_feedback_as_evidence(outcome, *, by=None):
    """Create an internal evidence item of kind feedback, linked to the outcome; None if empty."""
    lines = feedback_summary(outcome)
    if not lines:
        return None
    today = timezone.localdate()
    with transaction.atomic():
        item = EvidenceItem.objects.create(
            title=Truncator(f"Participant feedback on {outcome.code}: {outcome.text}").chars(
                EvidenceItem._meta.get_field("title").max_length
            ),
            kind=EvidenceItem.Kind.FEEDBACK,
            publisher="Missing People",
            published_on=today,
            summary=lines[0],
            key_findings="\n".join(lines),
            confidentiality=EvidenceItem.Confidentiality.INTERNAL,
            created_by=by,
            tags="outcome feedback",
        )
        item.outcomes.add(outcome)
        search.reindex(item)
    return item
