"""Waymark's four roles, as Django groups, and the checks every view uses.

Roles are coarse on purpose: policy officers and administrators change things, leadership and
staff read. Access to restricted records is granted separately, per user.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    POLICY_OFFICER = "Policy officer", "Policy officer"
    LEADERSHIP = "Leadership", "Leadership"
    STAFF = "Staff", "Staff"


EDITING_ROLES = {Role.ADMINISTRATOR, Role.POLICY_OFFICER}


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_waymark_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._waymark_roles = cached
    return cached


def editors(users, *, keep=None):
    """The active users who may change things (officers, administrators), from `users`;
    `keep` (a user or pk) stays offered, so a record owned by someone since made read-only
    still saves unchanged."""
    may_edit = models.Q(groups__name__in=EDITING_ROLES) | models.Q(is_superuser=True)
    chosen = models.Q(is_active=True) & may_edit
    if keep:
        chosen |= models.Q(pk=getattr(keep, "pk", keep))
    return users.filter(pk__in=users.model.objects.filter(chosen).values("pk"))


def can_edit(user) -> bool:
    return user.is_active and bool(roles_of(user) & EDITING_ROLES)


def is_administrator(user) -> bool:
    return user.is_active and Role.ADMINISTRATOR in roles_of(user)


def edit_required(view):
    """Only policy officers and administrators may call this view (pages and htmx alike)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied("Your role can read Waymark but not change it.")
        return view(request, *args, **kwargs)

    wrapper.waymark_writes = True
    return wrapper


def administrator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied("Only administrators can do this.")
        return view(request, *args, **kwargs)

    wrapper.waymark_writes = True
    return wrapper
