"""The channel between the process that changes a session and the processes holding its pages.

Each session has a Redis stream (`XADD ... MAXLEN ~`), so an event has an id that a reconnecting
page sends back as `Last-Event-ID` and is replayed from the stream. The same script that appends
an event publishes it on the session's pub/sub channel, which is how open pages hear of it: each
process runs one reader per event loop, a single pub/sub connection subscribed to the sessions
that have a page open here, fanning each message out to the page queues in memory. 500 open
screens cost one Redis connection, and an event costs one message, whatever the number of
sessions. A page catches up from the stream once its session's subscription is confirmed, so
nothing published in between is missed; should the reader lose Redis, every page here is
closed and reconnects with its `Last-Event-ID`.

Each session's screen also has a version number, bumped with every change, which lets a
polling page be answered 304 without the database (see `views.py`).

Redis may go away for a while: every call here then answers "nothing known" (pages poll and
read the database), and what was published meanwhile is lost. So a process that failed to
reach Redis moves the channel's epoch on once it reaches it again, and announces it: every
version is at least the epoch, so every tagged page is answered in full once, and every open
page reconnects and, its last event being older than the epoch, starts again from a snapshot.

Without `REDIS_URL` the same calls work inside one process: a short buffer per session in memory.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
import weakref
from collections import Counter, deque
from contextlib import suppress
from dataclasses import dataclass, field

import redis
import redis.asyncio as aredis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

Entry = tuple[str, str, str]  # (id, event, data)
START = "0-0"  # the id "before every event": a page rendered when nothing was ever published


# Every key and channel starts with LIVE_CHANNEL_PREFIX: pub/sub channels are shared by all the
# databases of a Redis server, so two sites (or test processes) on one server need their own.
def key_of(session_pk: int) -> str:
    return f"{settings.LIVE_CHANNEL_PREFIX}live:session:{session_pk}"


def version_key_of(token: str) -> str:
    return f"{settings.LIVE_CHANNEL_PREFIX}live:version:{token}"


def epoch_key() -> str:
    """A key, and the channel on which a new epoch is announced."""
    return f"{settings.LIVE_CHANNEL_PREFIX}live:epoch"


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


def _clock() -> int:
    return int(time.time() * 1000)


# Publishing, versions and replay (sync: called from services and the views' first half) ---------

_sync_client: redis.Redis | None = None

# Append each event to the stream and publish it, with its new id, to the stream's subscribers,
# in one step: a reader can never hear of an event that replay would not find.
_PUBLISH = r"""
local id
for i = 3, #ARGV, 2 do
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i], 'd', ARGV[i + 1])
  redis.call('PUBLISH', KEYS[1], id .. '\n' .. ARGV[i] .. '\n' .. ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return id
"""
# A missing version starts from the clock, so a version lost with Redis is never reused; and
# no version is below the epoch.
_BUMP = """
local v = redis.call('INCR', KEYS[1])
if v == 1 then
  v = tonumber(ARGV[1])
end
local epoch = tonumber(redis.call('GET', KEYS[2]) or '0')
if v <= epoch then
  v = epoch + 1
end
redis.call('SET', KEYS[1], v, 'EX', ARGV[2])
return v
"""
# A new epoch, in the milliseconds of Redis's clock (as stream ids are), past the last one.
_NEW_EPOCH = """
local now = redis.call('TIME')
local epoch = math.max(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000),
                       tonumber(redis.call('GET', KEYS[1]) or '0') + 1)
redis.call('SET', KEYS[1], epoch, 'EX', ARGV[1])
redis.call('PUBLISH', KEYS[1], epoch)
return epoch
"""
# Set when a call to Redis failed in this process: its next call starts a new epoch first.
_missed = False


def _failed() -> None:
    global _missed
    _missed = True


def _after_outage(client: redis.Redis) -> None:
    global _missed
    if _missed:
        client.new_epoch(keys=[epoch_key()], args=[settings.LIVE_STREAM_TTL])
        _missed = False
        log.info("live channel reachable again: a new epoch resyncs every open page")


def _lifted(value, epoch) -> int | None:
    if value is None:
        return None
    return max(int(value), int(epoch or 0))


def _redis() -> redis.Redis:
    global _sync_client
    if _sync_client is None:
        _sync_client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
        )
        _sync_client.publish_events = _sync_client.register_script(_PUBLISH)
        _sync_client.bump_version = _sync_client.register_script(_BUMP)
        _sync_client.new_epoch = _sync_client.register_script(_NEW_EPOCH)
    return _sync_client


def _client() -> redis.Redis:
    """The client, once any epoch owed after an outage has been started."""
    client = _redis()
    _after_outage(client)
    return client


def publish(session_pk: int, events: list[tuple[str, str]]) -> str | None:
    """Append events to the session's stream and tell its open pages; returns the last id, None
    if Redis is down (the pages then catch up by polling, which reads the database)."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.publish(key, events)
    if not events:
        return None
    args = [settings.LIVE_STREAM_LENGTH, settings.LIVE_STREAM_TTL]
    for event, data in events:
        args += [event, data]
    try:
        return _client().publish_events(keys=[key], args=args).decode()
    except redis.RedisError:
        _failed()
        log.warning("live event for session %s not published: Redis unreachable", session_pk)
        return None


