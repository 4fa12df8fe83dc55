"""The channel between the process that changes a session and the processes holding its pages.

Each session has a Redis stream (`XADD ... MAXLEN ~`), so an event has an id that a reconnecting
page sends back as `Last-Event-ID` and is replayed from the stream. Each process runs one reader
per event loop: a single `XREAD BLOCK` over the streams of every session that has a page open
here, fanning each entry out to the page queues in memory, so 500 open screens cost one Redis
connection rather than 500. A reader adding a stream wakes its blocked `XREAD` through a stream
of its own.

Without `REDIS_URL` the same calls work inside one process: a short buffer per session in memory.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
import uuid
import weakref
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field

import redis
import redis.asyncio as aredis
from django.conf import settings

log = logging.getLogger(__name__)

Entry = tuple[str, str, str]  # (id, event, data)
START = "0-0"  # the id "before every event": a page rendered when nothing was ever published


def key_of(session_pk: int) -> str:
    return f"live:session:{session_pk}"


def order(entry_id: str) -> tuple[int, int]:
    """Ids compare as (milliseconds, sequence), in Redis and in the local buffer alike."""
    try:
        ms, _, seq = entry_id.partition("-")
        return int(ms), int(seq or 0)
    except ValueError:
        return (-1, -1)


def valid_id(entry_id: str | None) -> str | None:
    if not entry_id or len(entry_id) > 40 or order(entry_id) == (-1, -1):
        return None
    return entry_id


# Publishing and replay (sync: called from services and the views' first half) ------------------

_sync_client: redis.Redis | None = None


def _redis() -> redis.Redis:
    global _sync_client
    if _sync_client is None:
        _sync_client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
    return _sync_client


def publish(session_pk: int, events: list[tuple[str, str]]) -> str | None:
    """Append events to the session's stream; returns the last id, None if Redis is down (the
    pages then catch up by polling, which reads the database)."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.publish(key, events)
    try:
        pipe = _redis().pipeline(transaction=False)
        for event, data in events:
            pipe.xadd(
                key, {"e": event, "d": data}, maxlen=settings.LIVE_STREAM_LENGTH, approximate=True
            )
        pipe.expire(key, settings.LIVE_STREAM_TTL)
        ids = pipe.execute()[:-1]
    except redis.RedisError:
        log.warning("live event for session %s not published: Redis unreachable", session_pk)
        return None
    return ids[-1].decode() if ids else None


def last_id(session_pk: int) -> str:
    """The id of the session's latest event, START when there is none: a page rendered now
    has seen everything up to it."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.last_id(key)
    try:
        entries = _redis().xrevrange(key, count=1)
    except redis.RedisError:
        return START
    return entries[0][0].decode() if entries else START


def _decode(entries) -> list[Entry]:
    return [(i.decode(), f[b"e"].decode(), f[b"d"].decode()) for i, f in entries]


def _replay(first, rest, after: str) -> list[Entry] | None:
    """None when events after `after` may have been trimmed away (the page needs a snapshot)."""
    if not first:
        return [] if after == START else None
    if after != START and order(first[0][0].decode()) > order(after):
        return None
    return _decode(rest)


def since(session_pk: int, after: str) -> list[Entry] | None:
    """The events after `after`, or None when some of them are gone."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.since(key, after)
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.xrange(key, count=1)
        pipe.xrange(key, min=f"({after}", max="+")
        first, rest = pipe.execute()
    except redis.RedisError:
        return None
    return _replay(first, rest, after)


# The in-process channel (no Redis) ---------------------------------------------------------------


@dataclass
class LocalChannel:
    """Events of this process only; publishing may happen in any thread, pages wait on their
    event loop."""

    boot: int = field(default_factory=lambda: int(time.time() * 1000))
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)
    buffers: dict[str, deque] = field(default_factory=dict)
    subscribers: dict[str, set] = field(default_factory=dict)

    def publish(self, key: str, events: list[tuple[str, str]]) -> str | None:
        with self.lock:
            buffer = self.buffers.setdefault(key, deque(maxlen=settings.LIVE_STREAM_LENGTH))
            new = [(f"{self.boot}-{next(self.counter)}", e, d) for e, d in events]
            buffer.extend(new)
            targets = list(self.subscribers.get(key, ()))
        for loop, queue in targets:
            for entry in new:
                with suppress(RuntimeError):  # that page's loop has closed
                    loop.call_soon_threadsafe(_offer, queue, entry)
        return new[-1][0] if new else None

    def last_id(self, key: str) -> str:
        with self.lock:
            buffer = self.buffers.get(key)
            return buffer[-1][0] if buffer else START

    def since(self, key: str, after: str) -> list[Entry] | None:
        with self.lock:
            buffer = list(self.buffers.get(key, ()))
        if not buffer:
            return [] if after == START else None
        if after != START and order(buffer[0][0]) > order(after):
            return None
        return [entry for entry in buffer if order(entry[0]) > order(after)]

    def add(self, key: str, queue: asyncio.Queue) -> None:
        with self.lock:
            self.subscribers.setdefault(key, set()).add((asyncio.get_running_loop(), queue))

    def remove(self, key: str, queue: asyncio.Queue) -> None:
        with self.lock:
            subscribers = self.subscribers.get(key, set())
            subscribers -= {s for s in subscribers if s[1] is queue}
            if not subscribers:
                self.subscribers.pop(key, None)

    def reset(self) -> None:
        with self.lock:
            self.buffers.clear()


