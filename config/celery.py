import os
from contextlib import suppress
from pathlib import Path

from celery import Celery, bootsteps
from celery.signals import task_received

import observability.celery_signals  # noqa: F401  (request ids, logging and metrics of tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("interviews")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each capability of the interviews app owns its tasks module.
app.autodiscover_tasks(["interviews.calibration", "interviews.reports", "interviews.sessions"])


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


class LostAcks(bootsteps.StartStopStep):
    """Reconnects the consumer once an acknowledgement has not reached Redis.

    kombu's Redis transport frees a prefetch slot only when Redis confirms the ack, so a task
    that ends while Redis is down keeps its slot; with every slot held so, the worker reads
    nothing from Redis, notices no outage and never reads its queue again. A connection error
    raised in the event loop takes Celery's own reconnect path (retrying until Redis answers),
    whose fresh channel has every slot free; the unacknowledged message stays in Redis and is
    handed out again after the visibility timeout."""

    requires = {"celery.worker.consumer.tasks:Tasks"}
    interval = 2  # seconds between two looks at the acknowledgements

    def __init__(self, c, **kwargs):
        self.received = set()  # this connection's requests that Celery has not acknowledged
        self.acknowledged = set()  # acknowledged since the last look
        self.entry = None

    def start(self, c):
        self.received.clear()
        self.acknowledged.clear()
        task_received.connect(self.track, sender=c)
        self.entry = c.timer.call_repeatedly(self.interval, self.check)

    def stop(self, c):
        task_received.disconnect(self.track, sender=c)
        if self.entry is not None:
            self.entry.cancel()
        self.received.clear()
        self.acknowledged.clear()

    def track(self, sender=None, request=None, **kwargs):
        self.received.add(request)

    def check(self):
        # Celery sends an ack on the loop's next turn after it marks the request acknowledged,
        # so a request is judged one interval after that, never while its ack is on its way.
        lost = [request.id for request in self.acknowledged if not request.message.acknowledged]
        self.acknowledged = {request for request in self.received if request.acknowledged}
        self.received -= self.acknowledged
        if lost:
            raise ConnectionError(f"Redis did not take the acknowledgement of tasks {lost}")


app.steps["consumer"].add(LostAcks)
