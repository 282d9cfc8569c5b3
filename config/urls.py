from django.contrib import admin
from django.urls import include, path

from accounts import urls as account_urls
from api.urls import api_patterns
from dashboards import views as dashboard_views
from health import views as health_views
from ui import views as ui_views
from ui.forms import LoginForm, StyledPasswordChangeForm

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path(
        "accounts/",
        include(
            account_urls.patterns(
                login_form=LoginForm, password_change_form=StyledPasswordChangeForm
            )
        ),
    ),
    path("accounts/tokens/", include("api.urls")),
    path("api/v1/", include(api_patterns(), namespace="api")),
    path("strategy/", include("strategy.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("evidence/", include("evidence.urls")),
    path("search/", include("search.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("alerts/", include("alerts.urls")),
    path("monitors/", include("monitors.urls")),
    path("", include("feeds.urls")),
    path("admin/", admin.site.urls),
    path("staff/choices/", ui_views.staff_choices, name="staff_choices"),
    path("staff/editors/choices/", ui_views.editor_choices, name="editor_choices"),
    path("healthz", health_views.healthz, name="healthz"),
    # A deliberate public door: browsers post policy violations here without a session.
    path("csp-report/", ui_views.csp_report, name="csp_report"),
]
