from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("choices/", views.item_choices, name="item_choices"),
    path("export.csv", views.item_export, name="item_export"),
    path("new/", views.item_create, name="item_create"),
    path("asks-without-evidence/", views.asks_without_evidence, name="asks_without_evidence"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/files/", views.item_file_upload, name="item_file_upload"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("from-feedback/<int:pk>/", views.cite_feedback, name="cite_feedback"),
]
