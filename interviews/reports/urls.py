"""Report routes; included into the "interviews" namespace by interviews/urls.py."""

from django.urls import path

from interviews.reports import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/compare/", views.report_compare, name="report_compare"),
    path("reports/<id:session_pk>/", views.report_detail, name="report_detail"),
    path(
        "reports/<id:session_pk>/versions/<id:number>/",
        views.report_version,
        name="report_version",
    ),
    path("reports/<id:session_pk>/status/", views.report_status, name="report_status"),
    *(
        path(
            f"reports/<id:session_pk>/report.{fmt}",
            views.report_download,
            {"fmt": fmt},
            name=f"report_{fmt}",
        )
        for fmt in views.DOWNLOADS
    ),
    path("reports/<id:session_pk>/retry/", views.report_retry, name="report_retry"),
    path("candidates/<id:pk>/history/", views.candidate_history_view, name="candidate_history"),
    path("me/progress/", views.my_progress, name="my_progress"),
    path("reports/<id:session_pk>/regrade/", views.report_regrade, name="report_regrade"),
    path("plans/<id:pk>/what-if/", views.plan_whatif, name="plan_whatif"),
    path("regrades/", views.regrade_list, name="regrade_list"),
    path("regrades/<id:pk>/", views.regrade_detail, name="regrade_detail"),
]
