"""Demo users, one per role, so every view of Waymark can be tried."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import Role

DEMO_USERS = [
    ("admin", "Alex", "Admin", Role.ADMINISTRATOR),
    ("officer", "Priya", "Shah", Role.POLICY_OFFICER),
    ("officer2", "Tom", "Evans", Role.POLICY_OFFICER),
    ("leader", "Morgan", "Reid", Role.LEADERSHIP),
    ("staff", "Sam", "Okafor", Role.STAFF),
]


def demo_password():
    return os.environ.get("WAYMARK_DEMO_PASSWORD", "waymark-demo")


def seed(now, load_records=True):
    """Demo users always exist (that is how one logs in to the demo)."""
    User = get_user_model()
    password = demo_password()
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@waymark.example",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
    return [
        f"Demo users (password: {password}): "
        + ", ".join(f"{u} ({r.label})" for u, _, _, r in DEMO_USERS)
    ]
