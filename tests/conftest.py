import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the main thread; Django would
# otherwise refuse ORM calls from the live-server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
