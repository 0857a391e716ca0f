"""Checking that sources' web addresses still work (``manage.py check_sources``).

``check_sources()`` is a plain function, so a task queue or a timer can call it
as the command does. It asks each address with HEAD first (cheap), then GET when
HEAD is refused or fails, never reading more than the status line and headers;
follows up to five redirects itself so a moved page is reported with its new
address; waits at most ``SOURCE_CHECK_TIMEOUT`` seconds per request; asks each
host at most ``SOURCE_CHECK_PER_HOST`` times per run, ``SOURCE_CHECK_HOST_DELAY``
seconds apart, oldest-checked addresses first, so one big site is never
hammered and every address gets its turn over a few runs. The result and date
are stored per address (``SourceLinkCheck``), where the checklist, the article
page in the admin and the source-links report read them.

The network is reached only through a *transport*: a callable
``transport(method, url, timeout) -> Answer``. Tests pass a fake one.
"""

from __future__ import annotations

import http.client
import logging
import ssl
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

from articles.models import Article, Source, SourceLinkCheck

logger = logging.getLogger(__name__)

Outcome = SourceLinkCheck.Outcome
MAX_REDIRECTS = 5
USER_AGENT = "HealthsiteSourceChecker/1.0 (checks that cited sources still work)"
# Servers that answer these mean "not for robots", not "gone".
RESTRICTED_STATUSES = {401, 403, 429}


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""


class TransportError(Exception):
    """The server could not be reached or did not answer in time."""


Transport = Callable[[str, str, float], Answer]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 3xx answer back; check_url follows it itself


_opener = urllib.request.build_opener(_NoRedirects)


def urllib_transport(method: str, url: str, timeout: float) -> Answer:
    """The real network, with the standard library. Reads no body."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.headers.get("Location", ""))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Location", "") if error.headers else "")
    except (urllib.error.URLError, http.client.HTTPException, ssl.SSLError, OSError, ValueError) as error:
        # OSError covers timeouts, refused connections and unknown hosts.
        reason = getattr(error, "reason", error)
        raise TransportError(str(reason)[:200] or error.__class__.__name__) from error


@dataclass
class Result:
    outcome: str
    status: int | None = None
    final_url: str = ""
    detail: str = ""


def _ask(transport: Transport, url: str, timeout: float) -> Answer:
    """HEAD, then GET when HEAD is refused, fails or is not understood."""
    try:
        answer = transport("HEAD", url, timeout)
    except TransportError:
        answer = None
    if answer is None or answer.status in (400, 403, 404, 405, 429, 500, 501, 503):
        # Many servers answer HEAD wrongly; a GET is what a reader's browser sends.
        try:
            return transport("GET", url, timeout)
        except TransportError:
            if answer is None:
                raise
    return answer


def check_url(url: str, *, transport: Transport, timeout: float) -> Result:
    """Where ``url`` leads now: works, moved (and where to), restricted, broken or unreachable."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Result(Outcome.BROKEN, detail="Not a web address (http or https).")
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            answer = _ask(transport, current, timeout)
        except TransportError as error:
            return Result(Outcome.UNREACHABLE, detail=str(error)[:300])
        if 300 <= answer.status < 400 and answer.location:
            following = urljoin(current, answer.location)
            if urlsplit(following).scheme not in ("http", "https"):
                return Result(
                    Outcome.BROKEN, answer.status, detail="Redirects somewhere that is not a web page."
                )
            current = following
            continue
        if 200 <= answer.status < 300:
            if current != url:
                return Result(Outcome.MOVED, answer.status, final_url=current[:2000])
            return Result(Outcome.OK, answer.status)
        if answer.status in RESTRICTED_STATUSES:
            return Result(Outcome.RESTRICTED, answer.status, final_url=current if current != url else "")
        return Result(Outcome.BROKEN, answer.status, final_url=current if current != url else "")
    return Result(Outcome.BROKEN, detail=f"More than {MAX_REDIRECTS} redirects.")


def addresses_to_check() -> list[str]:
    """Every distinct source address of articles not archived, and of corrections waiting for review."""
    urls = set(
        Source.objects.exclude(url="")
        .exclude(article__status=Article.Status.ARCHIVED)
        .values_list("url", flat=True)
        .distinct()
    )
    for article in Article.objects.with_live_status().exclude(correction_status=""):
        pending = article.pending_revision()
        if pending is not None:
            urls.update(source["url"] for source in pending.content.get("sources", []) if source.get("url"))
    return sorted(url for url in urls if len(url) <= 500)


@dataclass
class Report:
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped_recent: int = 0
    deferred: int = 0  # over the per-host limit: next run

    @property
    def total(self) -> int:
        return sum(self.checked.values())


def check_sources(
    *,
    transport: Transport | None = None,
    urls: Iterable[str] | None = None,
    timeout: float | None = None,
    per_host: int | None = None,
    host_delay: float | None = None,
    recheck_after: timedelta = timedelta(hours=20),
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    progress: Callable[[int, int, str, Result], None] | None = None,
    now: datetime | None = None,
) -> Report:
    """Check source addresses and store each result with its date; return what was found.

    Addresses checked less than ``recheck_after`` ago are skipped. The limits
    default to the ``SOURCE_CHECK_*`` settings. Safe to run from a timer or a
    task queue: every address is stored as soon as it is checked.
    """
    transport = transport or urllib_transport
    timeout = settings.SOURCE_CHECK_TIMEOUT if timeout is None else timeout
    per_host = settings.SOURCE_CHECK_PER_HOST if per_host is None else per_host
    host_delay = settings.SOURCE_CHECK_HOST_DELAY if host_delay is None else host_delay
    now = now or timezone.now()
    wanted = sorted(set(addresses_to_check() if urls is None else urls))
    last = dict(SourceLinkCheck.objects.filter(url__in=wanted).values_list("url", "checked_at"))
    report = Report()
    due = []
    for url in wanted:
        if url in last and last[url] > now - recheck_after:
            report.skipped_recent += 1
        else:
            due.append(url)
    # Never-checked first, then the longest ago.
    due.sort(key=lambda url: (url in last, last.get(url) or now))
    asked: dict[str, int] = defaultdict(int)
    last_asked: dict[str, float] = {}
    todo = []
    for url in due:
        host = (urlsplit(url).hostname or "").lower()
        if asked[host] >= per_host:
            report.deferred += 1
            continue
        asked[host] += 1
        todo.append((url, host))
    for done, (url, host) in enumerate(todo, start=1):
        if host in last_asked:
            wait = host_delay - (clock() - last_asked[host])
            if wait > 0:
                sleep(wait)
        try:
            result = check_url(url, transport=transport, timeout=timeout)
        except Exception as error:  # a bug or odd answer for one address must not stop the run
            logger.exception("Checking source address %s failed", url)
            result = Result(Outcome.UNREACHABLE, detail=f"Could not be checked ({error.__class__.__name__}).")
        last_asked[host] = clock()
        SourceLinkCheck.objects.update_or_create(
            url=url,
            defaults={
                "outcome": result.outcome,
                "status_code": result.status,
                "final_url": result.final_url,
                "detail": result.detail[:300],
                "checked_at": timezone.now(),
            },
        )
        report.checked[result.outcome] += 1
        if progress:
            progress(done, len(todo), url, result)
    return report
