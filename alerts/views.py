import email
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import administrator_required, edit_required
from alerts import actions, digests, following
from alerts.forms import ChannelForm, SubscriptionForm
from alerts.models import Channel, ChannelDelivery, Digest, Subscription
from alerts.templatetags.following import following_context
from campaigns.models import Campaign
from monitors.models import Opening
from stakeholders.models import Person

OUTBOX_SIZE = 30


def _subscription_of(user):
    subscription, _ = Subscription.objects.get_or_create(user=user)
    return subscription


def _edit_subscription(request, subscription, *, template_context):
    form = SubscriptionForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Alert settings saved.")
        return None, form
    return render(request, "alerts/settings.html", {"form": form, **template_context}), form


@require_http_methods(["GET", "POST"])
def my_settings(request):
    """Every signed-in user manages their own alerts; it changes nothing but their settings."""
    subscription = _subscription_of(request.user)
    response, _ = _edit_subscription(
        request, subscription, template_context={"subject": request.user, "own": True}
    )
    return response or redirect("alerts:settings")


@administrator_required
def subscription_for(request, user_id):
    user = get_object_or_404(get_user_model(), pk=user_id)
    subscription = _subscription_of(user)
    response, _ = _edit_subscription(
        request, subscription, template_context={"subject": user, "own": False}
    )
    return response or redirect("alerts:subscription_list")


@require_GET
@administrator_required
def subscription_list(request):
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("subscription")
        .order_by("username")
    )
    return render(request, "alerts/subscription_list.html", {"users": users})


@login_not_required
@require_http_methods(["GET", "POST"])
def action(request, token):
    """A one-click action from an email: GET shows a confirm button, its POST acts once.

    A GET never changes anything, because mail scanners fetch every link in a message. The
    button's POST carries the page's CSRF token like any other form.
    """
    try:
        user_id, opening_id, name = actions.read_action_token(token)
    except signing.SignatureExpired:
        return render(request, "alerts/link_problem.html", {"reason": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "alerts/link_problem.html", {"reason": "invalid"}, status=400)
    owner = actions.owner_of(user_id)
    if owner is None:
        return render(request, "alerts/link_problem.html", {"reason": "invalid"}, status=400)
    opening = get_object_or_404(Opening.objects.select_related("item"), pk=opening_id)
    # `user` in a template is the visitor (the base template's header); the owner is `owner`.
    context = {"opening": opening, "action_label": actions.ACTIONS[name], "owner": owner}
    refusal = actions.refusal(owner, request.user)
    if refusal:
        return render(request, "alerts/action.html", {**context, "refusal": refusal}, status=403)
    if request.method == "POST":
        outcome = actions.use(
            token, owner, opening, name, remote_addr=request.META.get("REMOTE_ADDR")
        )
        context["outcome"] = outcome.name.lower()
    return render(request, "alerts/action.html", context)


@login_not_required
@csrf_exempt  # RFC 8058 one-click unsubscribe posts from the mail client without a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription_id = actions.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "alerts/link_problem.html", {"reason": "invalid"}, status=400)
    subscription = get_object_or_404(Subscription, pk=subscription_id)
    done = False
    if request.method == "POST":
        Subscription.objects.filter(pk=subscription.pk).update(
            frequency=Subscription.Frequency.NONE
        )
        done = True
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription, "done": done})


@require_GET
@administrator_required
def digest_list(request):
    records = (
        Digest.objects.select_related("subscription__user")
        .annotate(opening_count=Count("openings"))
        .order_by("-created_at", "-id")[:200]
    )
    counts = dict(Digest.objects.values_list("status").annotate(n=Count("id")))
    return render(request, "alerts/digest_list.html", {"digests": records, "counts": counts})


@require_GET
@administrator_required
def digest_detail(request, pk):
    digest = get_object_or_404(Digest.objects.select_related("subscription__user"), pk=pk)
    openings = digest.openings.with_list_relations()
    return render(request, "alerts/digest_detail.html", {"digest": digest, "openings": openings})


@require_POST
@administrator_required
def digest_resend(request, pk):
    digest = get_object_or_404(Digest, pk=pk)
    if digests.resend(digest, by=request.user):
        messages.success(request, f"Sent again to {digest.recipient}.")
    else:
        messages.error(request, "The mail server did not accept it; it will be retried.")
    return redirect(digest.get_absolute_url())


