"""The restore drill: a backup that restores passes, and any difference fails it."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.management.commands import restore_drill
from tests.factories import ArticleFactory, CommentFactory

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_that_restores_passes_the_drill(capsys):
    ArticleFactory.create_batch(3, published=True, body="Rest, fluids and — «unusual» text ✓ \\ ' \"")
    CommentFactory()

    call_command("restore_drill")

    out = capsys.readouterr().out
    assert "Restore drill passed" in out
    assert "4 articles' text match" in out
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s",
            [connection.settings_dict["NAME"] + "_restore_drill"],
        )
        assert cursor.fetchone() is None  # the scratch database is dropped


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_copy_that_differs_fails_the_drill_and_names_what_differs(monkeypatch):
    import psycopg

    kept = ArticleFactory(published=True, body="The advice as written.")
    restore = restore_drill.restore

    def restore_then_damage(dump, scratch, env):
        restore(dump, scratch, env)
        with psycopg.connect(**restore_drill._libpq(connection.settings_dict, scratch)) as copy:
            copy.execute("UPDATE articles_article SET body = body || ' (damaged)' WHERE id = %s", [kept.pk])
            copy.execute("DELETE FROM comments_comment")
            copy.commit()

    CommentFactory()
    monkeypatch.setattr(restore_drill, "restore", restore_then_damage)

    with pytest.raises(CommandError) as failed:
        call_command("restore_drill")

    message = str(failed.value)
    assert f"1 article(s) whose text differs: id {kept.pk}" in message
    assert "table comments_comment: 1 rows in the database, 0 in the restored copy" in message


@pytest.mark.skipif(connection.vendor == "postgresql", reason="what SQLite sites are told")
@pytest.mark.django_db
def test_the_drill_says_plainly_that_it_needs_postgresql():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("restore_drill")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_backup_script_writes_a_dump_and_the_media_and_keeps_only_recent_ones(tmp_path):
    import os
    import subprocess

    from django.conf import settings

    ArticleFactory(published=True, title="Kept in the backup")
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "diagram.png").write_bytes(b"\x89PNG not really")
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "healthsite-20000101T000000Z.dump"
    old.write_bytes(b"old")
    os.utime(old, (946684800, 946684800))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_MEDIA_ROOT": str(media)}

    result = subprocess.run(
        [str(settings.BASE_DIR / "deploy" / "backup.sh"), str(backups)],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    [dump] = backups.glob("healthsite-*.dump")
    assert dump != old and not old.exists()
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True)
    assert "TABLE DATA public articles_article" in listing.stdout
    [archive] = backups.glob("media-*.tar.gz")
    contents = subprocess.run(["tar", "-tzf", str(archive)], capture_output=True, text=True, check=True)
    assert "./images/diagram.png" in contents.stdout
    assert not list(backups.glob("*.partial"))
