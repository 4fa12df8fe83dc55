"""An ASGI server for browser tests of the live streams.

pytest-django's live_server is a threaded WSGI server, which cannot hold a stream open (there
a stream answers what is new and closes). This runs the production server, uvicorn, on the
project's ASGI application in a thread of the test process, over the same test database.
"""

import socket
import threading
import time

import pytest
from django.db import connection

from tests.conftest import CHROMIUM, need


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    port = _free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),  # as the live server does, without collectstatic
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    # The server's request threads kept their database connections; the test database must
    # be free to flush (and, at the end, to drop).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def asgi_page(browser, asgi_server):
    """Like new_page, against the ASGI server."""
    need(bool(CHROMIUM), "no browser")
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=asgi_server, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
