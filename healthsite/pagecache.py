"""Whole-page cache for anonymous readers that never serves stale health content.

Pages are stored under keys that embed *generations*: a site-wide one, bumped
whenever something readers can see changes (an article is published, unpublished,
corrected or archived; a category, condition or contributor is edited), and one per
path, bumped when only that page changes (a comment approved or removed). Bumping a
generation makes every key built from the old one unreachable at once, on every app
server that shares the cache (Redis), and a response rendered before the bump can
only ever be stored under an old key, so a slow request cannot put stale content back.

Scheduled articles go live, and reviews fall due, without any write: the cache also
keeps the time of the next such change (a go-live, or the day a live article's review
becomes overdue, which its page says), and the first request after it bumps the site
generation.

Only anonymous GET/HEAD requests are served from the cache: a request carrying a
session or messages cookie (a logged-in reader, staff, or a pending message) always
gets a fresh page, and only 200 responses that set no cookie and are not private are
stored. Parts of pages that every reader shares are kept with Django's ``{% cache %}``
tag, with ``page_generation`` (see ``generation``) among its keys, so they are
dropped exactly when whole pages are.

The cache is an accelerator, never a requirement: while it cannot be reached
(healthsite/cache.py answers as an empty cache), every request gets a generation
no kept copy can match, so pages are rendered afresh and nothing is stored. A
change that could not be recorded meanwhile is made up for by starting the whole
site afresh as soon as the cache answers again.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from healthsite import cdn

SITE_KEY = "pagecache:site-generation"
NEXT_CHANGE_KEY = "pagecache:next-change"
# When a generation last changed: replicas (healthsite/replicas.py) are not read from until
# they can have replayed the change.
CHANGED_AT_KEY = "pagecache:changed-at"
NO_SCHEDULED_CHANGE = 0.0

# A generation bump this process could not record because the cache was down.
_unrecorded_change = False


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _reachable(cache) -> bool:
    # Only healthsite.cache.ResilientRedisCache can be unreachable without raising.
    is_reachable = getattr(cache, "is_reachable", None)
    return is_reachable is None or is_reachable()


def _path_key(path: str) -> str:
    return "pagecache:path-generation:" + hashlib.sha256(path.encode()).hexdigest()


def _fresh_generation() -> int:
    # Never a number used before: if the shared cache is emptied (a restart, an
    # eviction), no copy kept under an old generation can match a new one.
    return time.time_ns()


def _bump(key: str):
    """A new generation under ``key``; returns the one that ended, if it was known."""
    global _unrecorded_change
    cache = _cache()
    ended = cache.get(key) if settings.CDN_PURGE_URL else None
    # add() then incr() is atomic on Redis and safe enough on local memory.
    cache.add(key, _fresh_generation(), timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, _fresh_generation(), timeout=None)
    if settings.DATABASE_REPLICAS:
        cache.set(CHANGED_AT_KEY, time.time(), timeout=None)
    if not _reachable(cache):
        # Pages kept before the change may still be in the cache when it comes back.
        _unrecorded_change = True
    return ended


def _read(path: str, *keys: str) -> tuple[str, dict]:
    """The site's and the page's current generations as one string, and ``keys`` read
    with them, in one round trip to the cache.

    A scheduled go-live that has come, a forgotten go-live time, or a missing site
    generation (the cache was emptied) starts the site afresh first.
    """
    global _unrecorded_change
    cache = _cache()
    if _unrecorded_change and _reachable(cache):
        _unrecorded_change = False
        cdn.purge(_site_changed())
    path_key = _path_key(path)
    values = cache.get_many([SITE_KEY, NEXT_CHANGE_KEY, CHANGED_AT_KEY, path_key, *keys])
    if not _reachable(cache):
        # Matches no kept page or part, and costs no further call to the cache.
        return f"{_fresh_generation()}.0", {}
    next_change = values.get(NEXT_CHANGE_KEY)
    if (
        values.get(SITE_KEY) is None
        or next_change is None
        or (next_change != NO_SCHEDULED_CHANGE and time.time() >= next_change)
    ):
        ended = _site_changed()
        if values.get(SITE_KEY) is not None:  # a go-live came, rather than an emptied cache
            cdn.purge(ended)
        values.update(cache.get_many([SITE_KEY, path_key]))
    if values.get(path_key) is None:
        # Started like the site's, never at a number used before.
        cache.add(path_key, _fresh_generation(), timeout=None)
        values[path_key] = cache.get(path_key)
    # Should the cache drop a generation in between, a fresh number matches nothing kept.
    site = values.get(SITE_KEY) or _fresh_generation()
    return f"{site}.{values[path_key] or _fresh_generation()}", values


def last_change(request) -> float | None:
    """When (a Unix time) a generation last changed, if known; read with the generations when it can be."""
    if not hasattr(request, "page_cache_values"):
        request.page_cache_values = _cache().get_many([CHANGED_AT_KEY])
    return request.page_cache_values.get(CHANGED_AT_KEY)


def generation(request) -> str:
    """The generations of the site and of ``request``'s page, for keys of kept parts.

    Read once per request (the page cache has usually read it already).
    """
    if not hasattr(request, "page_generation"):
        request.page_generation, _ = _read(request.path)
    return request.page_generation


def site_generation(request) -> str:
    """The site's generation alone, for parts that are the same on every page (the main menu)."""
    return generation(request).split(".", 1)[0]


