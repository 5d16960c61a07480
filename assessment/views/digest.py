"""The weekly plan digest's unsubscribe link: signed, one click, no login needed."""

from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from assessment import digest


# The signed token is the proof, not a session or a CSRF token: opening the link unsubscribes
# (one click), and so does the POST of mail clients' own one-click button (RFC 8058, the
# List-Unsubscribe-Post header). The page lets the candidate undo it, should a mistaken click or
# a mail scanner opening links have turned the digest off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    try:
        user_id = digest.unsubscribe_token_user_id(token)
    except signing.BadSignature:
        return render(request, "assessment/plan/unsubscribe_invalid.html", status=400)
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        digest.digest_resubscribe(user_id=user_id)
        return render(request, "assessment/plan/unsubscribe.html", {"subscribed": True})
    digest.digest_unsubscribe(user_id=user_id)
    return render(request, "assessment/plan/unsubscribe.html", {"subscribed": False})
