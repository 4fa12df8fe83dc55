"""Reading a stream view's answer in a test, frame by frame, as a browser's EventSource would."""

import asyncio

from asgiref.sync import async_to_sync, sync_to_async


def parse(block: bytes) -> dict:
    """One SSE frame: {"id", "event", "data"} or {"comment"}; data lines joined by newlines."""
    frame: dict = {}
    data = []
    for line in block.decode().split("\n"):
        if line.startswith(":"):
            frame["comment"] = line[1:].strip()
        elif line.startswith("data: "):
            data.append(line[6:])
        elif ": " in line:
            name, value = line.split(": ", 1)
            frame[name] = value
    if data:
        frame["data"] = "\n".join(data)
    return frame


def read(response, count: int, during=None, timeout: float = 5) -> list[dict]:
    """The first `count` events and comments of the stream (retry and id-only frames left
    out). `during`, a sync callable, runs (in the test's thread, inside its transaction) once
    the stream is open and its first chunk read, e.g. to publish a change."""

    async def go():
        frames: list[dict] = []
        buffer = b""
        stream = response.streaming_content.__aiter__()
        first = True
        try:
            while len(frames) < count:
                chunk = await asyncio.wait_for(stream.__anext__(), timeout)
                buffer += chunk
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    frame = parse(block)
                    if "event" in frame or "comment" in frame:
                        frames.append(frame)
                if first and during is not None:
                    first = False
                    # the first chunk is the head; let the generator subscribe, then change
                    waiting = asyncio.ensure_future(stream.__anext__())
                    await asyncio.sleep(0.2)
                    await sync_to_async(during)()
                    chunk = await asyncio.wait_for(waiting, timeout)
                    buffer += chunk
                    while b"\n\n" in buffer:
                        block, buffer = buffer.split(b"\n\n", 1)
                        frame = parse(block)
                        if "event" in frame or "comment" in frame:
                            frames.append(frame)
        except StopAsyncIteration:
            pass
        finally:
            await stream.aclose()
        return frames[:count] if count else frames

    return async_to_sync(go)()


def read_all(response, timeout: float = 5) -> list[dict]:
    """Every frame of a stream that ends by itself (?once=1, or its maximum duration)."""
    return read(response, 10_000, timeout=timeout)


def read_raw(response) -> list[bytes]:
    """Every chunk of a stream that ends by itself."""

    async def go():
        return [chunk async for chunk in response.streaming_content]

    return async_to_sync(go)()
