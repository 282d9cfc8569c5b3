"""Waymark's users as other records name them: relationship owners, campaign owners, assignees.

Lists filter by them, and forms choose them, through a picker (ui/pickers.py), so a page never
writes out every user: a charity has hundreds.
"""

from django.contrib.auth import get_user_model
from django.db import models


class StaffQuerySet(models.QuerySet):
    def picker_matches(self, text):
        """Users whose username, first or last name contains `text`, for pickers."""
        return self.filter(
            models.Q(username__icontains=text)
            | models.Q(first_name__icontains=text)
            | models.Q(last_name__icontains=text)
        ).order_by("username", "pk")


def all_staff():
    """Every user, former colleagues included, searchable by pickers."""
    return StaffQuerySet(model=get_user_model()).order_by("username")


def active_staff():
    """Everyone who can be named as an owner or assignee in a filter: the active users."""
    return all_staff().filter(is_active=True)
