from django.urls import path

from strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.theory_of_change, name="theory_of_change"),
    path("<int:pk>/", views.element_detail, name="element"),
]
