import os

from celery import Celery

import observability.celery_signals  # noqa: F401  (request ids, logging and metrics of tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("interviews")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
