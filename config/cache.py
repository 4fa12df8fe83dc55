"""The Redis cache, with one client per process.

Django builds a cache backend for each thread (for each request context under ASGI), its Redis
backend builds a client with its own connection pool for each backend, and that client builds a
redis-py client object for every command. Under the ASGI server, where each request's sync code
runs in a thread of its own, every request paid for a new connection to Redis, and redis-py
read its own package metadata from disk to name itself to the server. Here the client, its
pools and its redis-py clients live as long as the process. redis-py's clients and pools are
thread-safe, and a pool re-opens its connections after a fork.

Redis is a cache here, never the record, so it may go away without taking a page with it: while
it is unreachable a read is a miss and a write is skipped and logged (the browser sessions, read
through `cached_db`, then come from the database). A key whose write or delete was skipped may
hold a stale value when Redis comes back (a logged-out session, an old organisation choice), so
each process remembers those keys and deletes them before its next use of the cache.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property
from redis import RedisError

log = logging.getLogger(__name__)

_clients: dict[tuple, RedisCacheClient] = {}
_lock = threading.Lock()

STALE_KEYS_KEPT = 10_000  # past this many, the oldest are forgotten (they expire in time anyway)
LOG_EVERY = 30  # seconds between "still unreachable" lines while Redis stays down


class Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._redis_clients = {}
        self._stale: dict[str, None] = {}  # keys written or deleted while Redis was unreachable
        self._stale_lock = threading.Lock()
        self._down_since: float | None = None
        self._skipped = 0
        self._logged_at = 0.0

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._redis_clients.get(index)
        if client is None:
            client = self._redis_clients[index] = super().get_client(key, write=write)
        return client

    # Degrading: every operation goes through _run ------------------------------------------------

    def _run(self, operation: str, call, fallback, keys=()):
        try:
            self._forget_stale()
            result = call()
        except RedisError as exc:
            self._failed(operation, exc, keys)
            if isinstance(fallback, Exception):
                raise fallback from exc
            return fallback
        if self._down_since is not None:
            self._recovered()
        return result

    def _failed(self, operation: str, exc: Exception, keys) -> None:
        if operation in WRITES:
            with self._stale_lock:
                for key in keys:
                    self._stale[key] = None
                while len(self._stale) > STALE_KEYS_KEPT:
                    self._stale.pop(next(iter(self._stale)))
        now = time.monotonic()
        self._skipped += 1
        if self._down_since is None:
            self._down_since = self._logged_at = now
            log.warning(
                "cache unreachable (%s: %s): reads are misses and writes are skipped until it "
                "answers again",
                operation,
                exc.__class__.__name__,
            )
        elif now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            log.warning(
                "cache still unreachable after %.0f s: %d operations skipped",
                now - self._down_since,
                self._skipped,
            )

    def _recovered(self) -> None:
        down_for = time.monotonic() - (self._down_since or time.monotonic())
        log.info(
            "cache reachable again after %.0f s; %d operations were skipped",
            down_for,
            self._skipped,
        )
        self._down_since = None
        self._skipped = 0

    def _forget_stale(self) -> None:
        """Delete the keys whose writes were skipped, before anything reads them here."""
        if not self._stale:
            return
        with self._stale_lock:
            keys = list(self._stale)
        self.get_client(write=True).delete(*keys)
        with self._stale_lock:
            for key in keys:
                self._stale.pop(key, None)

    def add(self, key, value, timeout):
        return self._run("add", lambda: super(Client, self).add(key, value, timeout), False, [key])

    def get(self, key, default):
        return self._run("get", lambda: super(Client, self).get(key, default), default)

    def set(self, key, value, timeout):
        self._run("set", lambda: super(Client, self).set(key, value, timeout), None, [key])

    def touch(self, key, timeout):
        return self._run("touch", lambda: super(Client, self).touch(key, timeout), False, [key])

    def delete(self, key):
        return self._run("delete", lambda: super(Client, self).delete(key), False, [key])

    def get_many(self, keys):
        return self._run("get_many", lambda: super(Client, self).get_many(keys), {})

    def has_key(self, key):
        return self._run("has_key", lambda: super(Client, self).has_key(key), False)

    def incr(self, key, delta):
        # As for a missing key: callers already handle that (accounts/ratelimit.py counts anew).
        missing = ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return self._run("incr", lambda: super(Client, self).incr(key, delta), missing, [key])

    def set_many(self, data, timeout):
        self._run("set_many", lambda: super(Client, self).set_many(data, timeout), None, data)

    def delete_many(self, keys):
        self._run("delete_many", lambda: super(Client, self).delete_many(keys), None, keys)

    def clear(self):
        return self._run("clear", lambda: super(Client, self).clear(), False)


WRITES = {"add", "set", "touch", "delete", "incr", "set_many", "delete_many"}


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = Client

    @cached_property
    def _cache(self) -> Client:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client
