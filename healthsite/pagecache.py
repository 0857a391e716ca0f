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
from collections import OrderedDict
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

SITE_KEY = "pagecache:site-generation"
NEXT_CHANGE_KEY = "pagecache:next-change"
NO_SCHEDULED_CHANGE = 0.0


# During a request: the site generation it has read (see ``site_wide``) and the
# fragments it has read ahead (see ``read_fragments_ahead``).
_request_reads: ContextVar[dict | None] = ContextVar("pagecache_request_reads", default=None)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _path_key(path: str) -> str:
    return "pagecache:path-generation:" + hashlib.sha256(path.encode()).hexdigest()


def _fresh_generation() -> int:
    # Never a number used before: if the shared cache is emptied (a restart, an
    # eviction), no copy kept under an old generation can match a new one.
    return time.time_ns()


def _bump(key: str) -> None:
    cache = _cache()
    # add() then incr() is atomic on Redis and safe enough on local memory.
    cache.add(key, _fresh_generation(), timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, _fresh_generation(), timeout=None)


def _current(cache, path_key: str, *keys: str) -> tuple[tuple[int, int], dict]:
    """The site's and the page's current generations, and ``keys`` read with them.

    One round trip to the cache. A scheduled go-live that has come, or a
    forgotten go-live time, or a missing site generation (the cache was emptied)
    starts the site afresh first, so nothing kept before (in this process too)
    matches any more.
    """
    values = cache.get_many([SITE_KEY, NEXT_CHANGE_KEY, path_key, *keys])
    next_change = values.get(NEXT_CHANGE_KEY)
    if (
        values.get(SITE_KEY) is None
        or next_change is None
        or (next_change != NO_SCHEDULED_CHANGE and time.time() >= next_change)
    ):
        site_changed()
        values.update(cache.get_many([SITE_KEY, path_key]))
    if values.get(path_key) is None:
        # Started like the site's, never at a number used before: a page
        # generation that the cache dropped cannot come back to an old value.
        cache.add(path_key, _fresh_generation(), timeout=None)
        values[path_key] = cache.get(path_key)
    # Should the cache drop a generation in between, a fresh number matches nothing kept.
    site = values.get(SITE_KEY) or _fresh_generation()
    reads = _request_reads.get()
    if reads is not None:
        reads.setdefault("site", site)
    return (site, values[path_key] or _fresh_generation()), values


def _now_and_on_commit(purge) -> None:
    purge()
    if transaction.get_connection().in_atomic_block:
        # Until the change commits, other requests still read the old rows and may
        # store pages built from them under the generation just bumped: purge again
        # once the change is visible to everyone. (A rolled-back change only cost a
        # needless purge.)
        transaction.on_commit(purge)


def _site_changed() -> None:
    reads = _request_reads.get()
    if reads is not None:  # this request changed the site: what it read is out of date
        reads.clear()
    _bump(SITE_KEY)
    # Kept without expiry: if this were forgotten and worked out again only after
    # a go-live time had passed, that go-live would never empty the cache.
    _cache().set(NEXT_CHANGE_KEY, _next_scheduled_change(), timeout=None)


def site_changed() -> None:
    """Everything readers may see could have changed: drop every cached page."""
    _now_and_on_commit(_site_changed)


def page_changed(path: str) -> None:
    """Only the page at ``path`` changed (e.g. its comments): drop that page."""
    key = _path_key(path)
    _now_and_on_commit(lambda: _bump(key))


def _fragment_key(name: str, path: str, variant: str) -> str:
    return f"pagecache:fragment:{name}:" + hashlib.sha256(f"{path}\n{variant}".encode()).hexdigest()


def page_variant(request) -> str:
    """What tells apart the versions of one page a template fragment is kept for:
    the host and the whole address with its query string (``{% sharedfragment %}``)."""
    return f"{request.get_host()}{request.get_full_path()}"


def read_fragments_ahead(request, *names: str) -> None:
    """Read this page's template fragments called ``names`` with the generations, in one
    round trip to the cache, before the page starts rendering.

    Otherwise the header's main menu reads the generations first, and each
    fragment further down makes a trip of its own: on a search nobody has made
    before, the waits for the cache were a large part of the page's time. Only a
    fragment kept under ``request.path`` and ``page_variant(request)`` (as
    ``{% sharedfragment %}`` keeps them) can be read ahead.
    """
    reads = _request_reads.get()
    if not settings.FRAGMENT_CACHE_SECONDS or reads is None or reads.get("whole page"):
        return
    variant = page_variant(request)
    keys = [_fragment_key(name, request.path, variant) for name in names]
    generations, values = _current(_cache(), _path_key(request.path), *keys)
    reads.setdefault("ahead", {}).update({key: (generations, values.get(key)) for key in keys})


def cached_fragment(name: str, path: str, build, *, variant: str = "", store: bool = True):
    """``build()``'s value for a piece of the page at ``path``, kept until that page changes.

    Whatever would make the page fresh (a publish anywhere, a comment on this
    page) makes the piece fresh too: it is stored with the generations read
    before ``build()`` ran, and used only while they are still current.
    ``variant`` tells apart versions of one page (host, page number). With
    ``store`` false, a piece that is not kept yet is built but not stored.
    """
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    cache = _cache()
    key = _fragment_key(name, path, variant)
    reads = _request_reads.get()
    # Read ahead with the generations by this request (if it has changed the site
    # since, what it read is gone and the piece is read again).
    ahead = reads.get("ahead", {}).pop(key, None) if reads else None
    if ahead is not None:
        generations, stored = ahead
    else:
        generations, values = _current(cache, _path_key(path), key)
        stored = values.get(key)
    if stored is not None and stored[0] == generations:
        return stored[1]
    value = build()
    if store:
        cache.set(key, (generations, value), timeout=settings.FRAGMENT_CACHE_SECONDS)
    return value


