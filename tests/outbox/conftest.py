"""A real SMTP server (aiosmtpd) on a spare loopback port, which a test stops and starts again
on the same port: the mail server that is down, then back."""

import email
import email.policy
import time

import pytest
from aiosmtpd.controller import Controller

from tests.mail import closed_port, smtp_mailer


class _Collect:
    def __init__(self, server: "SmtpServer"):
        self.server = server
        self.received = server.received

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.server.refusing:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    """Down until started; `received` keeps every message it accepted, across restarts."""

    def __init__(self):
        self.port = closed_port()
        self.received: list[email.message.EmailMessage] = []
        self.refusing = False  # answer every recipient with a permanent 550
        self._controller: Controller | None = None

    @property
    def mailers(self) -> dict:
        return smtp_mailer(self.port)

    def start(self) -> None:
        self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.received

    def to(self, address: str) -> list:
        return [m for m in self.received if m["To"] == address]


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()