local = LocalChannel()

OVERFLOW: Entry = ("", "", "")  # put in a queue a page does not drain: it is closed, and reconnects


def _offer(queue: asyncio.Queue, entry: Entry) -> None:
    try:
        queue.put_nowait(entry)
    except asyncio.QueueFull:
        with suppress(asyncio.QueueEmpty):
            queue.get_nowait()
        queue.put_nowait(OVERFLOW)


# The reader: one XREAD per process and loop for every open page ----------------------------------


class RedisReader:
    def __init__(self, url: str):
        self.client = aredis.Redis.from_url(url, socket_connect_timeout=2)
        self.queues: dict[str, set[asyncio.Queue]] = {}
        self.cursors: dict[str, str] = {}
        self.wake_key = f"live:wake:{uuid.uuid4().hex}"
        self.task: asyncio.Task | None = None

    async def add(self, key: str, queue: asyncio.Queue, after: str) -> None:
        new = key not in self.queues
        self.queues.setdefault(key, set()).add(queue)
        if new:
            self.cursors[key] = after
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())
        elif new:
            with suppress(aredis.RedisError):
                async with self.client.pipeline(transaction=False) as pipe:
                    pipe.xadd(self.wake_key, {"w": "1"}, maxlen=1)
                    pipe.expire(self.wake_key, 3600)
                    await pipe.execute()

    def remove(self, key: str, queue: asyncio.Queue) -> None:
        queues = self.queues.get(key)
        if queues is None:
            return
        queues.discard(queue)
        if not queues:
            del self.queues[key]
            self.cursors.pop(key, None)
        if not self.queues and self.task is not None:
            self.task.cancel()  # the last page here has gone: stop reading until the next one
            self.task = None

    async def run(self) -> None:
        # Not "$": a wake sent between building the list and Redis receiving the XREAD must
        # still end it at once. The stream is this reader's own, so every entry is a wake.
        wake_cursor = START
        while self.queues:
            streams = {key: self.cursors[key] for key in self.queues}
            streams[self.wake_key] = wake_cursor
            try:
                found = await self.client.xread(streams, block=settings.LIVE_READ_BLOCK_MS)
            except aredis.RedisError:
                if asyncio.current_task().cancelling():
                    raise asyncio.CancelledError from None
                log.warning("live reader: Redis unreachable, retrying")
                await asyncio.sleep(1)
                continue
            for raw_key, entries in found or ():
                key = raw_key.decode()
                if key == self.wake_key:
                    wake_cursor = entries[-1][0].decode()
                    continue
                if key not in self.queues:
                    continue
                decoded = _decode(entries)
                self.cursors[key] = decoded[-1][0]
                for queue in list(self.queues.get(key, ())):
                    for entry in decoded:
                        _offer(queue, entry)

    async def since(self, key: str, after: str) -> list[Entry] | None:
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.xrange(key, count=1)
                pipe.xrange(key, min=f"({after}", max="+")
                first, rest = await pipe.execute()
        except aredis.RedisError:
            return None
        return _replay(first, rest, after)


_readers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _reader() -> RedisReader:
    loop = asyncio.get_running_loop()
    reader = _readers.get(loop)
    if reader is None:
        reader = _readers[loop] = RedisReader(settings.REDIS_URL)
    return reader


class Subscription:
    """A page's queue of events after `after`, with the catch-up read once it is registered, so
    nothing published between the page's first half and now is missed."""

    def __init__(self, session_pk: int, after: str):
        self.key = key_of(session_pk)
        self.after = after
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=settings.LIVE_QUEUE_SIZE)

    async def __aenter__(self) -> Subscription:
        if settings.REDIS_URL:
            await _reader().add(self.key, self.queue, self.after)
        else:
            local.add(self.key, self.queue)
        return self

    async def __aexit__(self, *exc) -> None:
        if settings.REDIS_URL:
            _reader().remove(self.key, self.queue)
        else:
            local.remove(self.key, self.queue)

    async def catch_up(self) -> list[Entry] | None:
        if settings.REDIS_URL:
            return await _reader().since(self.key, self.after)
        return local.since(self.key, self.after)

    async def get(self, timeout: float) -> Entry | None:
        """The next event, or None after `timeout` seconds without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
