from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: registers its start-up checks, how requests are logged and the `id`
    path converter every app's URLs use for primary keys."""

    name = "config"
    label = "site"

    def ready(self) -> None:
        from django.urls import register_converter

        from config import checks  # noqa: F401
        from config.converters import IdConverter
        from observability.logs import connect_request_logging

        connect_request_logging()
        register_converter(IdConverter, "id")
