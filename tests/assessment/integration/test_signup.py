"""Sign-up answers alike for a new and a taken email; the account exists once the emailed link is used."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, Report
from assessment.signups import PENDING_KEY
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

User = get_user_model()
PASSWORD = "a-long-and-unusual-passphrase-42"
EMAIL = "quinn@example.org"
CONFIRM_PATH = re.compile(r"http://testserver(/accounts/signup/confirm/[A-Za-z0-9_-]+/)")


def form(*, username="quinn", email=EMAIL, password1=PASSWORD, password2=PASSWORD, **extra) -> dict:
    return {"username": username, "email": email, "password1": password1, "password2": password2, **extra}


def outside_view(response) -> tuple:
    """What the person submitting the form can see: status, where it leads, the page and the cookies set."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', response.text)
    return response.status_code, response.get("Location"), body, sorted(response.cookies)


def confirm_path(message) -> str:
    return CONFIRM_PATH.search(message.body).group(1)


def someone_has(email: str):
    return User.objects.create_user("existing-owner", email, "owner-password-123")


def test_a_refused_sign_up_looks_the_same_for_a_new_and_a_taken_email():
    mismatch = form(password2=PASSWORD + "x")
    new_email = Client().post(reverse("signup"), mismatch)
    someone_has(EMAIL.upper())

    taken_email = Client().post(reverse("signup"), mismatch)

    assert outside_view(taken_email) == outside_view(new_email)
    assert (new_email.status_code, "The two password fields didn’t match." in new_email.text) == (400, True)
    assert "already exists" not in taken_email.text


def test_a_valid_sign_up_looks_the_same_for_a_new_and_a_taken_email(mailoutbox):
    new_browser, taken_browser = Client(), Client()
    new_email = new_browser.post(reverse("signup"), form())
    new_page = new_browser.get(new_email["Location"])
    someone_has(EMAIL)

    taken_email = taken_browser.post(reverse("signup"), form())
    taken_page = taken_browser.get(taken_email["Location"])

    assert outside_view(taken_email) == outside_view(new_email)
    assert outside_view(taken_page) == outside_view(new_page)
    assert (new_email.status_code, new_email["Location"]) == (302, reverse("signup-done"))
    assert "Check your email" in new_page.text
    assert list(User.objects.values_list("username", flat=True)) == ["existing-owner"]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([EMAIL], "Confirm your Skills Gap account"),
        ([EMAIL], "Someone tried to sign up with your address"),
    ]


def test_the_owner_of_a_taken_email_is_told_how_to_log_in_and_gets_no_link_to_a_new_account(mailoutbox):
    someone_has("Quinn@Example.org")

    Client().post(reverse("signup"), form(email="quinn@example.org"))

    (message,) = mailoutbox
    assert message.to == ["Quinn@example.org"]  # create_user lower-cases the domain
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password_reset/" in message.body
    assert CONFIRM_PATH.search(message.body) is None


def test_the_emailed_link_creates_the_account_signs_in_and_keeps_this_browsers_work(mailoutbox, questionnaire):
    client = Client()
    finished = start_assessment(client, role="mlops-engineer", seniority="senior")
    answer_steps(client, finished, rating=2)
    client.post(reverse("signup"), form())
    path = confirm_path(mailoutbox[0])

    shown = client.get(path)
    after_get = User.objects.filter(username="quinn").exists()
    created = client.post(path)

    user = User.objects.get(username="quinn")
    assert (shown.status_code, "Create my account" in shown.text, after_get) == (200, True, False)
    assert (created.status_code, created["Location"]) == (302, reverse("assessment:report-list"))
    assert (user.email, user.check_password(PASSWORD), client.session["_auth_user_id"]) == (EMAIL, True, str(user.pk))
    assert (Assessment.objects.get().user, Report.objects.get().user) == (user, user)


def test_the_link_works_once(mailoutbox):
    Client().post(reverse("signup"), form())
    path = confirm_path(mailoutbox[0])
    Client().post(path)

    again = Client().post(path)

    assert (again.status_code, "This link does not work" in again.text, User.objects.count()) == (404, True, 1)


def test_an_unknown_or_expired_link_creates_nothing(mailoutbox):
    Client().post(reverse("signup"), form())
    path = confirm_path(mailoutbox[0])
    cache.delete(PENDING_KEY.format(token=path.rstrip("/").rsplit("/", 1)[1]))

    expired = Client().post(path)
    unknown = Client().get(reverse("signup-confirm", kwargs={"token": "not-a-token"}))

    assert (expired.status_code, unknown.status_code, User.objects.count()) == (404, 404, 0)


def test_a_username_taken_before_the_link_is_used_is_explained_and_creates_nothing(mailoutbox):
    Client().post(reverse("signup"), form())
    Client().post(reverse("signup"), form(email="other@example.org"))
    first, second = (confirm_path(m) for m in mailoutbox)
    Client().post(second)

    response = Client().post(first)

    assert response.status_code == 409
    assert "Someone took the username “quinn” in the meantime" in response.text
    assert list(User.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_an_unconfirmed_sign_up_reserves_no_username(mailoutbox):
    Client().post(reverse("signup"), form())

    again = Client().post(reverse("signup"), form(email="someone-else@example.org"))

    assert (again.status_code, again["Location"], User.objects.count()) == (302, reverse("signup-done"), 0)


def test_a_next_page_on_this_site_is_where_the_link_leads(mailoutbox):
    client = Client()
    client.post(reverse("signup"), form(next="/assess/"))

    response = client.post(confirm_path(mailoutbox[0]))

    assert (response.status_code, response["Location"]) == (302, "/assess/")
