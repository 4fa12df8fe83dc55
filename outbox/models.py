from django.db import models


class Mail(models.Model):
    """One mail the product sends, written in the transaction of the change that asks for it
    and sent once that commits, retried until the server takes it.

    Only a mail waiting to be sent keeps its content: once sent or given up, the recipients,
    subject, body and attachments are emptied (they are personal data), leaving what it was,
    when it went and its Message-ID, which stays the same on every attempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"

    kind = models.CharField(max_length=40)  # what it is, for logs and metrics
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=998, blank=True)
    body = models.TextField(blank=True)
    # [filename, text content, MIME type] each: calendar events, all text.
    attachments = models.JSONField(default=list, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the sweep should try it, if nothing has sent it by then.
    next_attempt_at = models.DateTimeField()
    # Held by the process sending it, until then: a second sender skips it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} mail {self.pk} ({self.status})"
