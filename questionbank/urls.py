from django.urls import path

from questionbank import views

app_name = "questionbank"

urlpatterns = [
    path("", views.bank_index, name="index"),
]
