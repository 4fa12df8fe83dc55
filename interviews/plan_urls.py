from django.urls import path

from interviews import plan_views

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/ready/", plan_views.plan_ready_create, name="plan_ready_create"),
    path("plans/new/", plan_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/duplicate/", plan_views.plan_duplicate, name="plan_duplicate"),
    path("plans/<int:pk>/delete/", plan_views.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/items/", plan_views.plan_item_add, name="plan_item_add"),
    path(
        "plans/<int:pk>/items/<int:item_pk>/",
        plan_views.plan_item_update,
        name="plan_item_update",
    ),
    path(
        "plans/<int:pk>/items/<int:item_pk>/move/<str:direction>/",
        plan_views.plan_item_move,
        name="plan_item_move",
    ),
    path(
        "plans/<int:pk>/items/<int:item_pk>/remove/",
        plan_views.plan_item_remove,
        name="plan_item_remove",
    ),
    path("candidates/", plan_views.candidate_list, name="candidate_list"),
    path("candidates/new/", plan_views.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", plan_views.candidate_detail, name="candidate_detail"),
    path(
        "candidates/<int:pk>/variant/<int:plan_pk>/",
        plan_views.candidate_plan_variant,
        name="candidate_plan_variant",
    ),
]
