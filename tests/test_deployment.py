"""The deployment in deploy/ works as docs/deployment.md says: gunicorn with its config file,
nginx in front of it holding slow clients, and units that run commands that exist."""

import json
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.db import connection

from tests.factories import ArticleFactory

DEPLOY = Path(settings.BASE_DIR) / "deploy"
# Commands the units start that come with other parts of the project as they land.
COMING_WITH_OTHER_WORK: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 5, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"server stopped: {log.read_text()[-3000:]}")
        try:
            _get(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"server did not start: {log.read_text()[-3000:]}")


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # The test database lives in memory; an empty file answers the health check's SELECT 1.
    return f"sqlite:///{tmp_path / 'site.sqlite3'}"


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn -c deploy/gunicorn.conf.py, on a free port, with two workers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DATABASE_URL=_database_url(tmp_path),
        DJANGO_SECRET_KEY="test-only-not-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    # Production settings serve the hashed files collectstatic makes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=tmp_path,  # the config file finds the project by itself
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/healthz", process, log)
        yield {"url": url, "port": port, "log": log, "static": tmp_path / "static"}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _access_lines(log: Path) -> list[dict]:
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"gunicorn.access"' in line:
            lines.append(json.loads(line))
    return lines


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_site_with_the_deploy_config_and_logs_json(gunicorn):
    article = ArticleFactory(published=True, title="Sleep and cramps")
    hostile_agent = 'Robot "quoted" \\ agent\u00e9'
    status, _, body = _get(gunicorn["url"] + "/healthz", headers={"User-Agent": hostile_agent})
    assert status == 200
    assert json.loads(body)["database"] == "ok"
    if connection.vendor == "postgresql":
        status, _, body = _get(gunicorn["url"] + article.get_absolute_url())
        assert status == 200 and "Sleep and cramps" in body

    for _ in range(50):  # the access log is written just after the response
        lines = [line for line in _access_lines(gunicorn["log"]) if line["user_agent"] == hostile_agent]
        if lines:
            break
        time.sleep(0.1)
    assert lines, gunicorn["log"].read_text()[-2000:]
    [health] = lines
    assert health["path"] == "/healthz" and health["status"] == 200 and health["method"] == "GET"
    assert isinstance(health["duration_ms"], float)
    assert "Booting worker" in gunicorn["log"].read_text()


def test_the_config_file_sizes_workers_from_the_cpus_and_trusts_only_the_local_proxy(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_BIND", "GUNICORN_FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert config["worker_class"] == "sync"
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["bind"] == ["unix:/run/healthsite/gunicorn.sock"]
    assert config["timeout"] == 30
    assert "server unix:/run/healthsite/gunicorn.sock" in (DEPLOY / "nginx" / "healthsite.conf").read_text()


def _slow_clients(port: int, count: int) -> list[socket.socket]:
    """Connections that send half a request's headers and then nothing."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        clients.append(client)
    return clients


@pytest.fixture
def nginx(gunicorn, tmp_path):
    """nginx with deploy/nginx/healthsite-locations.conf, in front of the gunicorn above."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs it)")
        pytest.skip("nginx is not installed")
    port = _free_port()
    root = tmp_path / "nginx"
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "media"):
        (root / folder).mkdir(parents=True)
    locations = (DEPLOY / "nginx" / "healthsite-locations.conf").read_text()
    locations = locations.replace("/srv/healthsite/staticfiles/", f"{gunicorn['static']}/")
    locations = locations.replace("/srv/healthsite/media/", f"{root / 'media'}/")
    (root / "locations.conf").write_text(locations)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {root / folder};"
        for kind, folder in (
            ("client_body", "body"),
            ("proxy", "proxy"),
            ("fastcgi", "fastcgi"),
            ("uwsgi", "uwsgi"),
            ("scgi", "scgi"),
        )
    )
    (root / "nginx.conf").write_text(
        ("user root root;\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
worker_processes 1;
pid {root / "nginx.pid"};
error_log {root / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp_paths}
    upstream healthsite {{ server 127.0.0.1:{gunicorn["port"]}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {root / "locations.conf"};
    }}
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-c", str(root / "nginx.conf"), "-p", str(root)], stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/healthz", process, root / "error.log")
        yield {"url": url, "port": port}
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_behind_nginx_slow_clients_cannot_take_the_workers_but_without_it_they_do(gunicorn, nginx):
    held = _slow_clients(nginx["port"], 20)  # ten times the workers
    try:
        started = time.monotonic()
        status, headers, body = _get(nginx["url"] + "/healthz", timeout=5)
        assert status == 200 and json.loads(body)["status"] == "ok"
        assert time.monotonic() - started < 3
    finally:
        for client in held:
            client.close()

    # Static files come from nginx, with a year's cache for their hashed names.
    manifest = json.loads((gunicorn["static"] / "staticfiles.json").read_text())["paths"]
    status, headers, body = _get(nginx["url"] + "/static/" + manifest["css/site.css"])
    assert status == 200 and "immutable" in headers["Cache-Control"]
    # A body over the limit is refused by nginx before it reaches the site.
    request = urllib.request.Request(nginx["url"] + "/accounts/signup/", data=b"x" * (11 * 1024 * 1024))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413

    # The same clients straight at gunicorn's two sync workers: the health check cannot get through.
    held = _slow_clients(gunicorn["port"], 2)
    try:
        with pytest.raises(OSError):
            _get(gunicorn["url"] + "/healthz", timeout=2)
    finally:
        for client in held:
            client.close()


def test_every_command_the_units_start_exists():
    units = list((DEPLOY / "systemd").glob("*.service"))
    assert {unit.name for unit in units} >= {
        "healthsite.service",
        "healthsite-worker@.service",
        "healthsite-publish-scheduled.service",
        "healthsite-check-sources.service",
    }
    commands = get_commands()
    started = set()
    for unit in units:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                started.update(re.findall(r"manage\.py (\w+)", line))
                if "gunicorn" in line:
                    assert "-c deploy/gunicorn.conf.py" in line
    assert {"publish_scheduled", "db_worker", "check_sources"} <= started
    missing = {name for name in started if name not in commands and name not in COMING_WITH_OTHER_WORK}
    assert missing == set()
    for unit in units:
        timer = unit.with_suffix(".timer")
        if unit.stem in {"healthsite-publish-scheduled", "healthsite-check-sources", "healthsite-backup"}:
            assert "Persistent=true" in timer.read_text()
