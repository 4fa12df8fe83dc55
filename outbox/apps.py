from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from outbox import tasks  # noqa: F401  (hands kept mail to the worker)
        from outbox.services import resend_after_request

        request_finished.connect(resend_after_request, dispatch_uid="outbox-resend")
