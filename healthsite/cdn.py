"""Working with a CDN or shared cache (Varnish, Fastly, Cloudflare, ...) in front of the site.

Pages the page cache may keep are also sent to the CDN as cacheable
(``Cache-Control: public, max-age=PAGE_CACHE_BROWSER_SECONDS,
stale-while-revalidate=CDN_STALE_SECONDS``), with a header (``CDN_KEY_HEADER``,
``Surrogate-Key`` by default, ``Cache-Tag`` for some CDNs) naming what the page
shows, so the CDN can drop exactly those pages later:

- ``site`` and ``site-<generation>``: every page, and every page built under the
  page cache's current site generation;
- ``path-<hash>``: the page at one address (all its query strings);
- ``article-<id>`` and ``category-<path>`` for each topic above it: the article
  page, and the topic pages.

When the page cache's generation changes, ``purge`` is called with the keys of
what ended (``site-<old generation>``, or ``path-<hash>`` for one page), once the
change is committed. Pages for logged-in readers are ``private, no-store``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

EVERYTHING = "site"


def path_key(path: str) -> str:
    return "path-" + hashlib.sha256(path.encode()).hexdigest()[:16]


def site_key(site_generation) -> str:
    return f"site-{site_generation}"


def tag(request, *keys: str) -> None:
    """Name what ``request``'s page shows, for the CDN's key header (e.g. ``article-12``)."""
    request.cdn_keys = [*getattr(request, "cdn_keys", []), *keys]


def category_keys(category) -> list[str]:
    """``category-<path>`` for a topic and every topic above it, read off its path without a query."""
    if category is None:
        return []
    parts = category.path.split("/")
    return ["category-" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def header_value(keys: list[str]) -> str:
    # Surrogate-Key (Fastly, Varnish xkey) takes spaces; Cache-Tag (Cloudflare, Akamai) commas.
    separator = "," if settings.CDN_KEY_HEADER.lower() == "cache-tag" else " "
    return separator.join(dict.fromkeys(keys))


def response_keys(request, site_generation: str) -> list[str]:
    return [EVERYTHING, site_key(site_generation), path_key(request.path), *getattr(request, "cdn_keys", [])]


def purge(keys: list[str]) -> bool:
    """Ask the CDN at ``CDN_PURGE_URL`` to drop every page carrying any of ``keys``.

    The request carries the keys twice, so one setting suits most CDNs: in the key
    header (``Surrogate-Key: a b`` as Fastly and Varnish's xkey expect) and as JSON
    (``{"tags": [...]}``, as Cloudflare expects). ``CDN_PURGE_AUTH_HEADER``
    ("Name: value") authenticates it. Failures are logged, never raised: pages
    then expire on their own after ``max-age`` plus ``stale-while-revalidate``.
    A plain function, so a background task can run it instead of the request.
    """
    url = settings.CDN_PURGE_URL
    keys = list(dict.fromkeys(keys))
    if not url or not keys:
        return False
    headers = {"Content-Type": "application/json", settings.CDN_KEY_HEADER: header_value(keys)}
    if settings.CDN_PURGE_AUTH_HEADER and ":" in settings.CDN_PURGE_AUTH_HEADER:
        name, value = settings.CDN_PURGE_AUTH_HEADER.split(":", 1)
        headers[name.strip()] = value.strip()
    request = urllib.request.Request(
        url, data=json.dumps({"tags": keys}).encode(), headers=headers, method=settings.CDN_PURGE_METHOD
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.error("CDN purge of %s failed: %s", " ".join(keys), error)
        return False
    return True
