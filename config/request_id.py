"""A request id on every response and every log line, so one failure can be traced across hosts.

The id comes from the load balancer's X-Request-ID header when that is a short,
plain token; otherwise a fresh one is made, so a client cannot inject text
into the logs through it.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def request_id_for(header_value: str | None) -> str:
    """The incoming id if it is a plain token of 8 to 128 characters, else a new random one."""
    if header_value and _SANE.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.headers.get(HEADER))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record as `request_id` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True
