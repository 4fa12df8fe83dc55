"""Start-up checks for what would otherwise fail on every request."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, register
from django.core.files.storage import storages


@register("site")
def static_manifest_check(app_configs=None, **kwargs) -> list[Error]:
    """Without DEBUG the stylesheet and scripts are served from the collected manifest; if it
    is missing every page would answer 500, so refuse to start instead."""
    if settings.DEBUG:
        return []
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"The static files manifest {settings.STATIC_ROOT}/{storage.manifest_name} is "
            "missing, so every page would fail.",
            hint="Run `python manage.py collectstatic --noinput` with the same settings first.",
            id="site.E001",
        )
    ]


def refuse_to_start() -> None:
    """For the WSGI entry point, which runs no system checks of its own."""
    from django.core.exceptions import ImproperlyConfigured

    errors = static_manifest_check()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
