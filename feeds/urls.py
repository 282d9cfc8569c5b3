from django.urls import path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("feeds/openings/<str:secret>.atom", views.openings, name="openings"),
    path("calendar/<str:secret>.ics", views.calendar, name="calendar"),
    path("feeds/", views.feed_list, name="list"),
    path("feeds/add/", views.feed_add, name="add"),
    path("feeds/calendar/", views.calendar_add, name="calendar_add"),
    path("feeds/<int:pk>/new-address/", views.feed_new_secret, name="new_secret"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="revoke"),
]
