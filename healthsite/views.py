"""Site-wide endpoints that belong to no app: the error page for server errors, the
load balancer's health check and the benchmark's baseline."""

import logging
import sys

from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Seconds a reader (or a crawler) is asked to wait before trying again.
RETRY_AFTER_DATABASE_ERROR = 30


def server_error(request):
    """The page for an unhandled error (``handler500``).

    A database error (unreachable, connection lost, timed out, refused a write)
    is the site's fault and usually passes: it answers 503 with "nothing was
    saved, please try again". Anything else answers 500. Either way Django logs
    the error and mails the admins. Both pages render without the database or
    the request, and fall back to plain text if even that fails.
    """
    # InterfaceError (a connection that has gone away) is not a DatabaseError.
    if isinstance(sys.exc_info()[1], DatabaseError | InterfaceError):
        template_name, status = "503.html", 503
        fallback = (
            "Sorry, something went wrong on our side. Nothing was saved: please try again in a few minutes."
        )
    else:
        template_name, status = "500.html", 500
        fallback = "Sorry, something went wrong. Please try again in a few minutes."
    try:
        body = loader.get_template(template_name).render({"site_name": settings.SITE_NAME})
        content_type = "text/html; charset=utf-8"
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        body, content_type = fallback, "text/plain; charset=utf-8"
    response = HttpResponse(body, status=status, content_type=content_type)
    # An error raised in the page cache, above the CSP and frame middleware, would
    # otherwise leave the page without their headers.
    response.setdefault("Content-Security-Policy", build_policy())
    response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_DATABASE_ERROR)
    return response


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok() -> bool:
    # The cache backend logs an outage itself, once a minute (healthsite/cache.py):
    # a load balancer probing every few seconds must not add a line each time.
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not.

    A cache that cannot be reached shows as ``"cache": "unavailable"`` and
    ``"status": "degraded"`` but still answers 200: pages are then served
    uncached, and a load balancer must not take every app server out of service
    because the one Redis they share is down.
    """
    database, cache_ok = _database_ok(), _cache_ok()
    status = "unavailable" if not database else "ok" if cache_ok else "degraded"
    body = {
        "status": status,
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_ok else "unavailable",
    }
    return JsonResponse(body, status=200 if database else 503)


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
