"""Django's PostgreSQL backend, with a health check that costs no round trip.

Settings use it (``ENGINE = "healthsite.postgres"``) whenever ``DATABASE_URL``
names PostgreSQL; everything but the health check is Django's own.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        """Before a request's first query, make sure the kept connection still works.

        Django asks the server ``SELECT 1`` every time: a round trip before every
        page, which cost as much as one of the page's own queries. A connection the
        server has ended (a restart, a fail-over, an idle timeout, a terminated
        session) has its farewell or end-of-file waiting to be read, so the server
        is asked only when something is waiting; otherwise the connection is used
        as it is. A connection whose network silently vanished fails the same way
        under either check: its first query waits for the network to time out.
        """
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if _has_unread_input(self.connection):
            super().close_if_health_check_failed()  # Django's own check: SELECT 1
        self.health_check_done = True


def _has_unread_input(connection) -> bool:
    try:
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError, base.Database.Error):  # closed, or no socket any more
        return True
    return bool(readable)
