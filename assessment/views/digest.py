"""The weekly plan digest's unsubscribe link: signed, no login needed."""

from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from assessment import digest


# The signed token is the proof, not a session: mail clients' one-click unsubscribe (RFC 8058,
# the List-Unsubscribe-Post header) POSTs here without a CSRF token. A GET only shows the button,
# as the sign-up link does: mail scanners that open links must not turn the digest off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    try:
        user_id = digest.unsubscribe_token_user_id(token)
    except signing.BadSignature:
        return render(request, "assessment/plan/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "assessment/plan/unsubscribe.html", {"done": False})
    digest.digest_unsubscribe(user_id=user_id)
    return render(request, "assessment/plan/unsubscribe.html", {"done": True})
