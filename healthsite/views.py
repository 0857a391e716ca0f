"""Site-wide endpoints that belong to no app: the load balancer's health check and
the benchmark's baseline."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.exception("Health check: cache unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the cache both answer, 503 otherwise."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


_BASELINE_BODIES: dict[int, bytes] = {}


def bench_baseline(request, size: int):
    """The benchmark's yardstick: the cheapest Django page of a given size.

    Mounted only when DJANGO_BENCH_BASELINE is on (bench/run.py): it goes through
    the same middleware as every page but does no work of its own.
    """
    size = min(size, 5_000_000)
    if size not in _BASELINE_BODIES:
        _BASELINE_BODIES[size] = b"x" * size
    return HttpResponse(_BASELINE_BODIES[size], content_type="text/html; charset=utf-8")
