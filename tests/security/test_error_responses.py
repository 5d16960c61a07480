"""Every error page keeps the security headers, and refusals are logged as one line each."""

import logging

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from config.urls import handler400, handler403  # noqa: F401 (the error handlers of this test urlconf)
from config.urls import urlpatterns as project_urlpatterns
from tests.security.test_headers import EXPECTED, security_headers

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.urls(__name__)]


def boom(request):
    raise RuntimeError("the page broke")


def forbidden(request):
    raise PermissionDenied("internal detail 5521")


def suspicious(request):
    raise SuspiciousOperation("a tampered value")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    *project_urlpatterns,
]

FRAMING = {"X-Frame-Options": "DENY", "Content-Security-Policy": EXPECTED["Content-Security-Policy"]}


def warnings_and_errors(caplog) -> list[tuple]:
    """(logger, level, message, has a traceback, request id) for each record at WARNING or above."""
    return [
        (r.name, r.levelname, r.getMessage(), r.exc_info is not None, getattr(r.request, "request_id", None))
        for r in caplog.records
        if r.levelno >= logging.WARNING
    ]


def framing(response) -> dict:
    return {name: response.get(name) for name in FRAMING}


def test_bad_request_for_a_disallowed_host_has_every_security_header():
    response = Client().get("/", headers={"host": "evil.example"})

    assert (response.status_code, security_headers(response)) == (400, EXPECTED)


def test_bad_request_for_a_disallowed_host_refused_by_the_https_redirect_keeps_framing_protection(settings):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/", headers={"host": "evil.example"})

    assert (response.status_code, framing(response)) == (400, FRAMING)


@pytest.mark.parametrize(
    ("url", "status"),
    [("/forbidden/", 403), ("/no-such-page/", 404), ("/boom/", 500), ("/suspicious/", 400)],
    ids=["403", "404", "500", "400-suspicious"],
)
def test_error_pages_have_every_security_header(url, status):
    response = Client(raise_request_exception=False).get(url)

    assert (response.status_code, security_headers(response)) == (status, EXPECTED)


def test_csrf_failure_page_has_every_security_header():
    response = Client(enforce_csrf_checks=True).post(reverse("assessment:start"), {"role": "ai-engineer"})

    assert (response.status_code, security_headers(response)) == (403, EXPECTED)


# --- Logs ------------------------------------------------------------------------------------------


def test_disallowed_host_is_one_warning_line_without_a_traceback(caplog):
    response = Client().get("/roles/", headers={"host": "evil.example"})

    assert warnings_and_errors(caplog) == [
        (
            "django.security.DisallowedHost",
            "WARNING",
            "Bad request (DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
            "You may need to add 'evil.example' to ALLOWED_HOSTS.): /roles/",
            False,
            response["X-Request-ID"],
        )
    ]


def test_too_many_fields_is_one_warning_line_without_a_traceback(caplog):
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = Client().post(reverse("login"), body, content_type="application/x-www-form-urlencoded")

    assert (response.status_code, warnings_and_errors(caplog)) == (
        400,
        [
            (
                "django.security.TooManyFieldsSent",
                "WARNING",
                "Bad request (TooManyFieldsSent: The number of GET/POST parameters exceeded "
                "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.): /accounts/login/",
                False,
                response["X-Request-ID"],
            )
        ],
    )


def test_request_data_too_big_is_one_warning_line_without_a_traceback(caplog):
    body = "password=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = Client().post(reverse("login"), body, content_type="application/x-www-form-urlencoded")

    assert (response.status_code, warnings_and_errors(caplog)) == (
        400,
        [
            (
                "django.security.RequestDataTooBig",
                "WARNING",
                "Bad request (RequestDataTooBig: Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.): "
                "/accounts/login/",
                False,
                response["X-Request-ID"],
            )
        ],
    )


def test_suspicious_operation_in_a_view_is_one_warning_line_without_a_traceback(caplog):
    response = Client().get("/suspicious/")

    assert warnings_and_errors(caplog) == [
        (
            "django.security.SuspiciousOperation",
            "WARNING",
            "Bad request (SuspiciousOperation: a tampered value): /suspicious/",
            False,
            response["X-Request-ID"],
        )
    ]


def test_permission_denied_is_one_warning_line_without_a_traceback_or_its_detail(caplog):
    response = Client().get("/forbidden/")

    assert warnings_and_errors(caplog) == [
        ("django.request", "WARNING", "Forbidden (Permission denied): /forbidden/", False, response["X-Request-ID"])
    ]


def test_csrf_failure_is_one_warning_line_without_a_traceback(caplog):
    response = Client(enforce_csrf_checks=True).post(reverse("assessment:start"), {"role": "ai-engineer"})

    assert warnings_and_errors(caplog) == [
        (
            "django.security.csrf",
            "WARNING",
            "Forbidden (CSRF cookie not set.): /assess/",
            False,
            response["X-Request-ID"],
        )
    ]


def test_an_unexpected_error_keeps_its_traceback(caplog):
    response = Client(raise_request_exception=False).get("/boom/")

    assert warnings_and_errors(caplog) == [
        ("django.request", "ERROR", "Internal Server Error: /boom/", True, response["X-Request-ID"])
    ]
