"""Who is signed in, as config.auth.ModelBackend reads it: the user in one plain query, with every
rule of Django's own backend and session check kept."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.auth import BACKEND_PATH, ModelBackend

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "a-long-enough-passphrase-42"


@pytest.fixture
def member():
    return get_user_model().objects.create_user(username="member", email="member@example.com", password=PASSWORD)


def signed_in(client, user):
    """Through the login page, as a person signs in (so through this backend and the login throttle)."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_the_backend_reads_the_whole_user_row_in_one_query(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(member.pk)

    assert (user.pk, user.username, user.email, user.is_active) == (member.pk, "member", "member@example.com", True)
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("user_id", [None, "", "not-a-number", "1; DROP TABLE auth_user", 10**30])
def test_a_malformed_or_unknown_id_in_a_session_is_nobody_not_an_error(member, user_id):
    assert ModelBackend().get_user(user_id) is None


def test_an_inactive_user_is_nobody(member):
    member.is_active = False
    member.save()

    assert ModelBackend().get_user(member.pk) is None


def test_a_signed_in_user_reaches_their_account_page(client, member):
    response = signed_in(client, member).get(reverse("assessment:account"))

    assert response.status_code == 200
    assert response.wsgi_request.user == member


def test_a_deactivated_user_is_signed_out_at_their_next_request(client, member):
    signed_in(client, member)
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)  # no signal: the row alone decides

    response = client.get(reverse("assessment:account"))

    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_password_changed_elsewhere_signs_out_every_other_session(client, member):
    signed_in(client, member)
    member.set_password("another-long-passphrase-43")
    member.save()

    response = client.get(reverse("assessment:account"))

    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_deleted_user_is_signed_out(client, member):
    signed_in(client, member)
    get_user_model().objects.filter(pk=member.pk).delete()

    response = client.get(reverse("assessment:account"))

    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_sign_ups_and_the_benchmark_sign_in_through_the_backend_settings_name():
    assert BACKEND_PATH in settings.AUTHENTICATION_BACKENDS
