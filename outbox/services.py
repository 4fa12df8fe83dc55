"""Every mail the product sends goes through here: written in the transaction of the change that
asks for it, sent by a task once that change commits, retried with backoff while the mail server
cannot take it. A page never waits on the server's fate and never fails because of it.

Sending claims the row for a few minutes (an UPDATE, not a lock held over the network call), so
a task, its retry and the sweep never send one mail twice, and a mail is marked sent as soon as
the server took it. One gap is left on purpose: a process killed between the server taking a
mail and that mark sends it again once the claim expires, under the same Message-ID, by which
mail clients recognise the copy.

Who retries: with a worker, the task itself (short waits) and the beat's sweep every minute
(longer ones, and mails whose task never reached the broker). Without one (the embedded default,
tasks run in process) there is no beat: the first request to finish at least a minute after
the previous try sends what is due, after its own answer has gone out.
"""

import json
import smtplib
import threading
import time
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

import structlog
from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from observability import metrics
from outbox.models import Mail

log = structlog.get_logger("outbox")

# A mail was kept and its transaction committed: `mail_id`. outbox.tasks hands it to the worker.
mail_kept = Signal()

CLAIM = timedelta(minutes=5)  # far longer than one send, bounded by the mailer's timeout
# A mail's first try is its task's; the sweep steps in only if that never happened.
FIRST_SWEEP_AFTER = timedelta(minutes=2)


def mail_queue(
    *,
    kind: str,
    to: str | list[str],
    subject: str,
    body: str,
    attachments: tuple | list = (),
) -> Mail | None:
    """Keep a mail with the current transaction and send it once that commits (nothing is sent
    for a change rolled back). `attachments`: (filename, text, MIME type) each."""
    recipients = [address for address in ([to] if isinstance(to, str) else to) if address]
    if not recipients:
        return None
    mail = Mail.objects.create(
        kind=kind,
        to=recipients,
        subject=subject,
        body=body,
        attachments=[
            [name, content.decode() if isinstance(content, bytes) else content, mimetype]
            for name, content, mimetype in attachments
        ],
        message_id=make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
        next_attempt_at=timezone.now() + FIRST_SWEEP_AFTER,
    )
    transaction.on_commit(lambda: _hand_over(mail.pk), robust=True)
    return mail


def _hand_over(mail_id: int) -> None:
    # The worker's tasks (outbox.tasks) listen: they import this module, never the reverse.
    mail_kept.send(sender=Mail, mail_id=mail_id)


def _message(mail: Mail) -> EmailMessage:
    return EmailMessage(
        subject=mail.subject,
        body=mail.body,
        to=mail.to,
        attachments=[tuple(item) for item in mail.attachments],
        headers={"Message-ID": mail.message_id},
    )


def mail_send(*, mail_id: int) -> float | None:
    """Send one kept mail, unless it went out already, was given up or is being sent by another
    process. Returns the seconds to wait before trying again when the server could not take it
    now, else None."""
    now = timezone.now()
    claimed = (
        Mail.objects.filter(pk=mail_id, status=Mail.Status.PENDING)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    mail = Mail.objects.get(pk=mail_id)
    try:
        _message(mail).send()
    except Exception as exc:
        return _failed(mail, exc)
    Mail.objects.filter(pk=mail.pk).update(
        status=Mail.Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        **_FORGOTTEN,
    )
    metrics.mail_counted(outcome="sent")
    log.info("mail_sent", kind=mail.kind, mail_id=mail.pk, attempt=mail.attempts)
    return None


# What a mail no longer needs once it went out or was given up: it is personal data.
_FORGOTTEN = {"to": [], "subject": "", "body": "", "attachments": []}


def mails_forget(*, phrases: set[str]) -> int:
    """Drop every mail not yet sent that names one of the phrases (an erased person's names and
    address, say): erasure wins over delivery. Returns how many were dropped."""
    wanted = [unicodedata.normalize("NFC", p).casefold() for p in phrases if p.strip()]
    doomed = []
    waiting = Mail.objects.filter(status=Mail.Status.PENDING)
    for mail in waiting.only("to", "subject", "body", "attachments").iterator():
        text = json.dumps([mail.to, mail.subject, mail.body, mail.attachments], ensure_ascii=False)
        folded = unicodedata.normalize("NFC", text).casefold()
        if any(phrase in folded for phrase in wanted):
            doomed.append(mail.pk)
    Mail.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _refused_for_good(exc: Exception) -> bool:
    """A mail the server will never take as it is: an address or a message it rejects with a
    permanent (5xx) answer, or an address that is not one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, ValueError)


def _error_words(exc: Exception) -> str:
    """The kind of failure, without the server's text (which may name the recipient)."""
    code = getattr(exc, "smtp_code", None)
    return f"{exc.__class__.__name__}{f' {code}' if code else ''}"[:200]


def _failed(mail: Mail, exc: Exception) -> float | None:
    error = _error_words(exc)
    context = {"kind": mail.kind, "mail_id": mail.pk, "attempt": mail.attempts, "error": error}
    if _refused_for_good(exc) or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.FAILED, claimed_until=None, last_error=error, **_FORGOTTEN
        )
        metrics.mail_counted(outcome="failed")
        log.error("mail_failed", gave_up=True, **context)
        return None
    delay = min(
        settings.MAIL_RETRY_BACKOFF * 2 ** (mail.attempts - 1), settings.MAIL_RETRY_MAX_WAIT
    )
    Mail.objects.filter(pk=mail.pk).update(
        claimed_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=error,
    )
    metrics.mail_counted(outcome="retry")
    log.warning("mail_failed", gave_up=False, retry_in=delay, **context)
    return delay


def mails_due(*, limit: int) -> list[int]:
    """Mails waiting whose next try is due and that nobody is sending, oldest due first."""
    now = timezone.now()
    return list(
        Mail.objects.filter(status=Mail.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def mails_resend_due(*, limit: int = 20) -> int:
    """Send what is due here and now, stopping at the first the server still cannot take."""
    sent = 0
    for mail_id in mails_due(limit=limit):
        if mail_send(mail_id=mail_id) is not None:
            break
        sent += 1
    return sent


_resend_lock = threading.Lock()
_next_resend = 0.0


def resend_after_request(**kwargs) -> None:
    """Without a worker nothing else retries a mail: connected to `request_finished`, this sends
    what is due at most once a minute per process, once the request's answer has gone out."""
    global _next_resend
    if not (settings.CELERY_TASK_ALWAYS_EAGER and settings.MAIL_RESEND_ON_REQUEST):
        return
    if time.monotonic() < _next_resend or not _resend_lock.acquire(blocking=False):
        return
    try:
        _next_resend = time.monotonic() + settings.MAIL_RESEND_INTERVAL
        mails_resend_due()
    except DatabaseError:
        log.warning("mail_resend_skipped", error="database unavailable")
    finally:
        _resend_lock.release()
