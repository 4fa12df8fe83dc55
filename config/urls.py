from django.contrib import admin
from django.urls import include, path, register_converter

from config import views
from config.converters import IdConverter

# Before the apps' URL modules are imported below: every primary key in a path is `<id:...>`.
register_converter(IdConverter, "id")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
]
