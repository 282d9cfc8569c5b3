from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.leadership_dashboard, name="leadership"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("theory-of-change/", views.theory_of_change, name="theory_of_change"),
    path("influence/", views.influence_grid, name="influence"),
    path("influence/<int:pk>/rate/", views.rate_person, name="rate_person"),
    path(
        "influence/organisations/<int:pk>/rate/",
        views.rate_organisation,
        name="rate_organisation",
    ),
    path("network/", views.network_map, name="network"),
]
# Each chart downloads as SVG and as the CSV of its numbers, at its own address.
for _slug in views.CHARTS:
    urlpatterns += [
        path(f"charts/{_slug}.svg", views.chart_svg, {"slug": _slug}, name=f"{_slug}_svg"),
        path(f"charts/{_slug}.csv", views.chart_csv, {"slug": _slug}, name=f"{_slug}_csv"),
    ]
