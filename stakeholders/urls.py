from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("people/choices/", views.person_choices, name="person_choices"),
    path("organisations/choices/", views.organisation_choices, name="organisation_choices"),
    path("people/export.csv", views.person_export, name="person_export"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/champions-who-left/", views.champion_list, name="champion_list"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/roles/", views.person_role_create, name="person_role_create"),
    path("people/<int:pk>/roles/end/", views.person_role_end, name="person_role_end"),
    path("people/<int:pk>/stance/", views.person_stance_confirm, name="person_stance_confirm"),
    path(
        "people/<int:pk>/subject-access.json",
        views.person_subject_access_export,
        name="person_subject_access_export",
    ),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export.csv", views.organisation_export, name="organisation_export"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/export.csv", views.area_export, name="area_export"),
    path("areas/<int:pk>/", views.area_detail, name="area"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("interactions/", views.interaction_list, name="interaction_list"),
    path("interactions/export.csv", views.interaction_export, name="interaction_export"),
    path("interactions/new/", views.interaction_create, name="interaction_create"),
    path("interactions/follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("interactions/<int:pk>/", views.interaction_detail, name="interaction"),
    path("interactions/<int:pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path(
        "interactions/<int:pk>/follow-up/",
        views.interaction_follow_up_status,
        name="interaction_follow_up_status",
    ),
    path("import/", views.import_create, name="import_create"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
]
