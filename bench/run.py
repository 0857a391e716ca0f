#!/usr/bin/env python3
"""Benchmark the public pages with production settings and print ratios to a baseline.

    .venv/bin/python bench/run.py                 # 1,000 and 100,000 articles
    .venv/bin/python bench/run.py --quick         # 1,000 and 10,000, shorter runs

Needs PostgreSQL and Redis on 127.0.0.1 and `wrk` (apt-get install wrk). For each data
size it creates (once) a database `healthsite_bench_<n>` with `generate_content`.
For each mode it starts one gunicorn per size (3 sync workers each, DEBUG off), and for
each page measures requests per second and latency percentiles with wrk, the sizes
taking turns within each round. In the same run it measures a baseline: a minimal view
in the same process that returns a response of the same size from memory, and prints
each page as a ratio to it. Absolute numbers on a shared machine are noise; the ratios
are what to compare, and the change from one size to the other is worked out from
ratios measured side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_SERVER = "redis://127.0.0.1:6379"
REDIS_DB = 3  # and the next one: one Redis database per data size
REDIS_URL = f"{REDIS_SERVER}/{REDIS_DB}"
LUA = Path(__file__).with_name("report.lua")


def sh(*args, env=None, check=True, capture=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, text=True, capture_output=capture)


def base_env(database: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=REDIS_URL,
        DJANGO_SECRET_KEY="benchmark-only-secret-key",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_BENCH_BASELINE="1",
    )
    return env


def database_exists(name: str) -> bool:
    out = sh(
        "psql",
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        capture=True,
    ).stdout
    return out.strip() == "1"


def prepare_database(articles: int, comments_per_article: int, regenerate: bool) -> str:
    name = f"healthsite_bench_{articles}"
    env = base_env(name)
    if regenerate or not database_exists(name):
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}")
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}")
        sh(PYTHON, "manage.py", "migrate", "-v0", env=env)
        started = time.monotonic()
        sh(
            PYTHON,
            "manage.py",
            "generate_content",
            "--articles",
            str(articles),
            "--comments",
            str(articles * comments_per_article),
            env=env,
        )
        print(f"  generated {articles:,} articles in {time.monotonic() - started:.0f}s")
    sh(PYTHON, "manage.py", "migrate", "-v0", env=env)
    sh(PYTHON, "bench/prepare.py", env=env)
    return name


def page_urls(env: dict) -> dict[str, str]:
    out = sh(PYTHON, "bench/prepare.py", "--urls", env=env, capture=True).stdout
    return json.loads(out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# What each measured mode turns on: "cold" renders everything on every request;
# "logged-in" is a real logged-in reader (the benchmark reader's session cookie on
# every request: no page cache, the parts kept with {% cache %}); "cached" is an
# anonymous reader with the page cache.
MODES = {
    "cold": {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"},
    "logged-in": {"PAGE_CACHE_SECONDS": "600", "FRAGMENT_CACHE_SECONDS": "600"},
    "cached": {"PAGE_CACHE_SECONDS": "600", "FRAGMENT_CACHE_SECONDS": "600"},
}
# Modes that send the benchmark reader's session cookie with every request.
LOGGED_IN_MODES = {"logged-in"}


# Pages measured with a different search on every request (see report.lua), in
# the words the generated articles are written in, alone and in pairs.
FRESH_SEARCHES = ("search (new words each time)",)
# Each such request does the most work, so a busy moment on the machine moves these
# pages the furthest: they are measured in three times as many rounds.
FRESH_SEARCH_ROUND_FACTOR = 3


def search_words(env: dict) -> list[str]:
    words = json.loads(sh(PYTHON, "bench/prepare.py", "--words", env=env, capture=True).stdout)
    return [*words, *(f"{a}+{b}" for a, b in zip(words, words[1:] + words[:1], strict=True))]


class Server:
    def __init__(self, env: dict, mode: str):
        self.port = free_port()
        env = dict(env, **MODES[mode])
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "healthsite.wsgi",
                "--workers",
                "3",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_peak_memory_mb(self) -> float:
        children = sh("pgrep", "-P", str(self.proc.pid), capture=True, check=False).stdout.split()
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def fetch(url: str, headers: list[str] = ()) -> tuple[int, int]:
    request = urllib.request.Request(url, headers=dict(header.split(": ", 1) for header in headers))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def wrk(
    url: str, duration: int, connections: int, script_args: tuple[str, ...] = (), headers: list[str] = ()
) -> dict:
    args = ["--", *script_args] if script_args else []
    header_args = [arg for header in headers for arg in ("-H", header)]
    out = sh(
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        *header_args,
        "-s",
        str(LUA),
        url,
        *args,
        capture=True,
    ).stdout
    match = re.search(r"^JSON (.*)$", out, flags=re.M)
    if not match:
        raise RuntimeError(f"wrk printed no result for {url}:\n{out}")
    result = json.loads(match.group(1))
    # A page that answers fast with an error measures nothing: the run fails.
    if result["errors"] or result["non2xx"]:
        raise RuntimeError(
            f"{url} gave {result['errors']} socket errors and {result['non2xx']} responses that were "
            "not 2xx: the run is void"
        )
    return result


def measure(
    servers: dict[int, Server],
    urls: dict[int, dict[str, str]],
    duration: int,
    connections: int,
    rounds: int,
    words: list[str],
    headers: dict[int, list[str]] | None = None,
) -> dict[int, dict]:
    """wrk each page and its baseline in alternation, ``rounds`` times, on the server of
    each data size in turn; keep each size's median round.

    Alternating means the page and its baseline, and the two sizes, see the same load
    from whatever else the machine is doing, so their ratios are steadier than any
    one number. (Measured one after the other, the second size came out up to 20%
    slower or faster than the first, whichever it was.) Each result keeps the ratio
    of every round, in order, so the sizes can be compared round by round.
    """
    results: dict[int, dict] = {size: {} for size in servers}
    for name in next(iter(urls.values())):
        sizes = {}
        for size, server in servers.items():
            path = urls[size][name]
            sent = (headers or {}).get(size, [])
            status, nbytes = fetch(server.url + path, sent)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answered {status} at {size:,} articles")
            fetch(server.url + path, sent)  # warm the workers and, when on, the caches
            sizes[size] = (path, nbytes)
        trials: dict[int, list] = {size: [] for size in servers}
        page_rounds = rounds * FRESH_SEARCH_ROUND_FACTOR if name in FRESH_SEARCHES else rounds
        for round_number in range(page_rounds):
            # The sizes swap places every round, so neither always follows the other.
            order = list(servers.items())
            for size, server in order if round_number % 2 == 0 else reversed(order):
                path, nbytes = sizes[size]
                script_args = ()
                if name in FRESH_SEARCHES:
                    # Every request a different address: nothing kept can answer it.
                    script_args = (path.split("=")[0] + "=", str(time.time_ns()), *words)
                sent = (headers or {}).get(size, [])
                page = wrk(server.url + path, duration, connections, script_args, sent)
                baseline = wrk(f"{server.url}/__baseline__/{nbytes}/", duration, connections)
                ratio = page["rps"] / baseline["rps"] if baseline["rps"] else 0.0
                trials[size].append((ratio, page, baseline))
        for size, (path, nbytes) in sizes.items():
            ratio, page, baseline = sorted(trials[size], key=lambda trial: trial[0])[page_rounds // 2]
            results[size][name] = {
                "path": path,
                "bytes": nbytes,
                "page": page,
                "baseline": baseline,
                "ratio": ratio,
                "round_ratios": [trial[0] for trial in trials[size]],
            }
    return results


def query_counts(env: dict, urls: dict[str, str], session: str = "") -> dict[str, int]:
    """SQL queries per page with every cache off, for an anonymous reader or (``session``)
    a logged-in one."""
    args = [json.dumps(urls), *([session] if session else [])]
    out = sh(
        PYTHON, "bench/prepare.py", "--count-queries", *args, env=dict(env, **MODES["cold"]), capture=True
    ).stdout
    return json.loads(out)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--comments-per-article", type=int, default=10)
    # Many short page/baseline pairs rather than a few long ones: on a shared machine
    # the speed drifts from one few-second stretch to the next, and a median of more
    # side-by-side pairs moves less.
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument(
        "--rounds", type=int, default=5, help="page/baseline pairs per page; the median is kept"
    )
    parser.add_argument("--connections", type=int, default=6)
    parser.add_argument("--regenerate", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--quick", action="store_true", help="10,000 articles and 3-second runs")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "last-run.md")
    parser.add_argument("--pages", help="comma-separated page names to measure (default: all)")
    args = parser.parse_args()
    if args.quick:
        args.large, args.duration, args.rounds = 10_000, 3, 1

    sh(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=base_env("postgres"))
    report = [
        f"Benchmark run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} CPUs; "
        f"wrk {args.duration}s x {args.connections} connections, median of {args.rounds} rounds "
        f"({args.rounds * FRESH_SEARCH_ROUND_FACTOR} for new searches); "
        "gunicorn 3 sync workers, DEBUG off.\n",
        "Modes: cold = anonymous, no page cache and no kept parts of pages; logged-in = a real "
        "logged-in reader's session cookie on every request (no page cache, parts of pages kept "
        "with {% cache %}); cached = anonymous reader with the page cache.\n",
    ]
    sizes = (args.small, args.large)
    envs, urls, queries, reader_queries, sessions = {}, {}, {}, {}, {}
    for index, articles in enumerate(sizes):
        print(f"== {articles:,} articles: database")
        database = prepare_database(articles, args.comments_per_article, args.regenerate)
        # A Redis database per size: the same address must not find the other size's page.
        envs[articles] = dict(base_env(database), REDIS_URL=f"{REDIS_SERVER}/{REDIS_DB + index}")
        urls[articles] = page_urls(envs[articles])
        if args.pages:
            wanted = {name.strip() for name in args.pages.split(",")}
            urls[articles] = {name: path for name, path in urls[articles].items() if name in wanted}
        sessions[articles] = sh(
            PYTHON, "bench/prepare.py", "--reader-session", env=envs[articles], capture=True
        ).stdout.strip()
        queries[articles] = query_counts(envs[articles], urls[articles])
        reader_queries[articles] = query_counts(envs[articles], urls[articles], sessions[articles])
    words = search_words(envs[args.small])

    by_size: dict[int, dict] = {articles: {} for articles in sizes}
    peak_memory = 0.0
    for mode in MODES:
        print(f"== {mode}")
        servers = {}
        try:
            for articles in sizes:
                sh("redis-cli", "-u", envs[articles]["REDIS_URL"], "flushdb", capture=True)
                servers[articles] = Server(envs[articles], mode)
            headers = {
                articles: [f"Cookie: sessionid={sessions[articles]}"] if mode in LOGGED_IN_MODES else []
                for articles in sizes
            }
            results = measure(servers, urls, args.duration, args.connections, args.rounds, words, headers)
        finally:
            for server in servers.values():
                peak_memory = max(peak_memory, server.worker_peak_memory_mb())
                server.stop()
        for articles in sizes:
            by_size[articles][mode] = results[articles]

    for articles in sizes:
        found = by_size[articles]
        header = ["page", "bytes", "SQL queries (cold)", "SQL queries (logged in)", "baseline req/s"]
        for mode in MODES:
            header += [f"{mode} req/s", f"{mode} p95 ms", f"{mode} x baseline"]
        rows = [header]
        for name in urls[articles]:
            row = [
                name,
                found["cold"][name]["bytes"],
                queries[articles][name],
                reader_queries[articles][name],
                f"{found['cold'][name]['baseline']['rps']:.0f}",
            ]
            for mode in MODES:
                result = found[mode][name]
                row += [
                    f"{result['page']['rps']:.0f}",
                    f"{result['page']['p95']:.1f}",
                    f"{result['ratio']:.3f}",
                ]
            rows.append(row)
        section = (
            f"### {articles:,} articles, {articles * args.comments_per_article:,} comments\n\n{table(rows)}\n"
        )
        print(section)
        report.append(section)

    rows = [["page", "mode", f"at {args.small:,}", f"at {args.large:,}", "change"]]
    growth_pages = ("article (200 comments)", "category", "search (common word)", "search (rare word)")
    for name in (*growth_pages, *FRESH_SEARCHES):
        for mode in ("cold", "logged-in"):
            if name not in by_size[args.small][mode]:
                continue
            small = by_size[args.small][mode][name]
            large = by_size[args.large][mode][name]
            # Round by round: each pair of ratios was measured minutes apart at most.
            changes = [
                (big - little) / little
                for little, big in zip(small["round_ratios"], large["round_ratios"], strict=True)
                if little
            ]
            change = f"{statistics.median(changes):+.0%}" if changes else "n/a"
            rows.append(
                [name, mode, f"{small['ratio']:.3f}x baseline", f"{large['ratio']:.3f}x baseline", change]
            )
    section = (
        "### Cost as the data grows (ratios to the baseline)\n\n"
        "The change is the median of the round-by-round changes (the two sizes take turns in each round).\n\n"
        f"{table(rows)}\n"
    )
    report.append(section)
    report.append(f"Gunicorn worker peak memory (VmHWM) over the whole run: {peak_memory:.0f} MB\n")
    print(section)
    print(report[-1])
    args.output.write_text("\n".join(report))
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
