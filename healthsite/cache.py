"""Django's Redis cache, made optional: when Redis cannot be reached, the site runs without it.

The cache only makes pages faster, so an outage must not take pages down. This
backend is ``django.core.cache.backends.redis.RedisCache`` with one change: a
connection error or a timeout is treated as a miss (reads return the default,
writes are dropped), so every page is rendered afresh, slower but correct.

Three details keep an outage cheap:

- After a failure the backend stops asking Redis for ``pause_after_failure``
  seconds (an option, 5 by default) and answers every call as a miss at once: a
  Redis that hangs costs one request the client's timeout every few seconds per
  process, not every request every call.
- The error is logged once a minute per process, with how many calls failed
  since, instead of once a call; when Redis answers again that is logged too.
- State is kept per Redis address for the whole process (every thread), as
  Django builds one backend object per thread.

Rate-limit counters must not be forgiven like this: a miss there would let every
post through. They use a cache alias with the stock backend (``counters`` in
settings), and their callers decide what an outage means (see healthsite/limits.py).
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Refused or dropped connections, unknown hosts, a server still loading its data
# (BusyLoadingError is a ConnectionError), replies that never come, and a server
# that refuses writes (out of memory, or a replica after a failover).
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError, OutOfMemoryError, ReadOnlyError)
LOG_EVERY_SECONDS = 60.0
DEFAULT_PAUSE_SECONDS = 5.0


class _Health:
    """Whether one Redis server answered lately; shared by every thread of the process."""

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.resting_until = 0.0
        self.down_since: float | None = None
        self.logged_at = float("-inf")
        self.unlogged_misses = 0

    def resting(self) -> bool:
        if time.monotonic() < self.resting_until:
            self.unlogged_misses += 1  # a statistic for the log: a lost count under a race is harmless
            return True
        return False

    def failed(self, error: Exception, pause: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.resting_until = now + pause
            if self.down_since is None:
                self.down_since = now
            self.unlogged_misses += 1
            if now - self.logged_at < LOG_EVERY_SECONDS:
                return
            misses, self.unlogged_misses, self.logged_at = self.unlogged_misses, 0, now
        logger.error(
            "The cache at %s cannot be reached (%s: %s); pages are served without it. "
            "%d call(s) went without the cache since the last message; trying again every %g seconds.",
            self.name,
            type(error).__name__,
            error,
            misses,
            pause,
        )

    def answered(self) -> None:
        if self.down_since is None:  # the usual case: no lock needed
            return
        with self.lock:
            if self.down_since is None:
                return
            seconds, self.down_since = time.monotonic() - self.down_since, None
            self.unlogged_misses = 0
            self.logged_at = float("-inf")
        logger.warning("The cache at %s answers again after %.0f seconds.", self.name, seconds)


_HEALTH: dict[str, _Health] = {}
_HEALTH_LOCK = threading.Lock()


def _health_for(servers: list[str]) -> _Health:
    # Named without any password in the address: the name goes into logs.
    parts = [urlsplit(server) for server in servers]
    name = ", ".join(f"{part.hostname}:{part.port or 6379}{part.path}" for part in parts)
    with _HEALTH_LOCK:
        return _HEALTH.setdefault(name, _Health(name))


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that answers as an empty cache while Redis is down (see the module docstring)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.pause_after_failure = float(options.pop("pause_after_failure", DEFAULT_PAUSE_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._health = _health_for(self._servers)

    def is_reachable(self) -> bool:
        """False while the backend is resting after a failure (calls are answered as misses)."""
        return time.monotonic() >= self._health.resting_until

    def _attempt(self, fallback, method, *args, **kwargs):
        if self._health.resting():
            return fallback
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._health.failed(error, self.pause_after_failure)
            return fallback
        self._health.answered()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._attempt(missing, super().incr, key, delta, version)
        if result is missing:
            # What Django's backends raise for a key that is not there: an
            # unreachable cache holds nothing.
            raise ValueError(f"Key '{key}' not found (the cache cannot be reached).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)
