"""A candidate works through a learning plan: from an anonymous report to a re-check on the timeline."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessment.models import AnswerKind, LearningPlan, Report
from tests.e2e.accessibility import assert_accessible
from tests.e2e.questionnaire_pages import answer_card, choose_target, finish_without_the_check, save_and_continue
from tests.e2e.test_reports_journey import FIRST_STEPS, PROJECTS_LABEL, ROLE_NAME, SENIORITY_NAME, YEARS_LABEL
from tests.journeys import correct_option

pytestmark = [pytest.mark.e2e]

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
USERNAME, EMAIL, PASSWORD = "pat-plans", "pat.plans@example.com", "correct-horse-battery-9"


def screenshots(page: Page, *, name: str, artifacts_dir) -> None:
    """Full-page screenshots at desktop and phone width; each layout must fit its width and pass axe."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def finish_anonymous_assessment(page: Page) -> None:
    page.goto("/assess/")
    choose_target(page, role=ROLE_NAME, seniority=SENIORITY_NAME)
    page.get_by_role("button", name="Start the questionnaire").click()
    for title, kind, answers in FIRST_STEPS:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        for key, level in answers.items():
            answer_card(page, kind=kind, key=key, level=level).click()
        save_and_continue(page)
    page.get_by_label(YEARS_LABEL).fill("2")
    page.get_by_label(PROJECTS_LABEL).fill("0")
    finish_without_the_check(page)
    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))


