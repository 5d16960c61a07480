"""Servers for the load and fault tests: gunicorn as in production, on a database of its own.

The fixtures that start them are in conftest.py; tests import these helpers from here.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.error import URLError
from urllib.request import ProxyHandler, build_opener

import psycopg
import pytest

from config import loopback

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
WORKERS = 3
THREADS = 2
STARTUP_SECONDS = 60
COMMAND_SECONDS = 300


@dataclass(frozen=True)
class ServerDatabase:
    """The server's own database, read directly with the driver rather than through Django."""

    vendor: str  # "sqlite" or "postgresql"
    sqlite_path: Path | None = None
    url: str | None = None

    def fetch(self, query: str) -> list[tuple]:
        if self.vendor == "sqlite":
            connection = sqlite3.connect(self.sqlite_path, timeout=30)
            try:
                return connection.execute(query).fetchall()
            finally:
                connection.close()
        with psycopg.connect(self.url) as connection:
            return connection.execute(query).fetchall()

    def answers(self) -> dict[str, dict[tuple[str, str], int]]:
        """Every stored answer, by assessment id."""
        stored: dict[str, dict[tuple[str, str], int]] = {}
        for assessment_id, kind, key, rating in self.fetch(
            "SELECT assessment_id, kind, key, rating FROM assessment_answer"
        ):
            stored.setdefault(_uuid(assessment_id), {})[(kind, key)] = rating
        return stored

    def answer_row_counts(self) -> dict[str, int]:
        return {
            _uuid(assessment_id): count
            for assessment_id, count in self.fetch(
                "SELECT assessment_id, COUNT(*) FROM assessment_answer GROUP BY assessment_id"
            )
        }

    def reports(self) -> list[dict]:
        return [
            {
                "id": _uuid(report_id),
                "assessment": _uuid(assessment_id) if assessment_id else None,
                "readiness": Decimal(str(readiness)).quantize(Decimal("0.1")),
                "estimated_seniority_name": estimated,
                "snapshot": json.loads(snapshot) if isinstance(snapshot, str) else snapshot,
            }
            for report_id, assessment_id, readiness, estimated, snapshot in self.fetch(
                "SELECT id, assessment_id, readiness, estimated_seniority_name, snapshot FROM assessment_report"
            )
        ]

    def assessment_statuses(self) -> dict[str, str]:
        return {_uuid(pk): status for pk, status in self.fetch("SELECT id, status FROM assessment_assessment")}

    def sqlite_checks(self) -> tuple[list[tuple], list[tuple]]:
        """PRAGMA integrity_check and foreign_key_check on the SQLite file."""
        connection = sqlite3.connect(self.sqlite_path, timeout=30)
        try:
            return (
                connection.execute("PRAGMA integrity_check").fetchall(),
                connection.execute("PRAGMA foreign_key_check").fetchall(),
            )
        finally:
            connection.close()


def _uuid(value) -> str:
    """SQLite stores UUIDs as 32 hex digits, PostgreSQL as uuid: both become the canonical string."""
    return str(uuid.UUID(str(value)))


class AppServer:
    """gunicorn serving the app; start() may be called again after stop() or kill(), on the same database."""

    def __init__(self, *, env: dict[str, str], port: int, log_path: Path, database: ServerDatabase):
        self.env = env
        self.port = port
        self.log_path = log_path
        self.database = database
        self.base_url = f"http://{HOST}:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--no-control-socket",
        ]
        with self.log_path.open("ab") as log:
            # Its own process group, so that stop() and kill() reach every worker through the group id.
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
                command, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        opener = build_opener(ProxyHandler({}))
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                pytest.fail(f"gunicorn exited while starting:\n{self.log_tail()}", pytrace=False)
            try:
                with opener.open(f"{self.base_url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"gunicorn did not answer /healthz within {STARTUP_SECONDS} s:\n{self.log_tail()}", pytrace=False)

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no graceful shutdown, no chance to flush."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def log_offset(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def log_tail(self, size: int = 4000) -> str:
        text = self.log_since(0)
        return text[-size:]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _manage_start(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (a fixed command line)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _manage_finish(process: subprocess.Popen) -> None:
    try:
        output, _ = process.communicate(timeout=COMMAND_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    if process.returncode != 0:
        pytest.fail(f"{' '.join(process.args[1:])} failed:\n{output}", pytrace=False)


def _manage(env: dict[str, str], *args: str) -> None:
    _manage_finish(_manage_start(env, *args))


def latest_mail(env: dict[str, str]) -> EmailMessage:
    """The newest message the server wrote to its mail directory (EMAIL_URL=filemail://...)."""
    directory = Path(env["MAIL_DIR"])
    newest = max(directory.iterdir(), key=lambda path: path.stat().st_mtime_ns)
    raw = newest.read_bytes().rsplit(b"-" * 79, 1)[0]
    return message_from_bytes(raw, policy=policy.default)


def server_environment(server_database: ServerDatabase, workdir: Path) -> dict[str, str]:
    """The process environment of a production host, on `server_database`, speaking plain HTTP on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "SQLITE_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    # Plain HTTP on loopback, as `make serve` runs it; TLS is terminated in front in production.
    env |= loopback.ENVIRONMENT | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(workdir / "static"),
        "PYTHONUNBUFFERED": "1",
        # Every simulated candidate comes from 127.0.0.1: one address standing for many people.
        "RATE_LIMIT_STARTS_PER_ADDRESS": "100000/h",
        "EMAIL_URL": f"filemail://{workdir / 'mail'}",
        "MAIL_DIR": str(workdir / "mail"),
    }
    return env | database_environment(server_database)


def database_environment(server_database: ServerDatabase) -> dict[str, str]:
    if server_database.vendor == "sqlite":
        return {"SQLITE_PATH": str(server_database.sqlite_path)}
    return {"DATABASE_URL": server_database.url}


def prepare(env: dict[str, str]) -> None:
    """Static files, migrations, the cache table and the catalogue: what a release runs once."""
    # Compressing the static files is the slowest step and needs no database: it runs alongside.
    ignores = loopback.static_ignore_arguments()
    collectstatic = _manage_start(env, "collectstatic", "--noinput", "--verbosity", "0", *ignores)
    try:
        _manage(env, "migrate", "--noinput", "--verbosity", "0")
        _manage(env, "createcachetable")
        _manage(env, "load_catalogue", "--verbosity", "0")
    finally:
        _manage_finish(collectstatic)
