"""A backup taken while 50 candidates are answering restores into a fresh database that serves
every report finished before the backup started, byte for byte."""

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.load.servers import (
    COMMAND_SECONDS,
    PROJECT_DIR,
    AppServer,
    ServerDatabase,
    database_environment,
    free_port,
)
from tests.load.test_concurrency_and_faults import CANDIDATES, RUN_SECONDS, Browser, Candidate, run_all

pytestmark = [pytest.mark.load, pytest.mark.django_db]

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def pg_tool(name: str) -> str:
    """The PostgreSQL 15 client tool, matching the CI server's version, else the one on PATH."""
    path = PG_BIN / name if (PG_BIN / name).exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is needed to back up PostgreSQL (Debian: postgresql-client-15).", pytrace=False)
    return str(path)


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(  # noqa: S603 (fixed command lines)
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=COMMAND_SECONDS, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}", pytrace=False)


def take_backup(server: AppServer, destination: Path) -> None:
    """The documented backup: backup_database for SQLite, pg_dump for PostgreSQL, while the server runs."""
    if server.database.vendor == "sqlite":
        run([sys.executable, "manage.py", "backup_database", str(destination)], env=server.env)
    else:
        run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={destination}", server.database.url])


@pytest.fixture
def restored_database(tmp_path):
    """Where the backup is restored: a new SQLite path, or a new, empty PostgreSQL database."""
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url:
        yield ServerDatabase(vendor="sqlite", sqlite_path=tmp_path / "restored.sqlite3")
        return
    name = f"skills_restored_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield ServerDatabase(vendor="postgresql", url=urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def restore(backup: Path, database: ServerDatabase) -> None:
    if database.vendor == "sqlite":
        shutil.copyfile(backup, database.sqlite_path)
    else:
        run([pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={database.url}", str(backup)])


def json_export(candidate: Candidate, base_url: str) -> bytes:
    """The report's JSON export as this candidate's browser downloads it from the server at `base_url`."""
    path = f"/reports/{candidate.report}/export.json"
    with candidate.browser.opener.open(base_url + path, timeout=60) as response:
        assert response.status == 200
        return response.read()


def test_a_backup_taken_under_load_restores_every_finished_report_byte_for_byte(
    app_server, restored_database, tmp_path
):
    candidates = [Candidate(index=300 + i, browser=Browser(app_server.base_url)) for i in range(CANDIDATES)]
    outcome = {}
    load = threading.Thread(target=lambda: outcome.update(failures=run_all(candidates, Candidate.run)))
    load.start()
    deadline = time.monotonic() + RUN_SECONDS
    while not any(c.report for c in candidates) and load.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    # A report counts as finished once the server answered the last step with its address.
    finished_before = [c for c in candidates if c.report]
    backup = tmp_path / ("backup.sqlite3" if app_server.database.vendor == "sqlite" else "backup.dump")
    take_backup(app_server, backup)
    load.join(timeout=RUN_SECONDS + 60)
    print(f"\nbackup taken with {len(finished_before)} of {CANDIDATES} reports finished")

    assert (load.is_alive(), outcome["failures"]) == (False, [])
    # Taken during the run: some reports were finished and some were not.
    assert 0 < len(finished_before) < CANDIDATES
    restore(backup, restored_database)
    restored = AppServer(
        env=app_server.env | database_environment(restored_database),
        port=free_port(),
        log_path=tmp_path / "restored.log",
        database=restored_database,
    )
    restored.start()
    try:
        from_restored = {c.report: json_export(c, restored.base_url) for c in finished_before}
    finally:
        restored.stop()
    assert from_restored == {c.report: json_export(c, app_server.base_url) for c in finished_before}
