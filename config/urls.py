from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import views

# Off unless ADMIN_ENABLED: then /admin/ is not routed at all, a 404 like any unknown page.
admin_urls = [path("admin/", admin.site.urls)] if settings.ADMIN_ENABLED else []

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibility/", views.accessibility, name="accessibility"),
    *admin_urls,
    path("accounts/", include("accounts.urls")),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
]
