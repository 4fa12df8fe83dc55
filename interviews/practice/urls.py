"""Peer practice routes under /practice/, in the "interviews" namespace."""

from django.urls import path

from interviews.practice import views

urlpatterns = [
    path("", views.practice_start, name="practice_start"),
    path("join/<str:token>/", views.practice_join, name="practice_join"),
    path("sessions/<id:pk>/invite/", views.practice_invite, name="practice_invite"),
    path("sessions/<id:pk>/swap/", views.practice_swap, name="practice_swap"),
    path("feedback/<str:token>/", views.feedback, name="practice_feedback"),
]
