"""The production ASGI application (config/asgi.py): the whole middleware stack and the view
in one thread hop, and static files served by WhiteNoise as an async body."""

import warnings

import httpx
import pytest
from asgiref import sync
from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIHandler

from config.asgi import application
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_from_the_source_tree(settings):
    """Tests run with DEBUG off, where WhiteNoise reads only collected files; a fresh checkout
    has none, so it looks in the source folders as in development."""
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True


def get(app, path: str, **headers) -> httpx.Response:
    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get(path, headers=headers)

    return async_to_sync(go)()


@pytest.fixture
def hops(monkeypatch):
    """Counts the calls that hand sync code to a worker thread."""
    calls = []
    original = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        calls.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    return calls


def test_a_request_runs_the_whole_stack_in_one_thread_hop(hops):
    response = get(application, "/accounts/login/")
    assert response.status_code == 200
    ours = len(hops)
    hops.clear()
    assert get(ASGIHandler(), "/accounts/login/").status_code == 200
    stock = len(hops)
    # Ours: the stack, plus the request signals' receivers and closing the response.
    assert ours <= 6, hops
    assert stock >= 2 * ours  # Django's own handler hops for each middleware's hooks


def test_it_serves_a_static_file_as_an_async_body():
    with warnings.catch_warnings():
        # Django warns when it must collect a sync file iterator in memory to send it.
        warnings.simplefilter("error")
        response = get(application, "/static/css/app.css")
    assert response.status_code == 200
    assert response.content == (ROOT / "static/css/app.css").read_bytes()
    assert response.headers["Content-Type"].startswith("text/css")


def test_it_answers_not_modified_without_a_body():
    first = get(application, "/static/css/app.css")
    again = get(application, "/static/css/app.css", **{"if-none-match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_everything_else_reaches_the_app():
    response = get(application, "/healthz")
    assert response.status_code in (200, 503)
    assert "database" in response.json()


def test_under_wsgi_whitenoise_answers_as_it_always_has(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert not response.is_async
    assert b"".join(response.streaming_content) == (ROOT / "static/css/app.css").read_bytes()
