import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessment import services
from assessment.models import Report
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "object-src 'none'; form-action 'self'; base-uri 'none'"
)
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers(response) -> dict:
    return {name: response.get(name) for name in SECURITY_HEADERS}


@pytest.fixture
def owner():
    return get_user_model().objects.create_user(username="erin-headers", email="erin@example.org", password="x")


@pytest.fixture
def report(client, owner) -> Report:
    client.force_login(owner)
    assessment = start_assessment(client)
    answer_steps(client, assessment)
    return Report.objects.get(assessment=assessment)


@pytest.mark.parametrize(
    "url_for",
    [
        lambda r: reverse("career:home"),
        lambda r: reverse("career:role-detail", kwargs={"slug": "nlp-engineer"}),
        lambda r: reverse("career:faq"),
        lambda r: reverse("login"),
        lambda r: reverse("assessment:start"),
        lambda r: reverse("assessment:report", kwargs={"pk": r.pk}),
        lambda r: reverse("assessment:report-pdf", kwargs={"pk": r.pk}),
        lambda r: reverse("assessment:report-csv", kwargs={"pk": r.pk}),
        lambda r: reverse("assessment:report-json", kwargs={"pk": r.pk}),
        lambda r: reverse("healthz"),
        lambda r: "/no-such-page/",
    ],
    ids=["home", "role", "faq", "login", "start", "report", "pdf", "csv", "json", "healthz", "not-found"],
)
def test_security_headers_are_on_every_response_html_and_exports_alike(client, report, url_for):
    response = client.get(url_for(report))

    assert security_headers(response) == EXPECTED


def test_shared_report_keeps_its_stricter_referrer_policy(report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    response = Client().get(f"/s/{link.token}/")

    assert security_headers(response) == EXPECTED | {"Referrer-Policy": "no-referrer"}


def test_admin_pages_get_a_nonce_that_their_script_and_style_tags_carry(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:career_role_add"))

    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    tags = re.findall(r"<(?:script|link rel=\"stylesheet\")[^>]*>", html)
    assert (len(tags) > 3, [tag for tag in tags if f'nonce="{nonce}"' not in tag]) == (True, [])
    assert f"style-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_templates_have_no_inline_script_or_style():
    offending = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle\s*=", r"<style\b", r"\son[a-z]+\s*="):
            offending += [f"{path.relative_to(TEMPLATES_DIR)}: {m}" for m in re.findall(pattern, text)]

    assert offending == []


def test_hsts_is_sent_over_https_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    over_https = client.get(reverse("career:home"), secure=True)
    over_http = client.get(reverse("career:home"))

    assert (over_https.get("Strict-Transport-Security"), over_http.get("Strict-Transport-Security")) == (
        "max-age=31536000; includeSubDomains; preload",
        None,
    )


def test_plain_http_redirects_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get(reverse("career:role-list"))
    health = client.get(reverse("healthz"))

    assert (page.status_code, page["Location"], health.status_code) == (301, "https://testserver/roles/", 200)


def test_session_and_csrf_cookies_are_secure_httponly_and_lax_in_production(settings, owner):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    # As config/settings.py names them when the cookies are secure.
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    owner.set_password("correct horse battery staple")
    owner.save()
    client = Client(enforce_csrf_checks=True)

    form = client.get(reverse("login"), secure=True)
    login = client.post(
        reverse("login"),
        {
            "username": "erin-headers",
            "password": "correct horse battery staple",
            "csrfmiddlewaretoken": form.cookies["__Host-csrftoken"].value,
        },
        secure=True,
        headers={"Referer": "https://testserver/accounts/login/"},
    )

    def flags(cookie):
        # __Host- cookies must be Secure, with Path=/ and no Domain, or browsers drop them.
        return {
            "secure": cookie["secure"],
            "httponly": cookie["httponly"],
            "samesite": cookie["samesite"],
            "path": cookie["path"],
            "domain": cookie["domain"],
        }

    assert login.status_code == 302
    assert flags(login.cookies["__Host-sessionid"]) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
        "path": "/",
        "domain": "",
    }
    assert flags(form.cookies["__Host-csrftoken"]) == {
        "secure": True,
        "httponly": "",
        "samesite": "Lax",
        "path": "/",
        "domain": "",
    }
