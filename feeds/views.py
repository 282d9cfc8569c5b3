"""Private feed and calendar addresses, and the page where a person manages their own.

The feed and calendar doors are public on purpose (login_not_required): a feed reader or a
calendar app cannot sign in, so the secret in the address is the credential. Each shows only
what its owner may see now; a wrong, revoked or deactivated owner's secret is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from feeds.calendar import calendar_for
from feeds.forms import OpeningsFeedForm
from feeds.models import PrivateFeed
from feeds.syndication import OpeningsFeed


@login_not_required
@require_GET
def openings(request, secret):
    return OpeningsFeed()(request, secret=secret)


@login_not_required
@require_GET
def calendar(request, secret):
    feed = PrivateFeed.objects.by_secret(secret, PrivateFeed.Kind.CALENDAR)
    if feed is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_for(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="waymark.ics"'
    # Private to its owner: no shared cache keeps a copy.
    response["Cache-Control"] = "private, max-age=900"
    return response


def _own_feed(request, pk):
    """The one way the management views fetch a feed: only the person's own."""
    return get_object_or_404(PrivateFeed, pk=pk, user=request.user)


def _show_once(request, feed, secret):
    request.session["new_feed_address"] = {"feed": feed.pk, "url": feed.url_for(secret)}


@require_GET
def feed_list(request):
    """A person's own feeds and calendar; each new address is shown once, after it is made."""
    new_address = request.session.pop("new_feed_address", None)
    feeds = list(PrivateFeed.objects.filter(user=request.user))
    return render(
        request,
        "feeds/feed_list.html",
        {
            "openings_feeds": [f for f in feeds if f.kind == PrivateFeed.Kind.OPENINGS],
            "calendars": [f for f in feeds if f.kind == PrivateFeed.Kind.CALENDAR],
            "new_address": new_address,
        },
    )


@require_http_methods(["GET", "POST"])
def feed_add(request):
    """Save a filter of the openings page as a feed (any signed-in person, for themselves)."""
    initial = {"query": request.GET.urlencode(), "name": "Openings"}
    form = OpeningsFeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        feed = form.save(commit=False)
        feed.user = request.user
        feed.kind = PrivateFeed.Kind.OPENINGS
        secret = feed.new_secret()
        feed.save()
        _show_once(request, feed, secret)
        messages.success(request, f"Feed “{feed.name}” made. Copy its address now.")
        return redirect("feeds:list")
    return render(request, "feeds/feed_add.html", {"form": form})


@require_POST
def calendar_add(request):
    with transaction.atomic():
        feed = PrivateFeed(user=request.user, kind=PrivateFeed.Kind.CALENDAR, name="Deadlines")
        secret = feed.new_secret()
        feed.save()
    _show_once(request, feed, secret)
    messages.success(request, "Calendar address made. Copy it now.")
    return redirect("feeds:list")


@require_POST
def feed_new_secret(request, pk):
    """Replace a feed's address: the old one stops working at once."""
    feed = _own_feed(request, pk)
    secret = feed.new_secret()
    feed.save(update_fields=["secret_digest"])
    _show_once(request, feed, secret)
    messages.success(request, f"“{feed.name}” has a new address; the old one no longer works.")
    return redirect("feeds:list")


@require_POST
def feed_revoke(request, pk):
    feed = _own_feed(request, pk)
    feed.delete()
    messages.success(request, f"“{feed.name}” revoked; its address no longer works.")
    return redirect("feeds:list")
