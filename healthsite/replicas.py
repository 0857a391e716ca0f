"""Reading the public site from PostgreSQL replicas (DATABASE_REPLICA_URLS), everything else from the primary.

A replica serves only what anonymous readers ask for with GET or HEAD outside the
admin, accounts and comments (the requests the page cache serves), chosen once
per request by ``ReplicaMiddleware``. Everything else reads and writes the
primary: the admin and the editorial workflow, logged-in readers (who must see
their own comments at once), posts, commands and tasks, anything inside a
transaction, and the rest of a request once it has written anything.

A replica is skipped while it is down or more than DATABASE_REPLICA_MAX_LAG_SECONDS
behind; each process checks each replica at most every few seconds. For the same
number of seconds after the page cache's generation changes (something readers
see was changed), public pages are read from the primary too: a page built from
a replica that has not replayed the change yet would otherwise be kept by the
page cache under the new generation. docs/deployment.md has the set-up.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# How long a replica's state is trusted before it is checked again, per process.
CHECK_EVERY_SECONDS = 5.0
# Read from the primary whatever the request: logins, sessions, permissions, throttling.
PRIMARY_APPS = {"admin", "auth", "sessions", "contenttypes", "axes"}
# Requests that may change something, or show a reader their own data.
PRIMARY_PATHS = ("/accounts/", "/comments/", "/healthz")
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
    END
"""


@dataclass
class _Reads:
    alias: str
    wrote: bool = False


_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("replica_reads", default=None)
_checked: dict[str, tuple[float, bool]] = {}
_checked_lock = threading.Lock()


def replica_lag(alias: str) -> float:
    """Seconds the replica ``alias`` is behind the primary (0 when caught up, or not a replica)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def _usable(alias: str) -> bool:
    now = time.monotonic()
    checked = _checked.get(alias)
    if checked is not None and now - checked[0] < CHECK_EVERY_SECONDS:
        return checked[1]
    try:
        lag = replica_lag(alias)
        usable = lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        if not usable:
            logger.warning("Replica %s is %.1f seconds behind: reading from the primary.", alias, lag)
    except DatabaseError as error:
        usable = False
        logger.error("Replica %s cannot be reached (%s): reading from the primary.", alias, error)
        connections[alias].close()
    with _checked_lock:
        _checked[alias] = (now, usable)
    return usable


def mark_unusable(alias: str) -> None:
    """Stop reading from ``alias`` until its next check (it failed during a request)."""
    with _checked_lock:
        _checked[alias] = (time.monotonic(), False)


def choose() -> str | None:
    """A replica fit to read from now, or None for the primary."""
    aliases = list(settings.DATABASE_REPLICAS)
    random.shuffle(aliases)  # spread the load over replicas
    return next((alias for alias in aliases if _usable(alias)), None)


@contextlib.contextmanager
def reading_from(alias: str | None):
    """Route this block's reads to ``alias`` (see ``ReplicaRouter``); None keeps them on the primary."""
    token = _reads.set(_Reads(alias) if alias else None)
    try:
        yield
    finally:
        _reads.reset(token)


def _is_public_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return False
    path = request.path
    return not path.startswith(f"/{settings.ADMIN_URL}") and not path.startswith(PRIMARY_PATHS)


def _changed_lately(request) -> bool:
    from healthsite import pagecache

    changed_at = pagecache.last_change(request)
    return changed_at is not None and time.time() - changed_at < settings.DATABASE_REPLICA_MAX_LAG_SECONDS


class ReplicaMiddleware:
    """Send the reads of an anonymous reader's page to a replica, when one is fit (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS or not _is_public_read(request) or _changed_lately(request):
            return self.get_response(request)
        alias = choose()
        with reading_from(alias):
            response = self.get_response(request)
        if alias and connections[alias].errors_occurred:
            mark_unusable(alias)
        return response


class ReplicaRouter:
    """Database router for ``ReplicaMiddleware``'s choice; without replicas, everything is the primary."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if (
            reads is None
            or reads.wrote
            or model._meta.app_label in PRIMARY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return reads.alias

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True  # the rest of the request reads its own writes
        # Named: an object read from a replica would otherwise be saved back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db in settings.DATABASE_REPLICAS else None
