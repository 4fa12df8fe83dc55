from django.urls import path

from interviews.calibration import views

urlpatterns = [
    path("plans/<id:pk>/agreement/", views.plan_agreement_view, name="plan_agreement"),
    path("plans/<id:pk>/debrief/", views.plan_debrief, name="plan_debrief"),
    path("calibration/", views.interviewer_calibration, name="interviewer_calibration"),
    path("calibration/reminders/", views.reminder_settings, name="reminder_settings"),
    path("reports/<id:session_pk>/decision/", views.report_decision, name="report_decision"),
    path("drills/", views.drill_list, name="drill_list"),
    path("drills/new/", views.drill_create, name="drill_create"),
    path("drills/<id:pk>/", views.drill_detail, name="drill_detail"),
    path("drills/gold/<id:pk>/", views.gold_drill, name="gold_drill"),
]
