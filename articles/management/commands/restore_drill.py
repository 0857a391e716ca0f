"""Prove that a backup restores: dump the database, restore it elsewhere, compare the two.

``manage.py restore_drill`` (or ``make restore-drill``) on PostgreSQL:

1. dumps the database with ``pg_dump -Fc``, as the nightly backup does
   (deploy/backup.sh), from a snapshot it holds open meanwhile;
2. restores the dump with ``pg_restore`` into a scratch database
   (``<name>_restore_drill``, made afresh and dropped afterwards);
3. compares, between that snapshot and the restored copy, the row count of every
   table and a checksum of every article's text (title, summary, body and its
   HTML), naming any article that differs.

It exits non-zero on any difference or failure. Comparing against the snapshot the
dump was taken from means editors may keep working while the drill runs.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

ARTICLE_TEXT = sql.SQL(
    "SELECT id, md5(concat_ws(chr(31), title, summary, body, body_html)) FROM articles_article ORDER BY id"
)


def _libpq(settings_dict: dict, dbname: str) -> dict:
    return {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
        "dbname": dbname,
    }


def _tool_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict[key]:
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def table_counts(conn) -> dict[str, int]:
    """Rows in every table of the public schema."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {
        table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
        for table in tables
    }


def article_checksums(conn) -> dict[int, str]:
    """A checksum of each article's text, by article id."""
    return dict(conn.execute(ARTICLE_TEXT).fetchall())


def differences(source: tuple[dict, dict], copy: tuple[dict, dict]) -> list[str]:
    """What differs between ``(table_counts, article_checksums)`` of the source and of the copy."""
    (source_counts, source_articles), (copy_counts, copy_articles) = source, copy
    found = []
    for table in sorted(source_counts.keys() | copy_counts.keys()):
        before, after = source_counts.get(table), copy_counts.get(table)
        if before != after:
            found.append(f"table {table}: {before} rows in the database, {after} in the restored copy")
    changed = sorted(
        pk
        for pk in source_articles.keys() | copy_articles.keys()
        if source_articles.get(pk) != copy_articles.get(pk)
    )
    if changed:
        shown = ", ".join(str(pk) for pk in changed[:20]) + (" ..." if len(changed) > 20 else "")
        found.append(f"{len(changed)} article(s) whose text differs: id {shown}")
    return found


def restore(dump: Path, scratch: str, env: dict) -> None:
    """Restore ``dump`` into a new, empty database called ``scratch``."""
    _run(["dropdb", "--if-exists", scratch], env)
    _run(["createdb", "--template=template0", scratch], env)
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={scratch}", str(dump)],
        env,
    )


class Command(BaseCommand):
    help = "Dump the database, restore it into a scratch database and compare them (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database to look at.")
        parser.add_argument("--dump", type=Path, help="Also keep the dump, at this path.")

    def handle(self, *args, keep: bool, dump: Path | None, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The restore drill needs PostgreSQL (pg_dump and pg_restore); this site uses SQLite."
            )
        settings_dict = connection.settings_dict
        name = settings_dict["NAME"]
        scratch = f"{name}_restore_drill"[:63]
        env = _tool_env(settings_dict)
        started = time.monotonic()

        with (
            tempfile.TemporaryDirectory() as workdir,
            psycopg.connect(**_libpq(settings_dict, name)) as source,
        ):
            path = dump or Path(workdir) / "drill.dump"
            # One snapshot for the dump and the counts, so writes meanwhile cannot look like a difference.
            source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = source.execute("SELECT pg_export_snapshot()").fetchone()[0]
            self.stdout.write(f"Dumping {name} (pg_dump -Fc) ...")
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}", name], env)
            expected = (table_counts(source), article_checksums(source))
            source.rollback()

            self.stdout.write(f"Restoring into {scratch} ...")
            try:
                restore(path, scratch, env)
                with psycopg.connect(**_libpq(settings_dict, scratch)) as copy:
                    found = differences(expected, (table_counts(copy), article_checksums(copy)))
            finally:
                if not keep:
                    _run(["dropdb", "--if-exists", scratch], env)

        counts, articles = expected
        if found:
            raise CommandError("The restored copy differs from the database:\n  " + "\n  ".join(found))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restore drill passed in {time.monotonic() - started:.1f} s: {len(counts)} tables, "
                f"{sum(counts.values())} rows and {len(articles)} articles' text match"
                + (f"; the dump is at {path}" if dump else "")
                + (f"; the copy is kept as {scratch}" if keep else "")
                + "."
            )
        )
