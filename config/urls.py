from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from config import views
from config.converters import IdConverter

# Before the apps' URL modules are imported below: every primary key in a path is `<id:...>`.
register_converter(IdConverter, "id")

# Off unless ADMIN_ENABLED: then /admin/ is not routed at all, a 404 like any unknown page.
admin_urls = [path("admin/", admin.site.urls)] if settings.ADMIN_ENABLED else []

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    *admin_urls,
    path("accounts/", include("accounts.urls")),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
]
