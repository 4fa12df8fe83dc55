from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: registers its start-up checks."""

    name = "config"
    label = "site"

    def ready(self) -> None:
        from config import checks  # noqa: F401
