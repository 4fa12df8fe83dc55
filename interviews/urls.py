from django.urls import include, path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("", include("interviews.report_urls")),
    path("", include("interviews.plan_urls")),
]
