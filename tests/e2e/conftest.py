import os
from pathlib import Path

import pytest
from django.core.management import call_command

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


@pytest.fixture
def catalogue(transactional_db):
    """The shipped catalogue, reloaded for each live-server test (their database is emptied between tests)."""
    call_command("load_catalogue", verbosity=0)


@pytest.fixture
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
