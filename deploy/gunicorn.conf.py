"""Gunicorn settings for Healthsite: ``gunicorn -c deploy/gunicorn.conf.py`` (docs/deployment.md).

Gunicorn runs behind nginx (deploy/nginx/healthsite.conf), which reads each
request in full and takes each response whole before a worker sees or sends it.
That is what lets plain sync workers serve the site: a worker is never held by a
reader on a slow connection. Without such a proxy, three clients that send their
headers slowly are enough to occupy three sync workers.

Every setting can be changed with the environment variable named beside it.
"""

import json
import multiprocessing
import os
from datetime import UTC, datetime
from pathlib import Path

from gunicorn.glogging import Logger

# The project, so the same file works from any current directory.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "healthsite.wsgi:application"

# nginx talks to gunicorn over a local socket (or 127.0.0.1:8000).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/healthsite/gunicorn.sock").split(",")
# Django's rule of thumb: two per CPU core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request still running after this many seconds is stopped and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On a restart or reload, requests in hand get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Kept connections from nginx (upstream keepalive); shorter than nginx's own idle time.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Each worker is replaced after this many requests (jittered), so no slow leak can grow.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# The proxies whose X-Forwarded-Proto gunicorn believes: nginx on the same machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests larger than these are refused before Django sees them (nginx limits bodies).
limit_request_line = 8190
limit_request_fields = 100

# Gunicorn's run-time control socket is not used; left on, every gunicorn of one user
# would share ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class JsonAccessLogger(Logger):
    """One JSON object per request, like the site's own log lines (DJANGO_LOG_LEVEL).

    Built with json.dumps, so whatever a client puts in its path or user agent
    cannot break a line. The reader's address is the one nginx passes in X-Real-IP.
    """

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "logger": "gunicorn.access",
            "client": environ.get("HTTP_X_REAL_IP") or atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "referer": atoms["f"],
            "user_agent": atoms["a"],
            "request_id": environ.get("HTTP_X_REQUEST_ID", ""),
        }
        self.access_log.info("%s", json.dumps(line))


logger_class = JsonAccessLogger
