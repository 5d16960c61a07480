from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessment.forms import AdminLoginForm
from assessment.limits import PASSWORD_RESETS_PER_ADDRESS, limit_posts_per_address
from assessment.views import accounts, curators, signups
from config import views

admin.site.login_form = AdminLoginForm

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "admin/knowledge-check/statistics/",
        admin.site.admin_view(curators.check_statistics),
        name="check-statistics",
    ),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.CandidateLoginView.as_view(), name="login"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", signups.signup_done, name="signup-done"),
    path("accounts/signup/confirm/<str:token>/", signups.signup_confirm, name="signup-confirm"),
    path(
        "accounts/password_reset/",
        limit_posts_per_address(PASSWORD_RESETS_PER_ADDRESS)(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessment.urls")),
    path("", include("career.urls")),
]
