"""Sessions' work on the worker (its task name keeps its first home, `interviews.tasks`)."""

from celery import shared_task
from django.db import transaction

from interviews.models import InterviewSession
from interviews.sessions import calendar


@shared_task(name="interviews.tasks.send_invitations")
def send_invitations(session_id: int, kind: str) -> int:
    """Only for tasks queued before scheduling mails went through the outbox: write them there."""
    session = InterviewSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0  # deleted before the mail went out: nobody needs the event any more
    with transaction.atomic():
        return calendar.invitations_queue(session, kind=kind)
