"""Whole-page cache for anonymous readers that never serves stale health content.

Pages are stored under keys that embed *generations*: a site-wide one, bumped
whenever something readers can see changes (an article is published, unpublished,
corrected or archived; a category, condition or contributor is edited), and one per
path, bumped when only that page changes (a comment approved or removed). Bumping a
generation makes every key built from the old one unreachable at once, on every app
server that shares the cache (Redis), and a response rendered before the bump can
only ever be stored under an old key, so a slow request cannot put stale content back.

Scheduled articles go live without any write: the cache also keeps the time of the
next scheduled go-live, and the first request after it bumps the site generation.

Only anonymous GET/HEAD requests are served from the cache: a request carrying a
session or messages cookie (a logged-in reader, staff, or a pending message) always
gets a fresh page, and only 200 responses that set no cookie and are not private are
stored.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

SITE_KEY = "pagecache:site-generation"
NEXT_CHANGE_KEY = "pagecache:next-change"
NO_SCHEDULED_CHANGE = 0.0


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _path_key(path: str) -> str:
    return "pagecache:path-generation:" + hashlib.sha256(path.encode()).hexdigest()


def _bump(key: str) -> None:
    cache = _cache()
    # add() then incr() is atomic on Redis and safe enough on local memory.
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=None)


def site_changed() -> None:
    """Everything readers may see could have changed: drop every cached page."""
    _bump(SITE_KEY)
    _cache().delete(NEXT_CHANGE_KEY)


def page_changed(path: str) -> None:
    """Only the page at ``path`` changed (e.g. its comments): drop that page."""
    _bump(_path_key(path))


def fragment_key(name: str, path: str) -> str:
    """A cache key for a piece of the page at ``path``, dropped with that page.

    It embeds the same generations as the page itself, so whatever would make the
    page fresh (a publish anywhere, a comment on this page) makes the piece fresh.
    """
    values = _cache().get_many([SITE_KEY, _path_key(path)])
    return f"pagecache:fragment:{name}:{values.get(SITE_KEY, 0)}:{values.get(_path_key(path), 0)}:{path}"


def get_fragment(key: str):
    return _cache().get(key) if settings.FRAGMENT_CACHE_SECONDS else None


def set_fragment(key: str, value) -> None:
    if settings.FRAGMENT_CACHE_SECONDS:
        _cache().set(key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)


def _next_scheduled_change() -> float:
    # Imported here: the cache mechanism must not make healthsite depend on articles
    # at import time.
    from articles.models import Article

    upcoming = (
        Article.objects.filter(status__in=Article.LIVE_STATUSES, go_live_at__gt=timezone.now())
        .order_by("go_live_at")
        .values_list("go_live_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else NO_SCHEDULED_CHANGE


def _has_personal_cookies(request) -> bool:
    return any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages"))


def _is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or _has_personal_cookies(request):
        return False
    return not any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE)


def _is_cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                patch_vary_headers(response, ["Cookie"])
                if _has_personal_cookies(request):
                    # Pages for a logged-in reader must never be kept by a shared cache.
                    patch_cache_control(response, private=True)
            return response

        key = self._key(request)
        cached = _cache().get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if _is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            set_response_etag(response)
            response["X-Page-Cache"] = "miss"
            _cache().set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    def _key(self, request) -> str:
        cache = _cache()
        path = request.path
        values = cache.get_many([SITE_KEY, NEXT_CHANGE_KEY, _path_key(path)])
        next_change = values.get(NEXT_CHANGE_KEY)
        if next_change is None:
            next_change = _next_scheduled_change()
            cache.set(NEXT_CHANGE_KEY, next_change, timeout=settings.PAGE_CACHE_SECONDS)
        if next_change != NO_SCHEDULED_CHANGE and time.time() >= next_change:
            site_changed()
            return self._key(request)
        full_path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return (
            f"pagecache:page:{values.get(SITE_KEY, 0)}:{values.get(_path_key(path), 0)}:"
            f"{request.method}:{request.get_host()}:{full_path}"
        )
