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
