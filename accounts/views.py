from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.debug import sensitive_post_parameters


@login_not_required
@sensitive_post_parameters("password")
def login(request, authentication_form):
    # Django's view rotates the session key at login and refuses off-site ?next= targets.
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=authentication_form,
        redirect_authenticated_user=True,
    )(request)
