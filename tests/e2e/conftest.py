import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system's Chromium; Playwright's own browser download is not used.

    A missing browser fails the run rather than skipping it: a skipped browser
    test looks green while proving nothing.
    """
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"Chromium not found at {executable}. Run 'make test' (it installs the Debian chromium package) "
            "or set CHROMIUM_PATH to a Chromium binary.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(django_db_setup, live_server):
    """Pages are opened relative to the live server: page.goto("/roles/").

    The test database must exist before the live server starts, so that the server
    shares the in-memory SQLite connection instead of opening (and leaking) its own.
    This also replaces pytest-playwright's fallback base_url fixture, which pytest
    deprecates (a warning, and so an error under filterwarnings = error).
    """
    return live_server.url


@pytest.fixture(scope="session")
def catalogue_rows(django_db_setup, django_db_blocker):
    """Every catalogue row as loaded once for the session, model by model, with the
    many-to-many link rows: restoring these is far quicker than running loaddata again."""
    with django_db_blocker.unblock():
        rows = []
        for model in apps.get_app_config("career").get_models():
            rows.append((model, list(model.objects.all())))
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                rows.append((through, list(through.objects.all())))
        return rows


@pytest.fixture
def catalogue(transactional_db, catalogue_rows):
    """The shipped catalogue, restored for each live-server test (their database is emptied between tests)."""
    with transaction.atomic():  # foreign keys are checked at commit, so model order does not matter
        for model, rows in catalogue_rows:
            model.objects.bulk_create(rows, ignore_conflicts=True)  # the first such test still has them
    # PostgreSQL: move the id sequences past the restored ids, for rows a test adds.
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in catalogue_rows])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