def page_fragment(request, name: str, build):
    """``build()``'s value for a piece of the page at ``request``'s own address (host,
    path and query string), kept until that page changes.

    When the page cache looks after this page, and keeps pages at least as long
    as pieces, the piece is only built: the page cache stores the whole page
    instead, and reading and storing the piece too cost a new search two round
    trips to the cache. An address with a query string is stored from its
    second asking (see ``asked_before``).
    """
    reads = _request_reads.get()
    if reads is not None and reads.get("whole page"):
        return build()
    variant = page_variant(request)
    return cached_fragment(
        name, request.path, build, variant=variant, store=asked_before(request, f"{name}\n{variant}")
    )


class _RecentKeys:
    """The last ``max_entries`` keys this process was asked about, oldest dropped first.

    Only the keys' hashes are kept: two keys sharing one only means the second
    is stored a request early.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.keys: OrderedDict[int, None] = OrderedDict()

    def seen_before(self, key: str) -> bool:
        """Whether ``key`` was asked about before (and is still remembered); remembers it."""
        hashed = hash(key)
        if hashed in self.keys:
            self.keys.move_to_end(hashed)
            return True
        self.keys[hashed] = None
        if len(self.keys) > self.max_entries:
            self.keys.popitem(last=False)
        return False

    def clear(self) -> None:
        self.keys.clear()


# About 2 MB at most.
_asked_once = _RecentKeys(max_entries=20_000)


def asked_before(request, key: str) -> bool:
    """Whether a page or piece called ``key``, for ``request``, is worth storing now.

    Always, for an address without a query string (an article, a list). For one
    with a query string (a search, a page of a list, a link with tracking
    words), only from the second time this process is asked for it: most
    searches are made once, and storing each cost a round trip to the cache that
    no reader ever gained from. A repeated search is stored the second time, and
    from then on costs nothing to answer.
    """
    if not request.META.get("QUERY_STRING"):
        return True
    return _asked_once.seen_before(key)


def kept_object(request, name: str, find):
    """``find()``: the object the page at ``request.path`` shows (or None), kept with that
    page's fragments so that a kept page need not look it up.

    Anything that changes the object, or whether readers may see it, starts the
    fragments afresh, so a kept object is never stale.
    """
    return cached_fragment(f"{name}-row", request.path, find)


_SITE_WIDE_KEY = _path_key("<site-wide values>")
_site_wide_values: dict[str, tuple[int, object]] = {}


def site_wide(name: str, build):
    """``build()``'s value for something every page shows (the main navigation), kept
    in this process until anything on the site changes.

    Costs no query: the site generation this request has already read (with its
    first kept page or fragment), or else one small read of the shared
    generations. Turned off with the fragment cache.
    """
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    reads = _request_reads.get()
    site = reads.get("site") if reads is not None else None
    if site is None:
        (site, _), _ = _current(_cache(), _SITE_WIDE_KEY)
    kept = _site_wide_values.get(name)
    if kept is not None and kept[0] == site:
        return kept[1]
    value = build()
    _site_wide_values[name] = (site, value)
    return value


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


class _LocalPages:
    """A small, bounded, least-recently-used copy of pages in this process."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages: OrderedDict[str, tuple] = OrderedDict()

    def get(self, key: str):
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
        return page

    def put(self, key: str, page: tuple) -> None:
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old[3])
        self.pages[key] = page
        self.size += len(page[3])
        while self.size > self.max_bytes and self.pages:
            _, dropped = self.pages.popitem(last=False)
            self.size -= len(dropped[3])

    def clear(self) -> None:
        self.pages.clear()
        self.size = 0


_local_pages = _LocalPages(max_bytes=8 * 1024 * 1024)


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring).

    A hit costs one round trip to the cache: the generations and the stored page
    are fetched together, and the page is used only if it was stored under the
    generations that are current now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What this request reads of the generations is shared by its pieces:
        # a page is built from one reading of the site, and asks for it once.
        token = _request_reads.set({})
        try:
            return self._respond(request)
        finally:
            _request_reads.reset(token)

    def _respond(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                patch_vary_headers(response, ["Cookie"])
                if _has_personal_cookies(request):
                    # Pages for a logged-in reader must never be kept by a shared cache.
                    patch_cache_control(response, private=True)
            return response

        cache = _cache()
        path_key = _path_key(request.path)
        page_key = _page_key(request)
        # This process keeps its own copy of recent pages, checked against the
        # shared generations: a hit then moves three numbers, not the page. Without
        # a copy of its own, the page is read with the generations (one round trip).
        local = _local_pages.get(page_key)
        generations, values = _current(cache, path_key, *([] if local else [page_key]))
        stored = local
        if stored is None or stored[0] != generations:
            stored = values.get(page_key) if local is None else cache.get(page_key)
            if stored is not None and stored[0] == generations:
                _local_pages.put(page_key, stored)
        if stored is not None and stored[0] == generations:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response

        # Rendered after the generations were read: if something changes meanwhile,
        # this copy is stored under the old generations and never served.
        # The pieces of this page's own address are left to the page cache (see page_fragment).
        _request_reads.get()["whole page"] = settings.PAGE_CACHE_SECONDS >= settings.FRAGMENT_CACHE_SECONDS
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if _is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            set_response_etag(response)
            if asked_before(request, page_key):
                headers = list(response.items())
                cache.set(
                    page_key,
                    (generations, response.status_code, headers, response.content),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            response["X-Page-Cache"] = "miss"
        return response


def _page_key(request) -> str:
    full_path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:page:{request.method}:{request.get_host()}:{full_path}"