def _now_and_on_commit(purge) -> None:
    """Run ``purge`` (which returns the CDN keys of what it ended) now and after commit.

    The CDN is asked to drop pages once, after commit: before then it could fetch
    the old page again at once.
    """
    ended = purge()
    if transaction.get_connection().in_atomic_block:
        # Until the change commits, other requests still read the old rows and may
        # store pages built from them under the generation just bumped: purge again
        # once the change is visible to everyone. (A rolled-back change only cost a
        # needless purge.)
        transaction.on_commit(lambda: cdn.purge([*ended, *purge()]))
    else:
        cdn.purge(ended)


def _site_changed() -> list[str]:
    ended = _bump(SITE_KEY)
    if _reachable(_cache()):
        # Kept without expiry: if this were forgotten and worked out again only after
        # a go-live time had passed, that go-live would never empty the cache.
        _cache().set(NEXT_CHANGE_KEY, _next_scheduled_change(), timeout=None)
    # Without the old generation (the cache was emptied or down), only "everything" names it.
    return [cdn.site_key(ended) if ended is not None else cdn.EVERYTHING]


def site_changed() -> None:
    """Everything readers may see could have changed: drop every cached page."""
    _now_and_on_commit(_site_changed)


def page_changed(path: str) -> None:
    """Only the page at ``path`` changed (e.g. its comments): drop that page."""
    key = _path_key(path)

    def purge() -> list[str]:
        _bump(key)
        return [cdn.path_key(path)]

    _now_and_on_commit(purge)


def _next_scheduled_change() -> float:
    # Imported here: the cache mechanism must not make healthsite depend on articles
    # at import time.
    from articles.models import Article

    upcoming = (
        Article.objects.with_live_status()
        .filter(go_live_at__gt=timezone.now())
        .order_by("go_live_at")
        .values_list("go_live_at", flat=True)
        .first()
    )
    overdue = Article.objects.with_live_status().next_overdue_at()
    changes = [moment.timestamp() for moment in (upcoming, overdue) if moment is not None]
    return min(changes) if changes else NO_SCHEDULED_CHANGE


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


def _page_key(request) -> str:
    full_path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:page:{request.method}:{request.get_host()}:{full_path}"


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring).

    A hit costs one round trip to the cache: the generations and the stored page
    are fetched together, and the page is used only if it was stored under the
    generations that are current now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                patch_vary_headers(response, ["Cookie"])
                if _has_personal_cookies(request):
                    # Pages for a logged-in reader must never be kept by a shared cache.
                    patch_cache_control(response, private=True, no_store=True)
            return response

        page_key = _page_key(request)
        request.page_generation, values = _read(request.path, page_key)
        request.page_cache_values = values
        stored = values.get(page_key)
        if stored is not None and stored[0] == request.page_generation:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response

        # Rendered after the generations were read: if something changes meanwhile,
        # this copy is stored under the old generations and never served.
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if _is_cacheable_response(response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
                stale_while_revalidate=settings.CDN_STALE_SECONDS,
            )
            response[settings.CDN_KEY_HEADER] = cdn.header_value(
                cdn.response_keys(request, site_generation(request))
            )
            if hasattr(response, "render") and callable(response.render):
                response.render()
            set_response_etag(response)
            cache = _cache()
            if _reachable(cache):
                cache.set(
                    page_key,
                    (request.page_generation, response.status_code, list(response.items()), response.content),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            response["X-Page-Cache"] = "miss"
        return response
