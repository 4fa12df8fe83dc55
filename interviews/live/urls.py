"""Live streams; included into the "interviews" namespace by interviews/urls.py."""

from django.urls import path

from interviews.live import views

urlpatterns = [
    path("sessions/<id:pk>/live/", views.session_live, name="session_live"),
    path("screen/<str:token>/live/", views.candidate_screen_live, name="candidate_screen_live"),
    path("reports/<id:session_pk>/live/", views.report_live, name="report_live"),
]
