from django.urls import path

from interviews.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/ready/", views.plan_ready_create, name="plan_ready_create"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/duplicate/", views.plan_duplicate, name="plan_duplicate"),
    path("plans/<id:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("plans/<id:pk>/items/", views.plan_item_add, name="plan_item_add"),
    path(
        "plans/<id:pk>/use-copy/<id:set_pk>/",
        views.plan_questions_switch,
        name="plan_questions_switch",
    ),
    path(
        "plans/<id:pk>/items/<id:item_pk>/",
        views.plan_item_update,
        name="plan_item_update",
    ),
    path(
        "plans/<id:pk>/items/<id:item_pk>/move/<str:direction>/",
        views.plan_item_move,
        name="plan_item_move",
    ),
    path(
        "plans/<id:pk>/items/<id:item_pk>/remove/",
        views.plan_item_remove,
        name="plan_item_remove",
    ),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/new/", views.candidate_create, name="candidate_create"),
    path("candidates/<id:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<id:pk>/export.json", views.candidate_export, name="candidate_export"),
    path("candidates/<id:pk>/erase/", views.candidate_erase, name="candidate_erase"),
    path(
        "candidates/<id:pk>/variant/<id:plan_pk>/",
        views.candidate_plan_variant,
        name="candidate_plan_variant",
    ),
]
