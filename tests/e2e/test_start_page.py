"""The target chooser in a real browser: cards chosen by keyboard and by click, at laptop and phone width."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.e2e]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"laptop": LAPTOP, "phone": PHONE}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def radio(page: Page, name: str):
    return page.get_by_role("radio", name=name, exact=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_role_and_seniority_cards_are_chosen_by_keyboard(page: Page, catalogue, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto("/assess/")

    assert page_width(page) == WIDTHS[width]["width"]
    assert_accessible(page)
    expect(page.get_by_role("group", name="1. The role you are aiming for")).to_be_visible()
    expect(radio(page, "MLOps Engineer")).to_have_accessible_description(
        "Owns how models reach production and stay healthy: automated tests, releases, monitoring and retraining, "
        "on a platform others may build. Deployment and Operations · typically Senior"
    )
    # Into the role group: nothing is chosen yet, so Space chooses the focused card and the arrows move the choice.
    radio(page, "AI Engineer").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(radio(page, "Machine Learning Engineer")).to_be_checked()
    expect(radio(page, "AI Engineer")).not_to_be_checked()
    radio(page, "Mid-level").focus()
    page.keyboard.press("ArrowRight")
    expect(radio(page, "Senior")).to_be_checked()
    focused = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
    assert focused == "solid"  # the focused card shows where the keyboard is
    page.keyboard.press("Enter")  # submits the form, as Enter in a radio group does

    expect(page).to_have_url(re.compile(rf"/assess/{UUID}/skills-programming/$"))
    expect(page.get_by_text("Machine Learning Engineer · Senior")).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_role_and_seniority_cards_are_chosen_by_clicking_anywhere_on_the_card(
    page: Page, catalogue, artifacts_dir, width
):
    page.set_viewport_size(WIDTHS[width])
    page.goto("/assess/")

    page.get_by_text("Joins AI to the systems a business already runs").click()
    expect(radio(page, "AI Systems Engineer")).to_be_checked()
    page.get_by_text("Deployment and Operations · typically Senior").click()  # the card's last line
    expect(radio(page, "MLOps Engineer")).to_be_checked()
    expect(radio(page, "AI Systems Engineer")).not_to_be_checked()
    page.get_by_text("usually 5–8 years of experience").click()
    expect(radio(page, "Senior")).to_be_checked()
    chosen = page.locator("label[for=role-mlops-engineer]")
    assert chosen.evaluate("label => getComputedStyle(label).backgroundColor") == "rgb(234, 242, 252)"
    assert page_width(page) == WIDTHS[width]["width"]
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / f"start-page-{width}.png", full_page=True)
    page.get_by_role("button", name="Start the questionnaire").click()

    expect(page).to_have_url(re.compile(rf"/assess/{UUID}/skills-programming/$"))
    expect(page.get_by_text("MLOps Engineer · Senior")).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_navigation_offers_the_assessment_on_every_page(page: Page, catalogue, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto("/certifications/")
    if width == "phone":
        page.get_by_text("Menu", exact=True).click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Take the assessment").click()

    expect(page).to_have_url(re.compile(r"/assess/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start your skills-gap assessment")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/privacy/", "/certifications/"])
def test_privacy_and_certifications_pages_fit_laptop_and_phone(page: Page, catalogue, artifacts_dir, path):
    name = path.strip("/")
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(path)

        assert page_width(page) == viewport["width"]
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"{name}-{width}.png", full_page=True)
