from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: registers its start-up checks and how requests are logged."""

    name = "config"
    label = "site"

    def ready(self) -> None:
        from config import checks  # noqa: F401
        from observability.logs import connect_request_logging

        connect_request_logging()
