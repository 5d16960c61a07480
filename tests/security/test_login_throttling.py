from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.journeys import sign_up

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct horse battery staple"
LOCKED_OUT_TEXT = "Try again in 15 minutes."
LOGIN_ERROR = "Please enter a correct username and password. Note that both fields may be case-sensitive."
ADMIN_LOGIN_ERROR = (
    "Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive."
)


@pytest.fixture
def frank():
    return get_user_model().objects.create_user(username="frank", email="frank@example.org", password=PASSWORD)


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        username="grace-staff", email="grace@example.org", password=PASSWORD, is_staff=True, is_superuser=True
    )


def attempt(client, url, username, password, *, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def error_text(response) -> list[str]:
    form = response.context["form"]
    return form.non_field_errors()


def test_login_gives_the_same_message_for_an_unknown_user_and_a_wrong_password(client, frank):
    unknown = attempt(client, reverse("login"), "nobody-here", PASSWORD)
    wrong = attempt(client, reverse("login"), "frank", "not the password")

    assert (unknown.status_code, error_text(unknown)) == (200, [LOGIN_ERROR])
    assert (wrong.status_code, error_text(wrong)) == (200, [LOGIN_ERROR])


@pytest.mark.parametrize(
    ("url_name", "username", "message"),
    [("login", "frank", LOGIN_ERROR), ("admin:login", "grace-staff", ADMIN_LOGIN_ERROR)],
    ids=["candidate-login", "admin-login"],
)
def test_login_locks_out_after_five_failures_with_a_429_cool_off_page(
    client, frank, staff, settings, url_name, username, message
):
    url = reverse(url_name)

    first_four = [attempt(client, url, username, "wrong") for _ in range(4)]
    fifth = attempt(client, url, username, "wrong")
    right_password_while_locked = attempt(client, url, username, PASSWORD)

    assert [(r.status_code, error_text(r)) for r in first_four] == [(200, [message])] * 4
    assert (fifth.status_code, right_password_while_locked.status_code) == (429, 429)
    page = right_password_while_locked.content.decode()
    assert ("Too many attempts" in page, LOCKED_OUT_TEXT in page) == (True, True)
    assert "_auth_user_id" not in client.session


def test_lockout_is_a_cool_off_that_ends_after_fifteen_minutes(client, frank):
    for _ in range(5):
        attempt(client, reverse("login"), "frank", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = attempt(client, reverse("login"), "frank", PASSWORD)

    assert (response.status_code, response["Location"], client.session["_auth_user_id"]) == (
        302,
        reverse("assessment:report-list"),
        str(frank.pk),
    )


def test_lockout_is_per_username_and_address_so_others_still_log_in(frank):
    attacker = Client()
    for _ in range(5):
        attempt(attacker, reverse("login"), "frank", "wrong", ip="203.0.113.7")
    frank_elsewhere = Client()

    same_pair = attempt(attacker, reverse("login"), "frank", PASSWORD, ip="203.0.113.7")
    other_address = attempt(frank_elsewhere, reverse("login"), "frank", PASSWORD, ip="198.51.100.20")

    assert (same_pair.status_code, other_address.status_code) == (429, 302)


def test_successful_login_resets_the_failure_count(client, frank):
    for _ in range(4):
        attempt(client, reverse("login"), "frank", "wrong")
    attempt(client, reverse("login"), "frank", PASSWORD)
    client.logout()

    after_reset = [attempt(client, reverse("login"), "frank", "wrong").status_code for _ in range(4)]

    assert after_reset == [200, 200, 200, 200]


def test_signup_still_logs_the_new_candidate_in(client):
    response = sign_up(client, username="heidi", email="heidi@example.org", password=PASSWORD)

    user = get_user_model().objects.get(username="heidi")
    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(user.pk))
