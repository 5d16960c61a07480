import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration]

PROJECT_DIR = Path(__file__).resolve().parents[2]
# django_ratelimit.W001 only says our cache backend is not on its list (settings explain why).
NO_ISSUES = "System check identified no issues (1 silenced).\n"


def production_environment(**overrides) -> dict:
    """The process environment of a production host: DEBUG off, a random key, a host name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "EMAIL_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "skills.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://skills.example.com",
        "PYTHONWARNINGS": "error",
    }
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env.pop(name, None)
    return env | overrides


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_the_production_environment_and_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())

    assert (result.returncode, result.stdout, result.stderr) == (0, NO_ISSUES, "")


def test_deploy_check_reports_the_console_mailer_as_an_error():
    env = production_environment(EMAIL_URL="consolemail://")

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert (result.returncode, "mail.E001" in result.stderr) == (1, True)


def test_deploy_check_reports_a_short_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment(SECRET_KEY="too-short"))

    assert (result.returncode, "security.W009" in result.stderr) == (1, True)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    env = production_environment()
    del env[missing]

    result = manage("check", env=env)

    assert (result.returncode, f"ImproperlyConfigured: Set {missing}" in result.stderr) == (1, True)


COOKIE_NAMES = "from django.conf import settings; print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)"


def test_production_cookies_carry_the_host_prefix():
    result = manage("shell", "--no-imports", "-c", COOKIE_NAMES, env=production_environment())

    assert (result.returncode, result.stdout) == (0, "__Host-sessionid __Host-csrftoken\n")


def test_plain_http_rehearsal_keeps_plain_cookie_names_browsers_would_otherwise_drop():
    env = production_environment(SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")

    result = manage("shell", "--no-imports", "-c", COOKIE_NAMES, env=env)

    assert (result.returncode, result.stdout) == (0, "sessionid csrftoken\n")
