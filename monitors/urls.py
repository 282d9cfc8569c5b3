from django.urls import path

from monitors import views

app_name = "monitors"

urlpatterns = [
    path("", views.opening_list, name="opening_list"),
    path("export/", views.opening_export, name="opening_export"),
    path("openings/<int:pk>/", views.opening_detail, name="opening"),
    path("openings/<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("openings/<int:pk>/status/", views.opening_status, name="opening_status"),
    path(
        "openings/<int:pk>/consultation/",
        views.opening_consultation_create,
        name="opening_consultation_create",
    ),
    path(
        "openings/<int:pk>/interaction/",
        views.opening_interaction_create,
        name="opening_interaction_create",
    ),
    path(
        "openings/<int:pk>/evidence/",
        views.opening_evidence_create,
        name="opening_evidence_create",
    ),
    path("openings/<int:pk>/link/", views.opening_attach_edit, name="opening_attach_edit"),
    path("openings/<int:pk>/person/", views.opening_person_create, name="opening_person_create"),
    path(
        "openings/<int:pk>/organisation/",
        views.opening_organisation_create,
        name="opening_organisation_create",
    ),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/scan/", views.source_scan_create, name="source_scan_create"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
]
