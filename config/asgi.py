"""The production entry point: gunicorn runs it in uvicorn workers (see bin/prod); `make run`
serves it too, with uvicorn alone, so a newcomer's candidate screen follows the lead by push.

An ASGI server lets a long-lived response (a server-sent event stream) wait on the event loop
instead of holding a whole worker process, as it would under a sync WSGI worker.

Every view here is a sync view (the stream views too: they check access and read the database
in sync code, then hand back an async body). Django's stock ASGI handler runs the middleware
stack in async mode, where each of Django's own middlewares calls its hooks through
`sync_to_async`: about fifteen thread hops per request, which cost more CPU than a move's
queries. This handler runs the whole stack and the view in one hop instead, as under WSGI; only
the streamed bodies are left to the event loop.
"""

import os

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class SyncStackHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)


django.setup(set_prefix=False)
application = SyncStackHandler()
if settings.DEBUG:
    # As runserver does: static files straight from the apps and static/, no collectstatic.
    application = ASGIStaticFilesHandler(application)
