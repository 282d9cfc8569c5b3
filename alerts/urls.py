from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("settings/", views.my_settings, name="settings"),
    path("subscriptions/", views.subscription_list, name="subscription_list"),
    path("subscriptions/<int:user_id>/", views.subscription_for, name="subscription_for"),
    path("email/action/<str:token>/", views.action, name="action"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("digests/", views.digest_list, name="digest_list"),
    path("digests/<int:pk>/", views.digest_detail, name="digest"),
    path("digests/<int:pk>/resend/", views.digest_resend, name="digest_resend"),
    path("outbox/", views.outbox, name="outbox"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/add/", views.channel_add, name="channel_add"),
    path("channels/<int:pk>/", views.channel, name="channel"),
    path("channels/<int:pk>/delete/", views.channel_delete, name="channel_delete"),
    path(
        "channels/posts/<int:pk>/post-again/",
        views.channel_post_again,
        name="channel_post_again",
    ),
    path("people/<int:pk>/follow/", views.follow_person, name="follow"),
    path("people/<int:pk>/unfollow/", views.unfollow_person, name="unfollow"),
    path("campaigns/<int:pk>/follow-champions/", views.follow_champions, name="follow_champions"),
]
