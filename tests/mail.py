"""Mail is written with the change that asks for it and sent once that change commits
(outbox/). A test runs inside one transaction that never commits, so a test that reads the mail
sent runs the request or service that sends it inside `committed()`, as its commit would."""

import socket

from django.test import TestCase


def committed():
    """Run the callbacks the code inside registers for after its commit, when it ends."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def closed_port() -> int:
    """A loopback port nothing listens on: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailer(port: int) -> dict:
    """MAILERS for Django's SMTP backend on a loopback port."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
