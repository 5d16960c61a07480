import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.urls(__name__)]

SECRET_DETAIL = "db password is hunter2 at /srv/app/settings.py"


def boom(request):
    raise RuntimeError(SECRET_DETAIL)


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *project_urlpatterns]

LEAKS = ("Traceback", "RuntimeError", "hunter2", "SECRET_KEY", "SELECT ", str(settings.BASE_DIR), "DEBUG")


def leaks(response) -> list[str]:
    body = response.content.decode()
    return [marker for marker in LEAKS if marker in body]


def heading(response) -> str:
    body = response.content.decode()
    return body.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]


def test_server_error_page_says_sorry_and_leaks_nothing():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert (response.status_code, heading(response), leaks(response)) == (500, "Something went wrong", [])


def test_server_error_template_renders_without_a_request_or_context_processors():
    html = loader.get_template("500.html").render()

    assert ("Something went wrong" in html, 'href="/"' in html) == (True, True)


def test_not_found_page_does_not_echo_the_address():
    response = Client().get("/private-looking-path-hunter2/")

    assert (response.status_code, heading(response), leaks(response)) == (404, "Page not found", [])


def test_permission_denied_page_leaks_nothing():
    response = Client().get("/forbidden/")

    assert (response.status_code, heading(response), leaks(response)) == (403, "Not allowed", [])


def test_bad_request_page_for_a_foreign_host_leaks_nothing():
    response = Client().get("/", headers={"host": "hunter2.example"})

    assert (response.status_code, heading(response), leaks(response)) == (400, "Bad request", [])


def test_csrf_failure_page_explains_and_leaks_nothing():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("assessment:start"), {"role": "ai-engineer", "seniority": "mid"})

    body = response.content.decode()
    assert (response.status_code, heading(response), leaks(response)) == (403, "This form has expired", [])
    assert ("CSRF cookie not set" in body, "Referer" in body) == (False, False)


@pytest.mark.parametrize(
    "url_name",
    [
        "career:home",
        "career:role-list",
        "career:skill-list",
        "career:duty-list",
        "career:certification-list",
        "career:roadmap",
        "career:career-path",
        "career:outlook",
        "career:kpi-list",
        "career:faq",
        "healthz",
    ],
)
def test_read_only_pages_refuse_other_methods_with_405(url_name):
    client = Client()
    url = reverse(url_name)

    statuses = [client.generic(method, url).status_code for method in ("POST", "PUT", "PATCH", "DELETE")]

    assert statuses == [405, 405, 405, 405]


def test_role_page_refuses_post_with_405_and_names_the_allowed_methods():
    response = Client().post(reverse("career:role-detail", kwargs={"slug": "ai-engineer"}))

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_forms_refuse_put_and_delete_with_405():
    client = Client()

    statuses = [
        client.generic(m, reverse(name)).status_code
        for name in ("assessment:start", "signup")
        for m in ("PUT", "DELETE")
    ]

    assert statuses == [405, 405, 405, 405]
