import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the main thread; Django would
# otherwise refuse ORM calls from the live-server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Many tests post far more sign-ups and starts than a person would; the rate
    # limit tests switch limits back on with the `rate_limits` fixture.
    settings.RATELIMIT_ENABLE = False
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped catalogue once for the session's database."""
    with django_db_blocker.unblock():
        load_catalogue()


def load_catalogue():
    call_command("load_catalogue", verbosity=0)


@pytest.fixture
def rate_limits(settings):
    """Rate limits on, each at `n` events per hour unless a test names another rate."""
    settings.RATELIMIT_ENABLE = True

    def set_limits(n: int = 3, **rates: str) -> None:
        settings.RATELIMIT_ENABLE = True
        settings.RATE_LIMITS = {name: rates.get(name.replace("-", "_"), f"{n}/h") for name in settings.RATE_LIMITS}

    return set_limits
