"""The menu every page shows twice (phone and desktop), rendered once per process for each kind of
visitor: what it holds for a signed-in and an anonymous visitor, and the logout form's CSRF token,
which is this request's own."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def menus(page: str) -> list[str]:
    return re.findall(r'<ul class="navbar-nav ms-lg-auto.*?</ul>', page, flags=re.S)


def test_a_signed_in_visitor_logs_out_from_the_menu_with_csrf_checks_on():
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_user("mira", "mira@example.org", "irrelevant-pass-123"))

    page = client.get(reverse("career:role-list")).content.decode()
    phone, desktop = menus(page)
    tokens = [TOKEN.search(menu).group(1) for menu in (phone, desktop)]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[1]})

    assert all(label in desktop for label in ("Reports", "Plans", "Account", "Log out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_menu_token_is_masked_afresh_on_every_page():
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_user("mira", "mira@example.org", "irrelevant-pass-123"))

    first = TOKEN.search(menus(client.get(reverse("career:role-list")).content.decode())[0]).group(1)
    second = TOKEN.search(menus(client.get(reverse("career:role-list")).content.decode())[0]).group(1)

    assert first != second


def test_an_anonymous_visitor_gets_log_in_and_sign_up_and_no_csrf_cookie_from_the_menu(client):
    response = client.get(reverse("career:role-list"))
    page = response.content.decode()

    assert all("Log in" in menu and "Sign up" in menu and "Log out" not in menu for menu in menus(page))
    assert TOKEN.search(page) is None
    assert "csrftoken" not in response.cookies


def test_the_menu_marks_the_start_page_as_the_current_one_and_no_other(client):
    start = client.get(reverse("assessment:start")).content.decode()
    roles = client.get(reverse("career:role-list")).content.decode()

    assert start.count(f'href="{reverse("assessment:start")}" aria-current="page"') == 2
    assert 'aria-current="page"' not in "".join(menus(roles))


def test_signed_in_and_anonymous_menus_never_mix_in_one_process(client):
    anonymous_before = menus(client.get(reverse("career:faq")).content.decode())
    client.force_login(get_user_model().objects.create_user("mira", "mira@example.org", "irrelevant-pass-123"))
    signed_in = menus(client.get(reverse("career:faq")).content.decode())
    client.logout()
    anonymous_after = menus(client.get(reverse("career:faq")).content.decode())

    assert anonymous_before == anonymous_after
    assert all("Log out" in menu for menu in signed_in)