@require_GET
@administrator_required
def outbox(request):
    """The last messages written by the file email backend (the demo's outbox)."""
    folder = Path(settings.EMAIL_FILE_PATH)
    files = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    sent = []
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        for path in files[:OUTBOX_SIZE]:
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    message = email.message_from_bytes(raw)
                    sent.append(
                        {
                            "subject": message.get("Subject", ""),
                            "to": message.get("To", ""),
                            "date": message.get("Date", ""),
                            "text": _plain_text(message),
                        }
                    )
    return render(
        request,
        "alerts/outbox.html",
        {"messages_sent": sent[:OUTBOX_SIZE], "file_backend": bool(files), "folder": folder},
    )


def _plain_text(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            return payload.decode(part.get_content_charset() or "utf-8", "replace")
    return ""


# Chat channels (administrators only)

RECENT_DELIVERIES = 20


def _get_channel(request, pk):
    """The one way every channel page fetches its channel."""
    return get_object_or_404(Channel.objects.select_related("owner"), pk=pk)


@require_GET
@administrator_required
def channel_list(request):
    channels = Channel.objects.select_related("owner").annotate(
        waiting=Count(
            "deliveries",
            filter=Q(
                deliveries__status__in=[
                    ChannelDelivery.Status.PENDING,
                    ChannelDelivery.Status.SENDING,
                ]
            ),
        )
    )
    return render(request, "alerts/channel_list.html", {"channels": channels})


@require_http_methods(["GET", "POST"])
@administrator_required
def channel_add(request):
    form = ChannelForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        channel = form.save()
        messages.success(
            request, f"Channel “{channel.name}” added. It posts openings found from now on."
        )
        return redirect("alerts:channel_list")
    return render(request, "alerts/channel_form.html", {"form": form, "channel": None})


@require_http_methods(["GET", "POST"])
@administrator_required
def channel(request, pk):
    channel = _get_channel(request, pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Channel “{channel.name}” saved.")
        return redirect("alerts:channel_list")
    deliveries = channel.deliveries.select_related("opening__item")[:RECENT_DELIVERIES]
    return render(
        request,
        "alerts/channel_form.html",
        {"form": form, "channel": channel, "deliveries": deliveries},
    )


@require_POST
@administrator_required
def channel_delete(request, pk):
    channel = _get_channel(request, pk)
    channel.delete()
    messages.success(request, f"Channel “{channel.name}” removed.")
    return redirect("alerts:channel_list")


@require_POST
@administrator_required
def channel_post_again(request, pk):
    """Post again an opening that may already be in the channel (no answer came): the
    administrator has looked, and it is not there."""
    delivery = get_object_or_404(ChannelDelivery.objects.select_related("channel"), pk=pk)
    if delivery.post_again():
        messages.success(request, "It will be posted again with the next posts to this channel.")
    else:
        messages.info(request, "That post is no longer waiting for a decision.")
    return redirect("alerts:channel", delivery.channel_id)


# --- Following people -------------------------------------------------------------------------
# Following is personal, like one's alert settings: any signed-in user may follow a person, and
# it changes nothing but what they are sent.


def _followable_person(pk):
    return get_object_or_404(Person.objects.not_erased(), pk=pk)


def _follow_response(request, person):
    if request.htmx:
        return render(
            request,
            "alerts/_follow_button.html",
            following_context(request.user, person),
        )
    return redirect(person)


@require_POST
def follow_person(request, pk):
    person = _followable_person(pk)
    if not person.can_be_followed:
        messages.error(request, "Only people with a Parliament member id can be followed.")
    elif following.follow(request.user, person) and not request.htmx:
        messages.success(request, f"You now follow {person.name}.")
    return _follow_response(request, person)


@require_POST
def unfollow_person(request, pk):
    person = _followable_person(pk)
    if following.unfollow(request.user, person) and not request.htmx:
        messages.success(request, f"You no longer follow {person.name}.")
    return _follow_response(request, person)


@require_POST
@edit_required
def follow_champions(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    followed, skipped = following.follow_champions(request.user, campaign)
    plural = "s" if followed != 1 else ""
    note = f"You now follow {followed} more champion{plural} of this campaign."
    if skipped:
        note += f" {skipped} could not be followed: they have no Parliament member id."
    messages.success(request, note)
    return redirect(campaign)
