"""The cache (config/cache.py) while its Redis is down: reads are misses, writes are skipped and
logged, nothing raises, and a value written before the outage that went stale during it is
not served when Redis returns. Signed-in pages keep working, their sessions read from the
database. A redis-server of the test's own, stopped and started again."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.ratelimit import too_many
from tests.private_redis import running_redis

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings):
    """The production cache and session engine, on a persistent redis-server of our own."""
    with running_redis(persist=True) as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache.RedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        yield server


def test_it_reads_misses_and_skips_writes_while_redis_is_down(redis_cache, caplog):
    cache.set("kept", "before")
    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("kept") is None
        assert cache.get("kept", "default") == "default"
        cache.set("kept", "during")  # skipped, not raised
        assert cache.add("new", 1) is False
        assert cache.has_key("kept") is False
        assert cache.get_many(["kept", "new"]) == {}
        with pytest.raises(ValueError):
            cache.incr("counter")
        cache.delete("kept")
    assert "cache unreachable" in caplog.text

    redis_cache.start()
    assert cache.get("untouched") is None
    cache.set("after", "ok")
    assert cache.get("after") == "ok"


def test_a_value_that_went_stale_during_the_outage_is_not_served_after_it(redis_cache):
    cache.set("choice", "old")
    redis_cache.stop()
    cache.set("choice", "new")  # skipped: Redis keeps "old" on disk
    redis_cache.start()
    assert cache.get("choice") is None  # not "old": the stale key was deleted first
    cache.set("choice", "new")
    assert cache.get("choice") == "new"


def test_rate_limits_let_requests_through_while_redis_is_down(redis_cache):
    redis_cache.stop()
    assert not any(too_many("signup", "1.2.3.4", limit=2, window=60) for _ in range(5))
    redis_cache.start()
    assert [too_many("signup", "1.2.3.4", limit=2, window=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]


def test_signed_in_pages_are_served_while_redis_is_down(redis_cache, client, team, settings):
    client.force_login(team.owner)
    dashboard = reverse("interviews:dashboard")
    assert client.get(dashboard).status_code == 200

    redis_cache.stop()
    assert client.get(dashboard).status_code == 200  # the session comes from the database
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    redis_cache.start()

    # Ended during the outage while Redis still held it: replaying its cookie must not revive it.
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get(dashboard)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
