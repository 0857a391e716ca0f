#!/usr/bin/env python3
"""Benchmark the importer: a generated WordPress export, imported with --dry-run and for real.

    .venv/bin/python bench/import_bench.py                  # 5,000 posts, 20,000 comments
    .venv/bin/python bench/import_bench.py --posts 500      # a quick run

Prints articles per second and the peak memory of each run (the whole process,
Django included). Needs PostgreSQL on 127.0.0.1 unless --database is given: the
real import goes into a database of its own (``healthsite_bench_import`` by
default), emptied first. Nothing here asserts a speed; record results in
docs/importing.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORDS = (
    "muscle nerve cramp twitch sleep fatigue pain stiffness balance tingling numbness weakness exercise "
    "recovery diet hydration stretching medicine therapy diagnosis symptom treatment appointment "
    "specialist neurologist physiotherapy breathing heart blood pressure vitamin sodium potassium"
).split()
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Benchmark Health</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>
"""


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_export(path: Path, *, posts: int, comments: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    authors = [f"author{n}" for n in range(20)]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for login in authors:
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name>Writer {login[6:]} Smith</wp:author_display_name></wp:author>\n"
            )
        for top in range(5):
            out.write(
                f"<wp:category><wp:category_nicename>topic-{top}</wp:category_nicename>"
                "<wp:category_parent></wp:category_parent>"
                f"<wp:cat_name>Topic {top}</wp:cat_name></wp:category>\n"
            )
            for sub in range(8):
                out.write(
                    f"<wp:category><wp:category_nicename>topic-{top}-{sub}</wp:category_nicename>"
                    f"<wp:category_parent>topic-{top}</wp:category_parent>"
                    f"<wp:cat_name>Area {top}.{sub} &amp; care</wp:cat_name></wp:category>\n"
                )
        comment_id = 0
        per_post = comments / posts if posts else 0
        for n in range(1, posts + 1):
            body = "".join(
                f"<h2>{escape(sentence(rng, 4)[:-1])}?</h2>"
                f"<p>{escape(sentence(rng))} {escape(sentence(rng))}</p>"
                f"<ul><li>{escape(sentence(rng, 5))}</li><li>{escape(sentence(rng, 6))}</li></ul>"
                for _ in range(4)
            )
            body += "<p><em>This post contains affiliate links; we may earn a commission.</em></p>"
            wanted = int(per_post * n) - int(per_post * (n - 1))
            comment_xml = []
            for _ in range(wanted):
                comment_id += 1
                approved = rng.choices(["1", "0", "spam"], weights=[85, 10, 5])[0]
                comment_xml.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
                    f"<wp:comment_date_gmt>2020-02-0{1 + comment_id % 9} 10:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(sentence(rng, 20))}</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    "<wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent>"
                    "</wp:comment>"
                )
            top, sub = rng.randrange(5), rng.randrange(8)
            out.write(
                f"<item><title>{escape(sentence(rng, 6)[:-1])} {n}</title>"
                f"<link>https://bench.example/posts/{n}/</link><guid>https://bench.example/?p={n}</guid>"
                f"<dc:creator>{rng.choice(authors)}</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{sentence(rng)}]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2019-0{1 + n % 9}-1{n % 10} 09:00:00"
                "</wp:post_date_gmt><wp:post_modified_gmt>2024-05-17 10:00:00</wp:post_modified_gmt>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="topic-{top}-{sub}">Area</category>'
                f'<category domain="post_tag" nicename="tag-{n % 200}">Tag {n % 200}</category>'
                f"{''.join(comment_xml)}</item>\n"
            )
        out.write("</channel></rss>\n")


def run(args: list[str], env: dict) -> tuple[float, int, str]:
    """Run a command; returns (seconds, peak resident memory in MB, its output)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        print(output)
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode})")
    return elapsed, usage.ru_maxrss // 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/healthsite_bench_import")
    options = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DATABASE_URL=options.database, DJANGO_SECRET_KEY="benchmark-only", DJANGO_LOG_LEVEL="ERROR")
    if options.database.startswith("postgres"):
        server, _, name = options.database.rpartition("/")
        subprocess.run(["psql", server + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", server + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c",
         "from django.contrib.auth.models import Group, User;"
         "u, _ = User.objects.get_or_create(username='bench-editor', defaults={'is_staff': True});"
         "u.groups.add(Group.objects.get(name='Editor'))"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.xml"
        started = time.perf_counter()
        write_export(export, posts=options.posts, comments=options.comments)
        size_mb = export.stat().st_size / 1_048_576
        print(
            f"Export: {options.posts:,} posts, {options.comments:,} comments, {size_mb:.1f} MB "
            f"(written in {time.perf_counter() - started:.1f} s)"
        )
        startup, startup_mb, _ = run([PYTHON, "manage.py", "check"], env)
        print(f"Django start-up alone: {startup:.1f} s, peak memory {startup_mb} MB")
        command = [PYTHON, "manage.py", "import_articles", str(export)]
        for label, extra in (("dry run", ["--dry-run"]), ("real import", ["--user", "bench-editor"]),
                             ("again (nothing to do)", ["--user", "bench-editor"])):  # fmt: skip
            seconds, peak_mb, output = run(command + extra, env)
            rate = options.posts / seconds
            print(f"{label:>22}: {seconds:7.1f} s  {rate:6.1f} articles/s  peak memory {peak_mb} MB")
            summary = next(
                (line for line in output.splitlines() if "finished" in line or "Dry run" in line), ""
            )
            print(f"{'':>24}{summary}")


if __name__ == "__main__":
    main()
