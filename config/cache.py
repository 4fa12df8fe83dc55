"""The Redis cache, with one client per process.

Django builds a cache backend for each thread (for each request context under ASGI), its Redis
backend builds a client with its own connection pool for each backend, and that client builds a
redis-py client object for every command. Under the ASGI server, where each request's sync code
runs in a thread of its own, every request paid for a new connection to Redis, and redis-py
read its own package metadata from disk to name itself to the server. Here the client, its
pools and its redis-py clients live as long as the process. redis-py's clients and pools are
thread-safe, and a pool re-opens its connections after a fork.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property

_clients: dict[tuple, RedisCacheClient] = {}
_lock = threading.Lock()


class Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._redis_clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._redis_clients.get(index)
        if client is None:
            client = self._redis_clients[index] = super().get_client(key, write=write)
        return client


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
