"""The worker's side of outgoing mail: thin tasks over outbox.services."""

import structlog
from celery import shared_task
from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerError

from outbox.models import Mail
from outbox.services import mail_kept, mail_send, mails_due

log = structlog.get_logger("outbox")

# A task waiting with an ETA past the broker's visibility timeout (600 s) is handed out twice;
# longer waits are left to the sweep, which finds the mail by its next_attempt_at.
RETRY_IN_TASK_MAX = 300


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver(self, mail_id: int) -> None:
    retry_in = mail_send(mail_id=mail_id)
    if retry_in is not None and not self.request.is_eager and retry_in <= RETRY_IN_TASK_MAX:
        raise self.retry(countdown=retry_in, max_retries=None)


@receiver(mail_kept, sender=Mail)
def hand_over(sender, *, mail_id: int, **kwargs) -> None:
    queue_delivery(mail_id)


def queue_delivery(mail_id: int) -> None:
    """Hand a kept mail to the worker; with the broker down, the sweep will."""
    try:
        deliver.delay(mail_id)
    except BrokerError as exc:
        log.warning("mail_not_queued", mail_id=mail_id, error=exc.__class__.__name__)


@shared_task
def sweep() -> int:
    """Queue every mail whose next try is due (beat, every minute)."""
    due = mails_due(limit=500)
    for mail_id in due:
        queue_delivery(mail_id)
    return len(due)
