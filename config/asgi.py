"""The production entry point: gunicorn runs it in uvicorn workers (see bin/prod).

An ASGI server lets a long-lived response (a server-sent event stream) wait on the event loop
instead of holding a whole worker process, as it would under a sync WSGI worker.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
