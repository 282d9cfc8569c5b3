from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import StyledPasswordChangeForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=StyledPasswordChangeForm,
            success_url="/",
        ),
        name="password_change",
    ),
]
