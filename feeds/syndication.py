"""The Atom feed of openings: one saved filter of the openings page, read with its secret."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from feeds.models import PrivateFeed
from monitors.filters import OpeningFilter
from monitors.models import Opening
from relevance import topic_label

# A feed reader polls often; it needs the newest entries, not the whole history.
FEED_SIZE = 50


def openings_for(feed):
    """The openings the feed's owner would see on the openings page with the saved filter."""
    filterset = OpeningFilter(
        feed.filter_data(), queryset=Opening.objects.with_list_relations(), request=None
    )
    if not filterset.is_valid():
        # A saved choice that no longer exists (a deleted source) filters to nothing rather
        # than silently widening the feed to every opening.
        return Opening.objects.none()
    return filterset.qs.order_by("-created_at", "-id")[:FEED_SIZE]


class OpeningsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, secret):
        feed = PrivateFeed.objects.by_secret(secret, PrivateFeed.Kind.OPENINGS)
        if feed is None:
            raise Http404("No such feed.")
        return feed

    def title(self, feed):
        return f"Waymark: {feed.name}"

    def subtitle(self, feed):
        return f"Openings found by Waymark, for {feed.user.get_full_name() or feed.user.username}."

    def link(self, feed):
        return settings.SITE_URL + feed.openings_page_url()

    def feed_guid(self, feed):
        return f"{settings.SITE_URL}/feeds/{feed.pk}"

    def items(self, feed):
        return openings_for(feed)

    def item_title(self, opening):
        return opening.item.title

    def item_description(self, opening):
        # Atom readers render the summary as HTML; third-party text is shown, never run.
        source = opening.source.name if opening.source else "Unknown source"
        return escape(f"{opening.item.summary or opening.item.title} ({source})")

    def item_link(self, opening):
        return settings.SITE_URL + opening.get_absolute_url()

    def item_guid(self, opening):
        return self.item_link(opening)

    item_guid_is_permalink = True

    def item_pubdate(self, opening):
        return opening.created_at

    def item_updateddate(self, opening):
        return opening.updated_at

    def item_categories(self, opening):
        return [topic_label(topic) for topic in opening.topics or []]
