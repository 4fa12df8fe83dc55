"""Every interviews route, one module per capability, all in the "interviews" namespace."""

from django.urls import include, path

app_name = "interviews"

urlpatterns = [
    path("", include("interviews.sessions.urls")),
    path("", include("interviews.reports.urls")),
    path("", include("interviews.plans.urls")),
    path("", include("interviews.calibration.urls")),
    path("", include("interviews.live.urls")),
]
