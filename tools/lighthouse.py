"""Lighthouse (mobile) scores for the demo site: ``make lighthouse``.

Builds the demo on a throw-away SQLite database, serves it as production would
(DEBUG off, WhiteNoise for static files, gunicorn) on 127.0.0.1, and runs
Lighthouse against the home, topic, article (with a hero picture), condition and
search pages with the system's Chromium. Prints each page's four scores and exits
non-zero if any is below LIGHTHOUSE_MIN (98). Needs Node.js; the Makefile installs
Lighthouse from the npm registry into .lighthouse/ on first use.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PORT = os.environ.get("LIGHTHOUSE_PORT", "8799")
MINIMUM = float(os.environ.get("LIGHTHOUSE_MIN", "98"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# page -> (address, audits left out). Search results ask search engines not to index
# them (robots noindex, as search engines advise for result pages), which Lighthouse's
# "is-crawlable" audit counts against SEO; it is left out there on purpose.
PAGES = {
    "home": ("/", []),
    "topic": ("/brain-and-nervous-system-health/", []),
    "article with a hero picture": ("/articles/neuromyotonia-explained/", []),
    "condition": ("/conditions/neuromyotonia/", []),
    "search": ("/search/?q=cramps", ["is-crawlable"]),
}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "lighthouse-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "uploads"),
        "DJANGO_SERVE_MEDIA": "1",
        # Plain HTTP on this machine only.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "-b", f"127.0.0.1:{PORT}", "-w", "2", "healthsite.wsgi"], cwd=ROOT, env=env
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        failed = []
        print(f"{'page':<30}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, (path, skipped) in PAGES.items():
            report = work / f"{name.replace(' ', '-')}.json"
            subprocess.run(
                [
                    str(LIGHTHOUSE),
                    base + path,
                    f"--chrome-path={CHROMIUM}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                    *([f"--skip-audits={','.join(skipped)}"] if skipped else []),
                ],
                check=True,
            )
            scores = {
                k: round(v["score"] * 100) for k, v in json.loads(report.read_text())["categories"].items()
            }
            print(f"{name:<30}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
            failed += [f"{name}: {c} {scores[c]}" for c in CATEGORIES if scores[c] < MINIMUM]
        print(f"Reports: {work}")
        if failed:
            print(f"Below {MINIMUM:g}: " + "; ".join(failed))
            return 1
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
