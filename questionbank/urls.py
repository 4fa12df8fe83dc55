from django.urls import path

from questionbank import views

app_name = "questionbank"

draft = "questions/<id:pk>/rubric/draft/"

urlpatterns = [
    path("", views.bank_index, name="index"),
    path("sets/new/", views.question_set_create, name="question_set_create"),
    path("sets/<id:pk>/edit/", views.question_set_edit, name="question_set_edit"),
    path("sets/<id:pk>/copy/", views.question_set_copy, name="question_set_copy"),
    path("sets/<id:pk>/export.yaml", views.question_set_export, name="question_set_export"),
    path("sets/<id:pk>/questions/new/", views.question_create, name="question_create"),
    path("questions/<id:pk>/", views.question_detail, name="question"),
    path("questions/<id:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<id:pk>/move/<str:direction>/", views.question_move, name="question_move"),
    path("questions/<id:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<id:pk>/rubric/edit/", views.rubric_revise, name="rubric_revise"),
    path(draft, views.rubric_draft, name="rubric_draft"),
    path(f"{draft}publish/", views.rubric_publish, name="rubric_publish"),
    path(f"{draft}discard/", views.rubric_discard, name="rubric_discard"),
    path(f"{draft}criteria/add/", views.criterion_add, name="criterion_add"),
    path(f"{draft}criteria/<id:criterion_pk>/", views.criterion_save, name="criterion_save"),
    path(
        f"{draft}criteria/<id:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path(
        f"{draft}criteria/<id:criterion_pk>/move/<str:direction>/",
        views.criterion_move,
        name="criterion_move",
    ),
    path(f"{draft}red-flags/add/", views.red_flag_add, name="red_flag_add"),
    path(f"{draft}red-flags/<id:flag_pk>/", views.red_flag_save, name="red_flag_save"),
    path(f"{draft}red-flags/<id:flag_pk>/remove/", views.red_flag_remove, name="red_flag_remove"),
]
