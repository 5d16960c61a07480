"""The app under gunicorn, as in production, on its own database, for load and fault tests.

The server is a real subprocess on a free loopback port: DEBUG off, a random
SECRET_KEY, static files collected into a temporary STATIC_ROOT and served by
WhiteNoise. It uses a temporary SQLite file, or a fresh PostgreSQL database on
the server DATABASE_URL names (created here and dropped afterwards). The HTTPS-only
settings are switched off as `make serve` does: it speaks plain HTTP on loopback.
"""

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.load.servers import AppServer, ServerDatabase, free_port, prepare, server_environment


@pytest.fixture(scope="module")
def server_database(tmp_path_factory):
    """A database nobody else uses: a SQLite file, or a PostgreSQL database made for this run."""
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url:
        yield ServerDatabase(vendor="sqlite", sqlite_path=tmp_path_factory.mktemp("load-db") / "db.sqlite3")
        return
    if not urlsplit(admin_url).scheme.startswith("postgres"):
        pytest.fail(f"Load tests run on SQLite or PostgreSQL; DATABASE_URL has scheme {urlsplit(admin_url).scheme!r}.")
    name = f"skills_load_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield ServerDatabase(vendor="postgresql", url=urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def app_server(server_database, tmp_path_factory):
    """gunicorn with production settings, migrated, with the catalogue and collected static files."""
    workdir = tmp_path_factory.mktemp("load-server")
    env = server_environment(server_database, workdir)
    prepare(env)
    server = AppServer(env=env, port=free_port(), log_path=workdir / "server.log", database=server_database)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def app_servers(server_database, tmp_path_factory):
    """Two gunicorn servers on different ports, as two hosts behind a load balancer: one database
    (and so one cache, one set of sessions and throttling counters), the same SECRET_KEY."""
    workdir = tmp_path_factory.mktemp("two-servers")
    env = server_environment(server_database, workdir)
    prepare(env)
    servers = [
        AppServer(env=env, port=free_port(), log_path=workdir / f"server-{n}.log", database=server_database)
        for n in (1, 2)
    ]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
