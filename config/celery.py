import os
from contextlib import suppress
from pathlib import Path

from celery import Celery, bootsteps

import observability.celery_signals  # noqa: F401  (request ids, logging and metrics of tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("interviews")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Liveness(bootsteps.StartStopStep):
    """Touches CELERY_LIVENESS_FILE every 10 s from the worker's event loop, which stops while
    the worker has lost the broker or hangs: docker-compose.yml's health check reads its age."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        self.path = Path(os.environ.get("CELERY_LIVENESS_FILE", "/tmp/celery-worker.alive"))
        self.entry = None

    def start(self, worker):
        self.touch()
        self.entry = worker.timer.call_repeatedly(10, self.touch)

    def stop(self, worker):
        if self.entry is not None:
            self.entry.cancel()

    def touch(self):
        with suppress(OSError):
            self.path.touch()


app.steps["worker"].add(Liveness)
