"""Rate limits against abuse from outside, counted with django-ratelimit in the shared cache.

The counters live in CACHES["default"] (a database table every process and
host shares), so a limit holds however many app servers there are. The limits
themselves are settings (RATE_LIMITS, from environment variables). A request
over a limit gets the 429 page with Retry-After, and one WARNING log line.

- anonymous assessments started, per session and per client address;
- report and share-link lookups that miss (404), per client address: once
  over the limit, every further miss from that address gets 429 until the window ends;
- sign-up and password-reset requests (POST), per client address.
"""

import ipaddress
import logging
import math
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.log import log_response
from django_ratelimit.core import get_usage

logger = logging.getLogger("django.security.RateLimited")

STARTS_PER_SESSION = "assessment-starts-per-session"
STARTS_PER_ADDRESS = "assessment-starts-per-address"
LOOKUP_MISSES_PER_ADDRESS = "lookup-misses-per-address"
SIGNUPS_PER_ADDRESS = "signups-per-address"
PASSWORD_RESETS_PER_ADDRESS = "password-resets-per-address"  # noqa: S105 (a limit name)


PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 24 * 3600}


def rate_window_seconds(rate: str) -> int:
    """How long a "count/period" rate counts for, in seconds: "10/h" is 3600, "100/2h" 7200."""
    period = rate.split("/", 1)[1]
    return int(period[:-1] or 1) * PERIOD_SECONDS[period[-1]]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the one it appended to the header named
    in settings (the last entry of X-Forwarded-For), so a client cannot choose its own."""
    for meta_key in settings.CLIENT_IP_HEADERS:
        entries = [entry.strip() for entry in request.META.get(meta_key, "").split(",") if entry.strip()]
        if entries and _is_address(entries[-1]):
            return entries[-1]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a placeholder, never bound)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _address_key(group: str, request: HttpRequest) -> str:
    return client_address(request)


def _session_key(group: str, request: HttpRequest) -> str:
    if request.session.session_key is None:
        # A first visit has no session yet; make it now, so that its first start counts too.
        request.session.save()
    return request.session.session_key


def _retry_after(request: HttpRequest, name: str, key: Callable) -> int | None:
    """Count one event against limit `name`; the seconds until its window ends if that went over."""
    usage = get_usage(request, group=name, key=key, rate=settings.RATE_LIMITS[name], increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def too_many_requests(request: HttpRequest, *, name: str, retry_after: int) -> HttpResponse:
    """The 429 page with Retry-After, logged once as one WARNING line naming the limit."""
    context = {"minutes": math.ceil(retry_after / 60)}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    log_response(
        "Too Many Requests (rate limit %s, retry after %d s): %s",
        name,
        retry_after,
        request.path,
        response=response,
        request=request,
        logger=logger,
        level="warning",
    )
    return response


def limit_anonymous_starts(view):
    """Anonymous POSTs that start an assessment, per session and per client address."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            for name, key in ((STARTS_PER_SESSION, _session_key), (STARTS_PER_ADDRESS, _address_key)):
                retry_after = _retry_after(request, name, key)
                if retry_after is not None:
                    return too_many_requests(request, name=name, retry_after=retry_after)
        return view(request, *args, **kwargs)

    return wrapped


def limit_posts_per_address(name: str):
    """POSTs to a view (sign-up, password reset), per client address."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                retry_after = _retry_after(request, name, _address_key)
                if retry_after is not None:
                    return too_many_requests(request, name=name, retry_after=retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limit_lookup_misses(view):
    """Lookups that answer 404, per client address: past the limit a miss answers 429 instead.

    Only a miss touches the cache. A lookup that finds its report costs nothing:
    it needs the owner's session or a 256-bit share token, which guessing cannot reach.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.RATELIMIT_ENABLE:
            return view(request, *args, **kwargs)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            refused = _count_miss(request)
            if refused is not None:
                return refused
            raise
        if response.status_code == 404:
            return _count_miss(request) or response
        return response

    return wrapped


def _count_miss(request: HttpRequest) -> HttpResponse | None:
    retry_after = _retry_after(request, LOOKUP_MISSES_PER_ADDRESS, _address_key)
    if retry_after is None:
        return None
    return too_many_requests(request, name=LOOKUP_MISSES_PER_ADDRESS, retry_after=retry_after)
