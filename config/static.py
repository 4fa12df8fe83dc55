"""WhiteNoise's static files middleware, streaming files off the event loop under ASGI.

The ASGI handler (config/asgi.py) runs the whole middleware stack in one worker thread, so this
middleware is called sync under both servers. WhiteNoise answers with a sync file iterator,
which Django's ASGI handler can only send by first reading the whole file into memory (with a
warning); under ASGI the same file is handed back as an async body instead, read in chunks in a
thread of its own. WhiteNoise's file table, headers and status codes are kept as they are.
"""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware

CHUNK = 64 * 1024


async def _read(file):
    read = sync_to_async(file.read, thread_sensitive=False)
    try:
        while chunk := await read(CHUNK):
            yield chunk
    finally:
        await sync_to_async(file.close, thread_sensitive=False)()


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    @staticmethod
    def serve(static_file, request):
        if not isinstance(request, ASGIRequest):
            return WhiteNoiseMiddleware.serve(static_file, request)
        served = static_file.get_response(request.method, request.META)
        status = int(served.status)
        if served.file is None:  # HEAD, 304 Not Modified, 416
            response = HttpResponse(status=status)
        else:
            response = StreamingHttpResponse(_read(served.file), status=status)
        del response["Content-Type"]  # WhiteNoise's own headers say what it is
        for key, value in served.headers:
            response[key] = value
        return response
