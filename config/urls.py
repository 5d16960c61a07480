from django.contrib import admin
from django.urls import include, path

from assessment.forms import AdminLoginForm
from assessment.views import accounts
from config import views

admin.site.login_form = AdminLoginForm

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.CandidateLoginView.as_view(), name="login"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessment.urls")),
    path("", include("career.urls")),
]
