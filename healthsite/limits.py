"""How often a reader, an account or a network may do something: counted and checked in one step.

Each limit is a counter in the ``counters`` cache (Redis in production, shared by
every app server) for a fixed window of time. ``take`` adds one to each counter
with the cache's atomic increment and compares the new value with the limit, so
however many requests arrive at the same instant, at most the limit of them see
a value within it: checking first and counting after the work is done (as this
site once did) let a burst of 20 comments store 7 against a limit of 5.

An attempt refused for another reason (a comment's wording, say) can be given
back with ``Attempt.give_back``, so the reader does not lose a turn for it.

When the counters cannot be reached, ``take`` raises ``CountersUnavailable`` and
the caller refuses what was posted (fails closed): an uncounted post would lift
every limit exactly while the cache is down, which an attacker could arrange.
Reading pages never consults the counters, so it carries on (fails open).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

CACHE_ALIAS = "counters"
# Counters outlive their window a little, so a slow request never finds its own gone.
EXPIRY_MARGIN_SECONDS = 5
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class CountersUnavailable(Exception):
    """The counters cannot be read or written: refuse the attempt, it cannot be counted."""


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/10m"`` (five in ten minutes) as ``(5, 600)``; units are s, m, h and d."""
    match = _RATE.match(rate or "")
    if not match:
        raise ImproperlyConfigured(f"A rate limit must look like 5/h or 20/10m, not {rate!r}.")
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _UNIT_SECONDS[unit]
    if seconds < 1:
        raise ImproperlyConfigured(f"A rate limit needs a time of at least one second, not {rate!r}.")
    return int(count), seconds


def network_address(request) -> str:
    """The reader's address, or the /64 network of an IPv6 address (one household or device).

    Behind a proxy, ``RATELIMIT_IP_META_KEY`` names the request header the proxy
    writes the address into.
    """
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    raw = (request.META.get(meta_key) or "").split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass(frozen=True)
class Limit:
    """At most ``rate`` attempts (e.g. "5/10m") named ``name`` for one ``value`` (an account, an address)."""

    name: str
    value: str
    rate: str


@dataclass(frozen=True)
class Exceeded:
    limit: Limit
    allowed: int
    seconds_left: int


@dataclass
class Attempt:
    """One counted attempt: which limit it went over, if any, and how to give it back."""

    exceeded: Exceeded | None
    _keys: list[str] = field(default_factory=list)

    def give_back(self) -> None:
        """Uncount this attempt, e.g. because it was refused for another reason."""
        cache = caches[CACHE_ALIAS]
        for key in self._keys:
            try:
                cache.decr(key)
            except (ValueError, RedisError, OSError):
                # Expired, or the cache is gone: the reader only loses a turn.
                pass
        self._keys = []


def _key(limit: Limit, window: int) -> str:
    # Hashed: values can be email addresses, which need not sit in the cache as they are.
    value = hashlib.sha256(limit.value.encode()).hexdigest()[:32]
    return f"limits:{limit.name}:{value}:{window}"


def take(limits: list[Limit]) -> Attempt:
    """Count one attempt against every limit in ``limits``, atomically for each.

    Every counter is increased, even past the first exceeded one (an attempt is an
    attempt). Raises ``CountersUnavailable`` when the counters cannot be reached.
    """
    cache = caches[CACHE_ALIAS]
    now = time.time()
    attempt = Attempt(exceeded=None)
    try:
        for limit in limits:
            allowed, period = parse_rate(limit.rate)
            window = int(now // period) * period
            key = _key(limit, window)
            cache.add(key, 0, timeout=period + EXPIRY_MARGIN_SECONDS)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=period + EXPIRY_MARGIN_SECONDS)
                count = 1
            attempt._keys.append(key)
            if count > allowed and attempt.exceeded is None:
                attempt.exceeded = Exceeded(limit, allowed, max(0, int(window + period - now)))
    except (RedisError, OSError) as error:
        # Counters already increased stay so: the attempt is refused all the same.
        raise CountersUnavailable(str(error)) from error
    return attempt
