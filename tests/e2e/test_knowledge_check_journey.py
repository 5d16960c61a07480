"""The knowledge check in a real browser: rated everything 4, then answered every item wrong, or every item right.

The tests read the key from the bank as the fixtures loaded it; the pages never reveal it.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from career.models import KnowledgeCheckOption
from tests.e2e.accessibility import assert_accessible
from tests.e2e.questionnaire_pages import choose_target, save_and_continue

pytestmark = [pytest.mark.e2e]

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
UUID = r"[0-9a-f-]{36}"


def screenshots(page: Page, *, name: str, artifacts_dir) -> None:
    """Full-page screenshots at desktop and phone width; each layout fits its width and passes axe."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def rate_everything_4(page: Page) -> None:
    """From the start page to the check's offer: every question at its top level, some experience."""
    page.goto("/assess/")
    choose_target(page, role="AI Engineer", seniority="Mid-level")
    page.get_by_role("button", name="Start the questionnaire").click()
    while page.get_by_role("heading", level=1).inner_text() != "Experience":
        for group in page.locator("fieldset.rating").all():
            group.locator("label").last.click()
        save_and_continue(page)
    page.get_by_label("Years of hands-on experience in software or data").fill("6")
    page.get_by_label("AI or ML projects you have shipped (to users, a client or production)").fill("4")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check")


def answer_every_item(page: Page, *, right: bool, artifacts_dir=None) -> int:
    """Start the check and answer until the report opens; returns how many items were asked."""
    page.get_by_role("button", name="Start the check").click()
    asked = 0
    while page.locator("input[name=item]").count():
        item = int(page.locator("input[name=item]").get_attribute("value"))
        key = KnowledgeCheckOption.objects.get(item_id=item, is_correct=True).pk
        options = [
            int(value) for value in page.locator("input[name=option]").evaluate_all("els => els.map(e => e.value)")
        ]
        choice = key if right else next(option for option in options if option != key)
        if asked == 0 and artifacts_dir is not None:
            screenshots(page, name="check-question", artifacts_dir=artifacts_dir)
        page.locator(f"label[for=option-{choice}]").click()
        page.get_by_role("button", name="Answer and continue →").click()
        asked += 1
    return asked


def percent(text: str) -> float:
    return float(text.rstrip("%"))


@pytest.mark.django_db(transaction=True)
def test_all_wrong_answers_lower_the_checked_levels_and_the_readiness_as_checked(page: Page, catalogue, artifacts_dir):
    page.set_viewport_size(DESKTOP)
    rate_everything_4(page)
    expect(page.get_by_test_id("check-offer")).to_contain_text("At most 15 questions, up to about 15 minutes.")
    screenshots(page, name="check-offer", artifacts_dir=artifacts_dir)

    asked = answer_every_item(page, right=False, artifacts_dir=artifacts_dir)

    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    assert asked == 15  # five skills, each 4, 4 then 3, all wrong
    check = page.get_by_test_id("knowledge-check")
    expect(check.get_by_test_id("checked-level")).to_have_text(["2"] * 5)  # 2: the highest level not ruled out
    expect(check.get_by_test_id("check-outcome")).to_have_text(["below your rating"] * 5)
    expect(check.get_by_test_id("calibration")).to_have_text(
        "Your answers matched your rating on 0 of 5 skills; on 5 you missed the questions at your rated level."
    )
    expect(check.get_by_test_id("over-confidence")).to_be_visible()
    expect(check.get_by_test_id("over-confidence")).to_contain_text("a prompt to look closer, not a verdict")
    claimed = percent(check.get_by_test_id("readiness-claimed").inner_text())
    checked = percent(check.get_by_test_id("readiness-checked").inner_text())
    assert checked < claimed == percent(page.get_by_test_id("readiness").inner_text())
    expect(check.get_by_test_id("confidence-checked")).to_have_text("low")
    expect(page.get_by_test_id("review-item")).to_have_count(15)
    expect(page.get_by_test_id("review-item").first).to_contain_text("(your answer)")
    expect(page.get_by_test_id("review-item").first).to_contain_text("— right answer")
    screenshots(page, name="check-report", artifacts_dir=artifacts_dir)


@pytest.mark.django_db(transaction=True)
def test_all_right_answers_confirm_the_ratings(browser: Browser, base_url, catalogue):
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    try:
        page = context.new_page()
        rate_everything_4(page)

        asked = answer_every_item(page, right=True)

        expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
        assert asked == 10  # two right at the claimed top level: confirmed, with no level above to probe
        check = page.get_by_test_id("knowledge-check")
        expect(check.get_by_test_id("checked-level")).to_have_text(["4"] * 5)
        expect(check.get_by_test_id("check-outcome")).to_have_text(["confirmed"] * 5)
        expect(check.get_by_test_id("calibration")).to_have_text("Your answers matched your rating on 5 of 5 skills.")
        expect(check.get_by_test_id("over-confidence")).to_have_count(0)
        expect(check.get_by_test_id("readiness-checked")).to_have_text(
            check.get_by_test_id("readiness-claimed").inner_text()
        )
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_curator_finds_the_item_statistics_from_the_bank(
    browser: Browser, base_url, catalogue, django_user_model, artifacts_dir
):
    candidate = browser.new_context(base_url=base_url, viewport=DESKTOP)
    try:
        page = candidate.new_page()
        rate_everything_4(page)
        answer_every_item(page, right=False)
    finally:
        candidate.close()
    django_user_model.objects.create_superuser("curator", "curator@example.com", "curator-password-1")
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto("/admin/")
        page.get_by_label("Username").fill("curator")
        page.get_by_label("Password").fill("curator-password-1")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Knowledge check items").click()

        page.get_by_role("link", name="Item statistics").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check: item statistics")
        asked = page.get_by_test_id("statistics-row").filter(has_text="0.00")
        expect(asked).to_have_count(15)  # every item this candidate got wrong: shown once, share correct 0
        page.screenshot(path=artifacts_dir / "check-statistics-desktop.png", full_page=False)
    finally:
        context.close()
