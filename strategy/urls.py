from django.urls import path

from strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.theory_of_change, name="theory_of_change"),
    path("<int:pk>/", views.element_detail, name="element"),
    path("<int:pk>/review/", views.element_review, name="element_review"),
    path("activities/", views.delivery_list, name="delivery_list"),
    path("activities/export.csv", views.delivery_export, name="delivery_export"),
    path("activities/new/", views.delivery_create, name="delivery_create"),
    path("activities/<int:pk>/", views.delivery_detail, name="delivery"),
    path("activities/<int:pk>/edit/", views.delivery_edit, name="delivery_edit"),
    path("activities/<int:pk>/delete/", views.delivery_delete, name="delivery_delete"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/export.csv", views.feedback_export, name="feedback_export"),
    path("feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/import/", views.feedback_import, name="feedback_import"),
]
