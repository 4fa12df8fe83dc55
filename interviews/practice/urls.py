"""Practice routes under /practice/ (peer and written practice), in the "interviews" namespace;
the shared pad's two routes sit beside the console and the screen in interviews/urls.py."""

from django.urls import path

from interviews.practice import views

urlpatterns = [
    path("", views.practice_start, name="practice_start"),
    path("join/<str:token>/", views.practice_join, name="practice_join"),
    path("sessions/<id:pk>/invite/", views.practice_invite, name="practice_invite"),
    path("sessions/<id:pk>/swap/", views.practice_swap, name="practice_swap"),
    path("feedback/<str:token>/", views.feedback, name="practice_feedback"),
    # Written practice
    path("written/", views.written_list, name="written_list"),
    path("written/new/", views.written_create, name="written_create"),
    path("written/<id:pk>/", views.written_detail, name="written_detail"),
    path("written/<id:pk>/answer/", views.written_answer, name="written_answer"),
    path("written/<id:pk>/submit/", views.written_submit_view, name="written_submit"),
    path("written/<id:pk>/invite/", views.written_invite_view, name="written_invite"),
    path("written/score/<str:token>/", views.written_join, name="written_join"),
]
