from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import LoginForm


@login_not_required
@sensitive_post_parameters("password")
def login(request):
    # Django's view rotates the session key at login and refuses off-site ?next= targets.
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )(request)
