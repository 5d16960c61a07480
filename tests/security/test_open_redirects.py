import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.journeys import sign_up

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct horse battery staple"

# Django's own list of open-redirect payloads (its url_has_allowed_host_and_scheme
# tests), with a few more slash and scheme variants.
OPEN_REDIRECTS = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    r"\\example.com",
    r"\\\example.com",
    r"/\\/example.com",
    r"\\//example.com",
    r"/\/example.com",
    r"\/example.com",
    r"/\example.com",
    r"http:/\//example.com",
    r"http:\/example.com",
    r"http:/\example.com",
    'javascript:alert("XSS")',
    "javascript:alert(1)",
    "\njavascript:alert(x)",
    "java\nscript:alert(x)",
    "\x08//example.com",
    r"http://otherserver\@example.com",
    r"http:\\testserver\@example.com",
    r"http://testserver\me:pass@example.com",
    r"http://testserver\@example.com",
    r"http:\\testserver\confirm\me@example.com",
    "http:999999999",
    "ftp:9999999999",
    "\n",
    "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
    "//example.com",
    "///example.com",
    "////example.com",
    "https:/example.com",
    "https:example.com",
    "https:///example.com",
    "//example%E3%80%82com",
]


@pytest.fixture
def ivan():
    return get_user_model().objects.create_user(username="ivan", email="ivan@example.org", password=PASSWORD)


@pytest.mark.parametrize("payload", OPEN_REDIRECTS)
def test_login_ignores_a_next_that_leaves_the_site(client, ivan, payload):
    response = client.post(reverse("login"), {"username": "ivan", "password": PASSWORD, "next": payload})

    assert (response.status_code, response["Location"]) == (302, reverse("assessment:report-list"))


@pytest.mark.parametrize("payload", OPEN_REDIRECTS)
def test_logout_ignores_a_next_that_leaves_the_site(client, ivan, payload):
    client.force_login(ivan)

    response = client.post(reverse("logout"), {"next": payload})

    assert (response.status_code, response["Location"]) == (302, reverse("career:home"))


@pytest.mark.parametrize("payload", OPEN_REDIRECTS)
def test_signup_ignores_a_next_that_leaves_the_site(client, payload):
    response = sign_up(client, username="judy", email="judy@example.org", password=PASSWORD, next=payload)

    assert (response.status_code, response["Location"]) == (302, reverse("assessment:report-list"))


def test_login_follows_a_next_on_this_site(client, ivan):
    response = client.post(reverse("login"), {"username": "ivan", "password": PASSWORD, "next": "/roles/?q=1"})

    assert (response.status_code, response["Location"]) == (302, "/roles/?q=1")


def test_signup_follows_a_next_on_this_site(client):
    response = sign_up(client, username="judy", email="judy@example.org", password=PASSWORD, next="/assess/")

    assert (response.status_code, response["Location"]) == (302, "/assess/")


def test_logout_follows_a_next_on_this_site(client, ivan):
    client.force_login(ivan)

    response = client.post(reverse("logout"), {"next": "/roles/"})

    assert (response.status_code, response["Location"]) == (302, "/roles/")
