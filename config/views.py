"""Project-level endpoints: the health check, the login lockout page and the 400/403 error pages."""

import logging
import math

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.log import log_response
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """200 when this host can reach its database, else 503. Touches no session and needs no login."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check failed: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes calls this once a username and address pair has failed too often: a 429 with the wait."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


def bad_request(request, exception):
    """The 400 page, logged as one WARNING line without a traceback.

    Django would log a SuspiciousOperation (a disallowed Host, too many fields,
    an oversized body) at ERROR with its traceback: an expected refusal, not a
    fault of ours. Marking the response as logged stops Django logging it again.
    """
    response = defaults.bad_request(request, exception)
    name = type(exception).__name__
    log_response(
        "Bad request (%s: %s): %s",
        name,
        str(exception),
        request.path,
        response=response,
        request=request,
        logger=logging.getLogger(
            f"django.security.{name}" if isinstance(exception, SuspiciousOperation) else "django.request"
        ),
        level="warning",
    )
    return response


def permission_denied(request, exception):
    """The 403 page, logged as one WARNING line without a traceback (or the exception's text)."""
    response = defaults.permission_denied(request, exception)
    log_response(
        "Forbidden (Permission denied): %s",
        request.path,
        response=response,
        request=request,
        level="warning",
    )
    return response
