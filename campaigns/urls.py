from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("choices/", views.campaign_choices, name="campaign_choices"),
    path("asks/choices/", views.ask_choices, name="ask_choices"),
    path("export.csv", views.campaign_export, name="campaign_export"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/delete/", views.campaign_delete, name="campaign_delete"),
    path("asks/", views.ask_list, name="ask_list"),
    path("asks/export.csv", views.ask_export, name="ask_export"),
    path("asks/new/", views.ask_create, name="ask_create"),
    path("asks/<int:pk>/", views.ask_detail, name="ask"),
    path("asks/<int:pk>/edit/", views.ask_edit, name="ask_edit"),
    path("asks/<int:pk>/delete/", views.ask_delete, name="ask_delete"),
    path("asks/<int:pk>/status/", views.ask_status, name="ask_status"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/export.csv", views.consultation_export, name="consultation_export"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/delete/", views.consultation_delete, name="consultation_delete"),
    path(
        "consultations/<int:pk>/response/",
        views.consultation_response,
        name="consultation_response",
    ),
    path(
        "consultations/<int:pk>/document/",
        views.consultation_document,
        name="consultation_document",
    ),
]
