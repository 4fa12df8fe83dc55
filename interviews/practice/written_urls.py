"""Written practice and the shared pad; included into the "interviews" namespace."""

from django.urls import path

from interviews.practice import written

urlpatterns = [
    path("", written.written_list, name="written_list"),
    path("new/", written.written_create, name="written_create"),
    path("<id:pk>/", written.written_detail, name="written_detail"),
    path("<id:pk>/answer/", written.written_answer, name="written_answer"),
    path("<id:pk>/submit/", written.written_submit_view, name="written_submit"),
    path("<id:pk>/invite/", written.written_invite_view, name="written_invite"),
    path("score/<str:token>/", written.written_join, name="written_join"),
]
