"""Every interviews route, one module per capability, all in the "interviews" namespace."""

from django.urls import include, path

from interviews.practice import views as practice

app_name = "interviews"

urlpatterns = [
    path("practice/", include("interviews.practice.urls")),
    path("", include("interviews.dashboard.urls")),
    path("", include("interviews.sessions.urls")),
    path("", include("interviews.reports.urls")),
    path("", include("interviews.plans.urls")),
    path("", include("interviews.calibration.urls")),
    path("sessions/<id:pk>/pad/", practice.console_pad, name="console_pad"),
    path("screen/<str:token>/pad/", practice.screen_pad, name="screen_pad"),
    path("", include("interviews.live.urls")),
]
