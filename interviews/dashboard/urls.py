"""Dashboard routes; included into the "interviews" namespace by interviews/urls.py."""

from django.urls import path

from interviews.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