def version(token: str) -> int | None:
    """The screen's version, None when there is none yet or Redis is down."""
    if not settings.REDIS_URL:
        return local.versions.get(token)
    try:
        value, epoch = _client().mget(version_key_of(token), epoch_key())
    except redis.RedisError:
        _failed()
        return None
    return _lifted(value, epoch)


def ensure_version(token: str) -> int | None:
    """The screen's version, started from the clock when it has none."""
    if not settings.REDIS_URL:
        with local.lock:
            return local.versions.setdefault(token, _clock())
    key = version_key_of(token)
    try:
        pipe = _client().pipeline(transaction=False)
        pipe.set(key, _clock(), nx=True, ex=settings.LIVE_STREAM_TTL)
        pipe.mget(key, epoch_key())
        return _lifted(*pipe.execute()[1])
    except redis.RedisError:
        _failed()
        return None


def bump_version(token: str) -> int | None:
    """A new version after every committed change."""
    if not settings.REDIS_URL:
        with local.lock:
            current = local.versions[token] = local.versions.get(token, _clock()) + 1
            return current
    try:
        return int(
            _client().bump_version(
                keys=[version_key_of(token), epoch_key()], args=[_clock(), settings.LIVE_STREAM_TTL]
            )
        )
    except redis.RedisError:
        _failed()
        return None


def forget_version(token: str) -> None:
    """Drop a revoked screen link's version, so its polls no longer get a 304 either."""
    if not settings.REDIS_URL:
        with local.lock:
            local.versions.pop(token, None)
        return
    try:
        _client().delete(version_key_of(token))
    except redis.RedisError:
        _failed()
        log.warning("version of a revoked screen link not dropped: Redis unreachable")


