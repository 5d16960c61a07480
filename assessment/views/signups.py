"""Sign-up, second half: "check your email", and the link that creates the account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessment import signups
from assessment.limits import limit_lookup_misses
from assessment.views import anonymous_work_claim
from config.auth import BACKEND_PATH


@require_GET
def signup_done(request):
    return render(request, "registration/signup_done.html", {"hours": settings.SIGNUP_CONFIRM_HOURS})


@require_http_methods(["GET", "POST"])
@limit_lookup_misses
def signup_confirm(request, token):
    # GET only shows a button: mail scanners that open links must not use them up.
    try:
        pending = signups.signup_pending_get(token=token)
        if request.method == "GET":
            return render(request, "registration/signup_confirm.html", {"username": pending["username"]})
        user, next_url = signups.signup_confirm(token=token)
    except signups.SignupLinkInvalid:
        return render(request, "registration/signup_link_invalid.html", status=404)
    except signups.SignupConflict as conflict:
        return render(request, "registration/signup_link_invalid.html", {"conflict": str(conflict)}, status=409)
    login(request, user, backend=BACKEND_PATH)
    anonymous_work_claim(request, user)
    messages.success(request, "Welcome! Your account is ready.")
    return redirect(next_url or "assessment:report-list")
