import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, Report
from tests.journeys import answer_steps, sign_up, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

User = get_user_model()
GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"


def signup(client, *, username="alice", email="alice@example.com", password=GOOD_PASSWORD):
    return client.post(
        reverse("signup"),
        {"username": username, "email": email, "password1": password, "password2": password},
    )


def test_signup_creates_an_account_logs_in_and_hashes_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    response = sign_up(client, username="alice", email="alice@example.com", password=GOOD_PASSWORD)

    user = User.objects.get(username="alice")
    assert response["Location"] == reverse("assessment:report-list")
    assert user.email == "alice@example.com"
    assert user.password.startswith("argon2$")
    assert client.get(reverse("assessment:report-list")).status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "This password is too short."), ("password123", "This password is too common.")],
    ids=["too-short", "too-common"],
)
def test_signup_refuses_weak_passwords(client, password, message):
    response = signup(client, password=password)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_signup_with_an_email_already_in_use_creates_nothing_and_tells_only_its_owner(client):
    User.objects.create_user("bob", "alice@example.com", GOOD_PASSWORD)

    response = signup(client, email="ALICE@example.com")

    assert (response.status_code, response["Location"]) == (302, reverse("signup-done"))
    assert (User.objects.count(), [m.to for m in mail.outbox]) == (1, [["alice@example.com"]])


def test_signup_keeps_the_anonymous_assessment_and_report_from_this_browser(client, questionnaire):
    finished = start_assessment(client, role="mlops-engineer", seniority="senior")
    answer_steps(client, finished, rating=2)
    in_progress = start_assessment(client, role="nlp-engineer", seniority="mid")

    sign_up(client, username="alice", email="alice@example.com", password=GOOD_PASSWORD)

    user = User.objects.get(username="alice")
    assert set(Assessment.objects.filter(user=user).values_list("pk", flat=True)) == {finished.pk, in_progress.pk}
    assert Report.objects.get().user == user
    assert Assessment.objects.filter(user__isnull=True).count() == 0
    page = client.get(reverse("assessment:report-list")).content.decode()
    assert "MLOps Engineer · Senior" in page


def test_login_keeps_the_anonymous_work_and_does_not_touch_other_browsers(client, questionnaire):
    User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)
    mine = start_assessment(client)
    other_browser = Client()
    theirs = start_assessment(other_browser)

    response = client.post(reverse("login"), {"username": "alice", "password": GOOD_PASSWORD})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert response["Location"] == reverse("assessment:report-list")
    assert (mine.user.username, mine.anonymous_token) == ("alice", "")
    assert theirs.user is None
    assert other_browser.get(reverse("assessment:resume", kwargs={"pk": theirs.pk})).status_code == 302


def test_login_with_a_wrong_password_says_so_without_revealing_the_account(client):
    User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)

    wrong = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "nope"})

    assert wrong.status_code == unknown.status_code == 200
    assert "Please enter a correct username and password" in wrong.content.decode()
    assert "Please enter a correct username and password" in unknown.content.decode()


def test_logout_is_a_post_and_get_is_refused(client):
    user = User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)
    client.force_login(user)

    refused = client.get(reverse("logout"))
    response = client.post(reverse("logout"))

    assert refused.status_code == 405
    assert response["Location"] == reverse("career:home")
    assert client.get(reverse("assessment:report-list"))["Location"].startswith(reverse("login"))


def test_password_change_requires_the_old_password(client):
    user = User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)
    client.force_login(user)
    new = "another-long-passphrase-77"

    response = client.post(
        reverse("password_change"), {"old_password": GOOD_PASSWORD, "new_password1": new, "new_password2": new}
    )

    user.refresh_from_db()
    assert response["Location"] == reverse("password_change_done")
    assert user.check_password(new)


def test_password_reset_sends_a_working_link_by_email(client):
    User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)

    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new = "reset-passphrase-that-is-long-9"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert done["Location"] == reverse("password_reset_complete")
    assert User.objects.get(username="alice").check_password(new)


def test_signup_next_never_redirects_off_site(client):
    response = sign_up(
        client,
        username="alice",
        email="alice@example.com",
        password=GOOD_PASSWORD,
        next="https://evil.example/steal",
    )

    assert response["Location"] == reverse("assessment:report-list")