def last_id(session_pk: int) -> str:
    """The id of the session's latest event, START when there is none: a page rendered now
    has seen everything up to it."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.last_id(key)
    try:
        pipe = _client().pipeline(transaction=False)
        pipe.xrevrange(key, count=1)
        pipe.get(epoch_key())
        entries, epoch = pipe.execute()
    except redis.RedisError:
        _failed()
        return START
    last = entries[0][0].decode() if entries else START
    # A page rendered now is as new as the epoch, even if no event came after it.
    return max(last, f"{int(epoch)}-0", key=order) if epoch else last


def _decode(entries) -> list[Entry]:
    return [(i.decode(), f[b"e"].decode(), f[b"d"].decode()) for i, f in entries]


def _replay(first, rest, after: str, epoch=None) -> list[Entry] | None:
    """None when events after `after` may have been trimmed away, or lost in an outage since
    (the page needs a snapshot)."""
    since_epoch = bool(epoch) and order(after) >= (int(epoch), 0)
    if epoch and not since_epoch:
        return None
    if not first:
        return [] if after == START or since_epoch else None
    if after != START and order(first[0][0].decode()) > order(after):
        return None
    return _decode(rest)


def since(session_pk: int, after: str) -> list[Entry] | None:
    """The events after `after`, or None when some of them are gone."""
    key = key_of(session_pk)
    if not settings.REDIS_URL:
        return local.since(key, after)
    try:
        pipe = _client().pipeline(transaction=False)
        pipe.xrange(key, count=1)
        pipe.xrange(key, min=f"({after}", max="+")
        pipe.get(epoch_key())
        first, rest, epoch = pipe.execute()
    except redis.RedisError:
        _failed()
        return None
    return _replay(first, rest, after, epoch)


# The in-process channel (no Redis) ---------------------------------------------------------------


@dataclass
class LocalChannel:
    """Events of this process only; publishing may happen in any thread, pages wait on their
    event loop."""

    boot: int = field(default_factory=_clock)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)
    buffers: dict[str, deque] = field(default_factory=dict)
    subscribers: dict[str, set] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)

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
            self.versions.clear()


local = LocalChannel()

OVERFLOW: Entry = ("", "", "")  # put in a queue a page does not drain: it is closed, and reconnects


def _offer(queue: asyncio.Queue, entry: Entry) -> None:
    try:
        queue.put_nowait(entry)
    except asyncio.QueueFull:
        with suppress(asyncio.QueueEmpty):
            queue.get_nowait()
        queue.put_nowait(OVERFLOW)


# The reader: one pub/sub connection per process and loop for every open page --------------------


class RedisReader:
    """Subscribes to a session's channel while a page of it is open here.

    Subscribing and unsubscribing go through one lock and look at what is wanted when they
    run, so a page leaving and another arriving at once always end subscribed. A page waits
    for Redis to confirm its session's subscription (counting the SUBSCRIBEs still unanswered,
    as a key may be unsubscribed and subscribed again in between) before it reads the stream
    to catch up."""

    def __init__(self, url: str):
        # No silent retries: a reconnect would lose what was published meanwhile, unnoticed.
        self.client = aredis.Redis.from_url(url, socket_connect_timeout=2)
        self.pubsub_client = aredis.Redis.from_url(
            url, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0)
        )
        self.pubsub: aredis.client.PubSub | None = None
        self.queues: dict[str, set[asyncio.Queue]] = {}
        self.subscribed: set[str] = set()
        self.unanswered: Counter = Counter()
        self.confirmed: dict[str, asyncio.Event] = {}
        self.lock = asyncio.Lock()
        self.task: asyncio.Task | None = None

    async def add(self, key: str, queue: asyncio.Queue) -> bool:
        """Register the page's queue; False when the subscription could not be confirmed."""
        self.queues.setdefault(key, set()).add(queue)
        try:
            await self._settle(key)
            await asyncio.wait_for(self.confirmed[key].wait(), settings.LIVE_SUBSCRIBE_SECONDS)
        except (aredis.RedisError, OSError, KeyError, TimeoutError):
            _failed()
            log.warning("live reader: could not subscribe to %s", key)
            return False
        return True

    def remove(self, key: str, queue: asyncio.Queue) -> None:
        queues = self.queues.get(key)
        if queues is None:
            return
        queues.discard(queue)
        if queues:
            return
        del self.queues[key]
        if self.queues:
            asyncio.get_running_loop().create_task(self._settle(key))
        elif self.task is not None:
            # The last page here has gone: stop reading until the next one comes.
            self.task.cancel()
            self.task = None
            self._reset()

    async def _settle(self, key: str) -> None:
        async with self.lock:
            want = key in self.queues
            if want == (key in self.subscribed):
                return
            if self.pubsub is None:
                self.pubsub = self.pubsub_client.pubsub()
                await self.pubsub.subscribe(epoch_key())  # a new epoch: every page here resyncs
            if want:
                self.subscribed.add(key)
                self.unanswered[key] += 1
                self.confirmed.setdefault(key, asyncio.Event()).clear()
                await self.pubsub.subscribe(key)
                if self.task is None or self.task.done():
                    self.task = asyncio.get_running_loop().create_task(self.run(self.pubsub))
            else:
                self.subscribed.discard(key)
                with suppress(aredis.RedisError, OSError):
                    await self.pubsub.unsubscribe(key)

    async def run(self, pubsub) -> None:
        try:
            while True:
                message = await pubsub.get_message(timeout=None)
                if message is not None:
                    self._handle(message)
        except (aredis.RedisError, OSError):
            _failed()
            log.warning("live reader: lost Redis; the pages here reconnect and catch up")
        finally:
            if self.pubsub is pubsub:  # not already replaced by a newer connection
                self._reset()
            with suppress(Exception):
                await pubsub.aclose()

    def _handle(self, message: dict) -> None:
        key = message["channel"].decode()
        if key == epoch_key():
            if message["type"] == "message":
                for queues in self.queues.values():
                    for queue in queues:
                        _offer(queue, OVERFLOW)
            return
        if message["type"] == "subscribe":
            self.unanswered[key] -= 1
            if self.unanswered[key] <= 0 and key in self.subscribed:
                del self.unanswered[key]
                self.confirmed[key].set()
        elif message["type"] == "message":
            entry_id, event, data = message["data"].decode().split("\n", 2)
            for queue in list(self.queues.get(key, ())):
                _offer(queue, (entry_id, event, data))

    def _reset(self) -> None:
        """Forget every subscription; pages still here are closed, to reconnect and replay."""
        for queues in self.queues.values():
            for queue in queues:
                _offer(queue, OVERFLOW)
        self.queues.clear()
        self.subscribed.clear()
        self.unanswered.clear()
        self.confirmed.clear()
        self.pubsub = None

    async def since(self, key: str, after: str) -> list[Entry] | None:
        global _missed
        try:
            if _missed:
                await self.client.eval(_NEW_EPOCH, 1, epoch_key(), settings.LIVE_STREAM_TTL)
                _missed = False
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.xrange(key, count=1)
                pipe.xrange(key, min=f"({after}", max="+")
                pipe.get(epoch_key())
                first, rest, epoch = await pipe.execute()
        except (aredis.RedisError, OSError):
            _failed()
            return None
        return _replay(first, rest, after, epoch)


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
        self.ready = True

    async def __aenter__(self) -> Subscription:
        if settings.REDIS_URL:
            self.ready = await _reader().add(self.key, self.queue)
        else:
            local.add(self.key, self.queue)
        return self

    async def __aexit__(self, *exc) -> None:
        if settings.REDIS_URL:
            _reader().remove(self.key, self.queue)
        else:
            local.remove(self.key, self.queue)

    async def catch_up(self) -> list[Entry] | None:
        """What was published after `after`; None when some of it is gone, or this page could
        not subscribe (either way the page ends, and its reconnect starts afresh)."""
        if not self.ready:
            return None
        if settings.REDIS_URL:
            return await _reader().since(self.key, self.after)
        return local.since(self.key, self.after)

    async def get(self, timeout: float) -> Entry | None:
        """The next event, or None after `timeout` seconds without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
