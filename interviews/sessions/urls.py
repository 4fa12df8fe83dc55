"""Session routes; included into the "interviews" namespace by interviews/urls.py."""

from django.urls import path

from interviews.sessions import views

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<id:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<id:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<id:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<id:pk>/console/", views.console, name="console"),
    path("sessions/<id:pk>/start/", views.session_start, name="start"),
    path("sessions/<id:pk>/move/", views.session_move, name="move"),
    path("sessions/<id:pk>/lead/", views.lead_hand_over, name="lead"),
    path("sessions/<id:pk>/rate/", views.rate, name="rate"),
    path("sessions/<id:pk>/flag/", views.raise_flag, name="flag"),
    path("sessions/<id:pk>/note/", views.save_note, name="note"),
    path("sessions/<id:pk>/submit/", views.scorecard_submit, name="submit"),
    path("sessions/<id:pk>/amend/", views.scorecard_amend, name="amend"),
    path("sessions/<id:pk>/panel/", views.panel_view, name="panel"),
    path("sessions/<id:pk>/close/", views.panel_close, name="panel_close"),
    path("sessions/<id:pk>/audit/", views.session_audit, name="session_audit"),
    path(
        "sessions/<id:pk>/audit.csv", views.session_audit, {"fmt": "csv"}, name="session_audit_csv"
    ),
    path("screen/<str:token>/", views.candidate_screen, name="candidate_screen"),
]
