"""Sign-in, sign-out and password change.

accounts sits below ui, whose forms offer only editors as owners by role, so these pages take
their GOV.UK-styled forms from the project's URL conf (config/urls.py), the way Django's own
auth views are configured.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views


def patterns(*, login_form, password_change_form):
    """The `accounts` URL namespace, to `include()`."""
    urlpatterns = [
        path("login/", views.login, {"authentication_form": login_form}, name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path(
            "password/",
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                form_class=password_change_form,
                success_url="/",
            ),
            name="password_change",
        ),
    ]
    return urlpatterns, "accounts"
