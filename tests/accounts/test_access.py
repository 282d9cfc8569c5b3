import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_every_page_needs_a_login(client):
    response = client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_signing_in_rotates_the_session(client, officer):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "attacker-chosen-session"
    response = client.post(reverse("accounts:login"), {"username": "olive", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-chosen-session"
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_next_never_redirects_off_site(client, officer):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "olive", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_next_within_waymark_is_followed(client, officer):
    target = reverse("campaigns:ask_list")
    response = client.post(
        reverse("accounts:login"), {"username": "olive", "password": PASSWORD, "next": target}
    )
    assert response.url == target


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "olive", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "olive", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_failed_logins_are_recorded(client, officer):
    from axes.models import AccessAttempt

    client.post(reverse("accounts:login"), {"username": "olive", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="olive")
    assert attempt.failures_since_start == 1


def test_a_disabled_user_is_signed_out_at_once(client, officer):
    client.post(reverse("accounts:login"), {"username": "olive", "password": PASSWORD})
    assert client.get(reverse("campaigns:campaign_list")).status_code == 200
    officer.is_active = False
    officer.save()
    response = client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sessions_expire_when_idle(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_post_without_csrf_token_is_refused(officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post(reverse("campaigns:campaign_create"), {"title": "No token"})
    assert response.status_code == 403
