"""Pages that show a candidate's data are never stored by a browser, a proxy or a CDN.

One rule for the whole site rather than a decorator on every view: everything
in the `assessment` namespace (questionnaire, reports, compare, progress,
exports, share links and the pages they open, account and data pages) and the
account pages of Django's auth app answer `Cache-Control: no-store` (with
Django's other never-cache directives), error pages included. The public
catalogue pages stay cacheable.
"""

from django.utils.cache import add_never_cache_headers

PRIVATE_NAMESPACES = frozenset({"assessment"})
PRIVATE_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "signup",
        "signup-done",
        "signup-confirm",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def is_private(request) -> bool:
    """True when the request was routed to a page that shows, or asks for, a candidate's data."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.namespace in PRIVATE_NAMESPACES or match.url_name in PRIVATE_URL_NAMES


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
        return response
