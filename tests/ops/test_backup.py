"""manage.py backup_database: an online copy of the SQLite file, write-ahead log included."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration]

PROJECT_DIR = Path(__file__).resolve().parents[2]


def backup(*args: str, sqlite_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings", "SQLITE_PATH": str(sqlite_path), **env}
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "backup_database", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def live_database(tmp_path):
    """A WAL-mode database whose latest rows are still only in the write-ahead log, its writer still open."""
    path = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, rating INTEGER)")
    writer.executemany("INSERT INTO answer (rating) VALUES (?)", [(n % 5,) for n in range(500)])
    writer.commit()
    yield path
    writer.close()


def rows(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT COUNT(*), SUM(rating) FROM answer").fetchall()
    finally:
        connection.close()


def test_backup_copies_rows_that_are_still_in_the_write_ahead_log(live_database, tmp_path):
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0

    result = backup(str(tmp_path / "copy.sqlite3"), sqlite_path=live_database)

    copy = tmp_path / "copy.sqlite3"
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(
        rf"Backed up live.sqlite3 to {re.escape(str(copy))} \(\d+ pages, \d+\.\d MiB\) in \d+\.\d s; "
        r"integrity check ok.\n",
        result.stdout,
    )
    assert rows(copy) == [(500, 1000)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.sqlite3"]


def test_backup_into_a_directory_gets_a_timestamped_name(live_database, tmp_path):
    target = tmp_path / "backups"
    target.mkdir()

    result = backup(str(target), sqlite_path=live_database)

    names = [p.name for p in target.iterdir()]
    assert result.returncode == 0
    assert [bool(re.fullmatch(r"skills-gap-\d{8}-\d{6}\.sqlite3", name)) for name in names] == [True]


def test_backup_never_replaces_a_file_unless_asked(live_database, tmp_path):
    existing = tmp_path / "copy.sqlite3"
    existing.write_text("an older backup")

    refused = backup(str(existing), sqlite_path=live_database)
    kept = existing.read_text()
    replaced = backup(str(existing), "--overwrite", sqlite_path=live_database)

    assert (refused.returncode, refused.stderr) == (
        1,
        f"CommandError: {existing} exists; pass --overwrite to replace it.\n",
    )
    assert (kept, replaced.returncode, rows(existing)) == ("an older backup", 0, [(500, 1000)])


def test_backup_refuses_to_write_over_the_live_database(live_database):
    result = backup(str(live_database), "--overwrite", sqlite_path=live_database)

    assert (result.returncode, result.stderr) == (1, "CommandError: The destination is the live database itself.\n")


def test_backup_points_postgresql_users_to_pg_dump(tmp_path):
    result = backup(
        str(tmp_path / "copy.sqlite3"),
        sqlite_path=tmp_path / "unused.sqlite3",
        DATABASE_URL="postgres://nobody:nothing@127.0.0.1:9/none",
    )

    assert (result.returncode, result.stderr) == (
        1,
        "CommandError: The database is PostgreSQL, not SQLite: back it up with pg_dump (see the README).\n",
    )


def test_backup_help_says_what_it_does():
    result = backup("--help", sqlite_path=Path("unused"))

    text = " ".join(result.stdout.split())
    assert (result.returncode, "consistent snapshot" in text, "--overwrite" in text) == (0, True, True)
