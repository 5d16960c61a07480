import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_health_check_answers_ok_when_the_database_answers(django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get(reverse("healthz"))

    assert (response.status_code, response.json(), response["Content-Type"]) == (
        200,
        {"status": "ok", "database": "ok"},
        "application/json",
    )


def test_health_check_answers_head_without_a_body():
    response = Client().head(reverse("healthz"))

    assert (response.status_code, response.content) == (200, b"")


def test_health_check_sets_no_cookie_and_is_never_cached():
    response = Client().get(reverse("healthz"))

    assert (dict(response.cookies), response.has_header("Vary"), response["Cache-Control"]) == (
        {},
        False,
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )


def test_health_check_answers_503_when_the_database_does_not(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = Client().get(reverse("healthz"))

    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "database": "unreachable"})


def test_health_check_keeps_the_allowed_hosts_rule():
    response = Client().get(reverse("healthz"), headers={"host": "attacker.example"})

    assert response.status_code == 400


def test_health_check_refuses_post_with_405():
    response = Client().post(reverse("healthz"))

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
