"""Sign up and log in, keeping whatever the candidate did anonymously in this browser."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from assessment import signups
from assessment.forms import LoginForm, SignupForm
from assessment.limits import SIGNUPS_PER_ADDRESS, limit_posts_per_address
from assessment.views import anonymous_work_claim


class CandidateLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # The token survives login: Django keeps session data when it cycles the key.
        response = super().form_valid(form)
        anonymous_work_claim(self.request, form.get_user())
        return response


@require_http_methods(["GET", "POST"])
@limit_posts_per_address(SIGNUPS_PER_ADDRESS)
def signup(request):
    if request.user.is_authenticated:
        return redirect("assessment:report-list")
    # Bound on every POST: a body with no readable fields must get "required" errors, not a blank form.
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the email has an account (assessment.signups).
        signups.signup_request(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            next_url=_safe_next(request) or "",
            confirm_url_for=lambda token: request.build_absolute_uri(reverse("signup-confirm", args=[token])),
            urls=_signup_mail_urls(request),
        )
        return redirect("signup-done")
    context = {"form": form, "retention_days": settings.ANONYMOUS_RETENTION_DAYS}
    return render(request, "registration/signup.html", context, status=400 if form.errors else 200)


def _signup_mail_urls(request) -> dict[str, str]:
    return {
        "login": request.build_absolute_uri(reverse("login")),
        "password_reset": request.build_absolute_uri(reverse("password_reset")),
    }


def _safe_next(request) -> str | None:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else None


@login_required
@require_GET
def account(request):
    return render(request, "account/account.html")
