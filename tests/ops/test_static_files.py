"""Static files under the ASGI handler: served by WhiteNoise from an async-capable middleware,
so nothing in the stack forces async views into the sync thread."""

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.http import HttpResponse

from config.static import StaticFilesMiddleware
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_from_the_source_tree(settings):
    """Tests run with DEBUG off, where WhiteNoise reads only collected files; a fresh checkout
    has none, so it looks in the source folders as in development."""
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True


async def _body(response) -> bytes:
    return b"".join([chunk async for chunk in response.streaming_content])


def test_it_serves_a_static_file_through_the_asgi_stack(async_client):
    response = async_to_sync(async_client.get)("/static/css/app.css")
    assert response.status_code == 200
    assert response.is_async  # streamed by the ASGI handler, not collected from a sync iterator
    body = async_to_sync(_body)(response)
    assert body == (ROOT / "static/css/app.css").read_bytes()
    assert response["Content-Type"].startswith("text/css")


def test_it_answers_not_modified_without_a_body(async_client):
    first = async_to_sync(async_client.get)("/static/css/app.css")
    again = async_to_sync(async_client.get)(
        "/static/css/app.css", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_it_passes_everything_else_to_the_app(async_client):
    response = async_to_sync(async_client.get)("/healthz")
    assert response.status_code in (200, 503)
    assert "database" in response.json()


def test_it_stays_async_under_an_async_handler_and_sync_under_a_sync_one():
    async def async_view(request):
        return HttpResponse()

    def sync_view(request):
        return HttpResponse()

    assert iscoroutinefunction(StaticFilesMiddleware(async_view))
    assert not iscoroutinefunction(StaticFilesMiddleware(sync_view))
