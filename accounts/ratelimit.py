"""Counting attempts per key in the cache, for the forms that mail people or create accounts.

Login has django-axes; sign-up, password reset and the confirmation resend are limited here. With
REDIS_URL set the cache is Redis, so every web process shares one count.
"""

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # The same address the login lockout counts, so both read a proxy's headers alike.
    return get_client_ip_address(request) or "unknown"


def too_many(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for (scope, key); true once there were more than `limit` in `window`
    seconds. The window starts at the first attempt, so a burst is let through at most once."""
    name = f"ratelimit:{scope}:{key.lower()}"
    if cache.add(name, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        count = 1
    return count > limit
