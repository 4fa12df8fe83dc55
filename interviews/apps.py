from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        # Each capability listens to the seams of the ones below it (sessions/hooks.py,
        # reports/hooks.py); importing its receivers connects them.
        from interviews.plans import receivers as plans  # noqa: F401
        from interviews.practice import receivers as practice  # noqa: F401
        from interviews.reports import receivers as reports  # noqa: F401