def sign_up_from_the_report(page: Page, report_url: str) -> None:
    page.get_by_test_id("adopt-plan").get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    link = re.search(r"https?://\S+/accounts/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(report_url)  # back to the report, now kept in the account


def set_status(page: Page, item, status: str) -> None:
    card = page.locator(f"#item-{item.pk}")
    card.get_by_label("Status").select_option(label=status)
    card.get_by_role("button", name=re.compile(r"^Save")).click()
    expect(page.locator(f"#item-{item.pk}").get_by_test_id("item-status")).to_have_text(status)


def answer_the_check_right(page: Page) -> int:
    """Answer every question of the check with the key, read from the bank (the page never shows it);
    returns how many were asked."""
    answered = 0
    while page.get_by_test_id("check-question").count():
        item = int(page.locator("input[name='item']").input_value())
        page.locator(f"#option-{correct_option(item)}").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Answer and continue →").click()
        answered += 1
    return answered


def items_to_finish(plan: LearningPlan):
    """Two items to mark done and one to skip, so that one skill has every item finished."""
    by_skill: dict[str, list] = {}
    for item in plan.items.filter(target_kind=AnswerKind.SKILL).order_by("position"):
        by_skill.setdefault(item.target_key, []).append(item)
    three = next((items for items in by_skill.values() if len(items) == 3), None)
    if three is not None:
        return three[:2], three[2], three[0].target_key
    two = next(items for items in by_skill.values() if len(items) == 2)
    other = next(item for item in plan.items.order_by("position") if item.target_key != two[0].target_key)
    return two, other, two[0].target_key


@pytest.mark.django_db(transaction=True)
def test_plan_journey_adopt_pace_progress_recheck_compare_and_timeline(page: Page, base_url, catalogue, artifacts_dir):
    page.set_viewport_size(DESKTOP)

    finish_anonymous_assessment(page)
    report_url = page.url
    expect(page.get_by_test_id("adopt-plan")).to_contain_text("needs an account")
    sign_up_from_the_report(page, report_url)

    page.get_by_role("button", name="Adopt this plan").click()
    expect(page).to_have_url(re.compile(rf"/plans/{UUID}/$"))
    user = get_user_model().objects.get(username=USERNAME)
    plan = LearningPlan.objects.get(user=user)
    first_report = Report.objects.get(user=user)
    planned = sum(plan.items.values_list("hours", flat=True))
    expect(page.get_by_text(f"Plan adopted: {plan.items.count()} items")).to_be_visible()
    expect(page.get_by_test_id("expected-finish")).to_have_text("Set your hours a week to get planned weeks and dates.")

    page.get_by_label("Hours a week for this plan").fill("6")
    page.get_by_role("button", name="Set pace").click()
    today = timezone.localdate()
    at_six = today + timedelta(weeks=-(-planned // 6))
    expect(page.get_by_test_id("expected-finish")).to_contain_text(f"{at_six.day} {at_six:%B %Y}")
    expect(page.get_by_test_id("progress-text")).to_have_text(f"0 of {planned} planned hours done (0%)")
    screenshots(page, name="plan-adopted", artifacts_dir=artifacts_dir)

    done, skipped, skill = items_to_finish(plan)
    for item in done:
        set_status(page, item, "Done")
    set_status(page, skipped, "Skipped")

    done_hours = sum(item.hours for item in done)
    left_planned = planned - skipped.hours
    expect(page.get_by_test_id("progress-text")).to_have_text(
        f"{done_hours} of {left_planned} planned hours done ({done_hours * 100 // left_planned}%)"
    )
    progress_bar = page.locator("#plan-progress")
    assert (progress_bar.get_attribute("value"), progress_bar.get_attribute("max")) == (
        str(done_hours),
        str(left_planned),
    )
    sooner = today + timedelta(weeks=-(-(left_planned - done_hours) // 6))
    assert sooner < at_six
    expect(page.get_by_test_id("expected-finish")).to_contain_text(f"{sooner.day} {sooner:%B %Y}")
    expect(page.get_by_test_id("recheck-due")).to_contain_text(done[0].target_label)
    screenshots(page, name="plan-in-progress", artifacts_dir=artifacts_dir)

    page.get_by_role("link", name="Re-check 1 skill").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-check the skills you worked on")
    expect(page.locator("fieldset.rating")).to_have_count(1)
    screenshots(page, name="plan-recheck", artifacts_dir=artifacts_dir)
    reached = max(item.target_level for item in plan.items.filter(target_key=skill))
    answer_card(page, kind=AnswerKind.SKILL, key=skill, level=reached).click()
    expect(page.get_by_test_id("recheck-check-offer")).to_contain_text("At most 3 questions, up to about")
    page.get_by_role("button", name="Save and check my knowledge").click()

    # Straight to the check of that one skill: every rating step is already answered.
    expect(page).to_have_url(re.compile(rf"/assess/{UUID}/check/$"))
    expect(page.get_by_test_id("check-question")).to_contain_text("Question 1 of at most 3")
    screenshots(page, name="plan-recheck-check", artifacts_dir=artifacts_dir)
    answered = answer_the_check_right(page)
    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    new_report = Report.objects.filter(user=user).exclude(pk=first_report.pk).get()
    assert page.url.endswith(f"/reports/{new_report.pk}/")
    assert new_report.readiness > first_report.readiness
    assert answered == (3 if reached < 4 else 2)  # two at the rating, then one above it unless it is 4
    checked = reached  # right answers confirm the rating; one right answer above it never raises it
    assert [(s["skill"], s["claimed"], s["checked"]) for s in new_report.snapshot["knowledge_check"]["skills"]] == [
        (skill, reached, checked)
    ]

    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_test_id("moved-skills")).to_contain_text(done[0].target_label)
    expect(page.get_by_test_id("checked-level")).to_have_text(str(checked))
    screenshots(page, name="plan-checked", artifacts_dir=artifacts_dir)

    page.get_by_role("link", name="← All your plans").click()
    page.get_by_label("Email me a weekly digest of my plans").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("You will get a weekly digest of your plans by email.")).to_be_visible()
    expect(page.get_by_label("Email me a weekly digest of my plans")).to_be_checked()
    screenshots(page, name="plan-list", artifacts_dir=artifacts_dir)

    page.goto("/reports/compare/")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(f"{ROLE_NAME} ({SENIORITY_NAME})")
    assert page.locator("#id_after").input_value() == str(new_report.pk)
    assert page.locator("#id_before").input_value() == str(first_report.pk)

    page.goto("/reports/progress/")
    links = page.locator("[aria-label='Readiness per report']").get_by_role("link")
    expect(links).to_have_count(2)
    assert links.last.get_attribute("href") == f"/reports/{new_report.pk}/"
    finished = page.get_by_test_id("finished-items")
    for item in done:
        expect(finished).to_contain_text(item.title)
    expect(page.locator("svg.progress-chart path title")).to_have_count(2)
    # Finished between the two reports of the day: the markers sit between their points, not on one.
    first_x, last_x = (float(c.get_attribute("cx")) for c in page.locator("svg.progress-chart circle").all())
    marker_xs = [float(p.get_attribute("d").split()[1]) for p in page.locator("svg.progress-chart path").all()]
    assert all(first_x < x < last_x for x in marker_xs), (first_x, marker_xs, last_x)
    screenshots(page, name="plan-timeline", artifacts_dir=artifacts_dir)
