"""The navigation bar of a signed-in candidate: thirteen links that must fit on one line on a laptop."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e]

# Its text is one line: the element is less than two of its own line heights tall (padding aside).
ONE_LINE = """e => {
  const style = getComputedStyle(e);
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  return e.getBoundingClientRect().height - padding < 2 * parseFloat(style.lineHeight);
}"""


@pytest.mark.parametrize("width", [1200, 1280, 1366, 1440])
def test_the_signed_in_navigation_bar_fits_on_one_line_without_overflow(catalogue, page: Page, live_server, width):
    user = get_user_model().objects.create_user(username="nav-ada", email="nav@example.org", password="x")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")

    call_to_action = page.locator(".d-xl-flex .app-nav-cta")

    assert page.get_by_role("link", name="Plans").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert call_to_action.evaluate(ONE_LINE)
    assert all(page.locator(".d-xl-flex .nav-link").evaluate_all(f"links => links.map({ONE_LINE})"))
