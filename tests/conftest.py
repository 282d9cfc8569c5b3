"""Standing users for each role and small builders, shared by every app's tests."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role


def make_user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password="correct horse battery staple",
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "ada", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def officer(django_user_model):
    return make_user(django_user_model, "olive", Role.POLICY_OFFICER)


@pytest.fixture
def leader(django_user_model):
    return make_user(django_user_model, "leona", Role.LEADERSHIP)


@pytest.fixture
def staff_member(django_user_model):
    return make_user(django_user_model, "stan", Role.STAFF)


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(officer).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def officer_client(client_for, officer):
    return client_for(officer)


@pytest.fixture
def leader_client(client_for, leader):
    return client_for(leader)
