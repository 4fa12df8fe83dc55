"""WhiteNoise's static files middleware, usable on both sides of Django's handler.

WhiteNoise 6 ships a sync-only middleware. Under ASGI a single sync-only middleware at the top of
the stack makes Django run everything below it, async views included, inside the one
thread-sensitive worker thread, so a streaming async view would hold that thread while it sets
up. This subclass keeps WhiteNoise's file table, headers and responses as they are and only adds
the async entry point, so the whole stack stays async-capable.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.http import HttpResponse, StreamingHttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware

CHUNK = 64 * 1024


async def _read(file):
    """The file in chunks read off the event loop: an async body, which Django's ASGI handler
    streams as it is instead of collecting a sync iterator into memory."""
    read = sync_to_async(file.read, thread_sensitive=False)
    try:
        while chunk := await read(CHUNK):
            yield chunk
    finally:
        await sync_to_async(file.close, thread_sensitive=False)()


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None, **kwargs):
        super().__init__(get_response, **kwargs)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        if self.autorefresh:
            # Development only: autorefresh looks on disk for every request.
            static_file = await sync_to_async(self.find_file)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is None:
            return await self.get_response(request)
        served = await sync_to_async(static_file.get_response, thread_sensitive=False)(
            request.method, request.META
        )
        status = int(served.status)
        if served.file is None:  # HEAD, 304 Not Modified, 416
            response = HttpResponse(status=status)
        else:
            response = StreamingHttpResponse(_read(served.file), status=status)
        del response["Content-Type"]  # WhiteNoise's own headers say what it is
        for key, value in served.headers:
            response[key] = value
        return response
