import re

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.models import Answer, AnswerKind
from career.models import (
    Certification,
    RequirementProfile,
    RoadmapPhase,
    Role,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.questionnaire_pages import answer_card, choose_target, finish_without_the_check, save_and_continue

pytestmark = [pytest.mark.e2e]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# A software engineer moving towards NLP, aiming at NLP Engineer, Mid-level. The ratings
# are chosen so that the top gaps have no ties in (weight × gap, gap): their order is
# then fixed by the rule alone, not by the order of the requirements.
STEPS = [
    (
        "Programming, machine learning and data",
        AnswerKind.SKILL,
        {
            "python": 3,
            "supervised-learning-model-design": 2,
            "deep-learning-frameworks": 2,
            "neural-network-architectures": 1,
            "data-preprocessing-pipelines": 2,
            "data-security-privacy": 1,
        },
    ),
    (
        "Production engineering and workplace skills",
        AnswerKind.SKILL,
        {
            "mlops": 1,
            "model-optimisation-deployment": 2,
            "monitoring-retraining-ab-testing": 0,
            "scalable-cloud-systems": 1,
            "system-integration": 2,
            "problem-solving-analysis": 3,
            "communication-collaboration": 2,
        },
    ),
    (
        "Specialisms",
        AnswerKind.SKILL,
        {
            "nlp-llms": 2,
            "generative-ai": 3,
            "computer-vision": 0,
            "robotics-physical-systems": 0,
            "conversational-ai": 1,
            "edge-deployment": 0,
            "recommendation-systems": 0,
            "predictive-analytics": 1,
        },
    ),
    (
        "Duties",
        AnswerKind.DUTY,
        {
            "design-implement-ml-models": 2,
            "build-data-pipelines": 2,
            "integrate-ai-systems": 1,
            "cross-functional-collaboration": 2,
            "maintain-model-performance": 1,
            "ensure-scalability-reliability": 0,
            "develop-neural-networks": 2,
            "implement-mlops": 0,
        },
    ),
    ("Education and certifications", AnswerKind.EDUCATION, {"degree": 2, "portfolio": 1}),
]
# Without it, the report recommends this certification to this candidate (second of three).
HELD_CERTIFICATION = "aws-generative-ai-developer-professional"
HELD_CERTIFICATION_RATING = 4  # a professional-level certification
# 21 skills, 8 duties, degree and portfolio, less the five specialisms NLP Engineer (mid) does not ask for:
# the candidate answers them anyway, but they do not count towards the progress shown.
QUESTION_COUNT = 26
STEP_TITLES = [title for title, *_ in STEPS] + ["Experience"]


def answer(page: Page, *, kind: str, answers: dict[str, int]) -> None:
    for key, level in answers.items():
        answer_card(page, kind=kind, key=key, level=level).click()


def expect_answered(page: Page, *, kind: str, answers: dict[str, int]) -> None:
    for key, level in answers.items():
        card = answer_card(page, kind=kind, key=key, level=level)
        expect(page.locator(f"#{card.get_attribute('for')}")).to_be_checked()


def ratings() -> dict[tuple[str, str], int]:
    given = {(kind, key): level for _, kind, answers in STEPS for key, level in answers.items()}
    return given | {(AnswerKind.EDUCATION, "ai-certification"): HELD_CERTIFICATION_RATING}


def expected_figures(*, role: str, seniority: str) -> dict:
    """Readiness of every role at one seniority, worked out here by the formula the report states:
    Σ w·min(r, t) ÷ Σ w·t × 100, rounded down to one decimal."""
    given = ratings()
    figures = {}
    profiles = RequirementProfile.objects.filter(seniority__slug=seniority).select_related(
        "role__typical_seniority_from", "role__typical_seniority_to", "seniority"
    )
    for profile in profiles.prefetch_related(
        "skill_requirements__skill", "duty_requirements__duty", "education_requirements__qualification"
    ):
        items = (
            [
                (AnswerKind.SKILL, r.skill.slug, r.skill.name, r.target, r.weight)
                for r in profile.skill_requirements.all()
            ]
            + [(AnswerKind.DUTY, r.duty.slug, r.duty.name, r.target, r.weight) for r in profile.duty_requirements.all()]
            + [
                (AnswerKind.EDUCATION, r.qualification.slug, r.qualification.name, r.target, r.weight)
                for r in profile.education_requirements.all()
            ]
        )
        earned = sum(weight * min(given[kind, key], target) for kind, key, _, target, weight in items)
        possible = sum(weight * target for *_, target, weight in items)
        gaps = sorted(
            (
                (weight * (target - given[kind, key]), target - given[kind, key], label)
                for kind, key, label, target, weight in items
                if given[kind, key] < target
            ),
            key=lambda gap: (-gap[0], -gap[1]),
        )
        role_levels = (profile.role.typical_seniority_from.rank, profile.role.typical_seniority_to.rank)
        figures[profile.role.slug] = {
            "name": profile.role.name,
            # The job description's experience range for the title includes this seniority.
            "typical": role_levels[0] <= profile.seniority.rank <= role_levels[1],
            "earned": earned,
            "possible": possible,
            "readiness": (1000 * earned // possible) / 10,
            "gaps": gaps,
        }
    target = figures[role]
    keys = [(shortfall, gap) for shortfall, gap, _ in target["gaps"][:6]]
    assert len(set(keys)) == len(keys), "the persona's top gaps must not tie"
    return figures


def assert_fits_the_width(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") == width


def screenshots(page: Page, *, name: str, artifacts_dir) -> None:
    """Full-page screenshots at desktop and phone width; both layouts must fit and pass axe."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert_fits_the_width(page, viewport["width"])
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.mark.django_db(transaction=True)
def test_candidate_journey_from_home_page_to_report_resumes_after_closing_the_tab(page: Page, catalogue, artifacts_dir):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    page.get_by_role("link", name="Start your assessment").click()
    expect(page).to_have_url(re.compile(r"/assess/$"))
    choose_target(page, role="NLP Engineer", seniority="Mid-level")
    page.get_by_role("button", name="Start the questionnaire").click()

    expect(page).to_have_url(re.compile(rf"/assess/{UUID}/skills-programming/$"))
    resume_url = re.fullmatch(rf"(.*/assess/{UUID}/)skills-programming/", page.url).group(1)
    expect(page.get_by_text("NLP Engineer · Mid-level")).to_be_visible()
    expect(page.get_by_text(f"Step 1 of 7 · 0 of {QUESTION_COUNT} answered")).to_be_visible()
    for title, kind, answers in STEPS[:1]:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        answer(page, kind=kind, answers=answers)
        save_and_continue(page)
    expect(page).to_have_url(resume_url + "skills-production/")

    # The candidate closes the tab half-way and comes back later in the same browser.
    context = page.context
    page.close()
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.get_by_role("link", name="Start your assessment")).to_be_visible()
    page.goto(resume_url)

    expect(page).to_have_url(resume_url + "skills-production/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Production engineering and workplace skills")
    expect(page.get_by_text(f"Step 2 of 7 · 6 of {QUESTION_COUNT} answered")).to_be_visible()
    expect(page.locator("[aria-current=step]").filter(visible=True)).to_have_text(
        "Production engineering and workplace skills"
    )
    page.get_by_role("link", name="Programming, machine learning and data", exact=True).click()
    expect_answered(page, kind=AnswerKind.SKILL, answers=STEPS[0][2])
    save_and_continue(page)

    for title, kind, answers in STEPS[1:]:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        answer(page, kind=kind, answers=answers)
        if title == "Production engineering and workplace skills":
            screenshots(page, name="questionnaire-step", artifacts_dir=artifacts_dir)
        if title == "Duties":
            # Back keeps this page's answers and shows the previous page's.
            page.get_by_role("button", name="← Back").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Specialisms")
            expect_answered(page, kind=AnswerKind.SKILL, answers=STEPS[2][2])
            save_and_continue(page)
            expect_answered(page, kind=kind, answers=answers)
        if title == "Education and certifications":
            page.get_by_label(Certification.objects.get(slug=HELD_CERTIFICATION).name).check()
        save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Experience")
    expect(page.get_by_text(f"Step 6 of 7 · {QUESTION_COUNT} of {QUESTION_COUNT} answered")).to_be_visible()
    page.get_by_label("Years of hands-on experience in software or data").fill("3")
    page.get_by_label("AI or ML projects you have shipped (to users, a client or production)").fill("1")
    page.get_by_label("Link to your portfolio (optional)").fill("https://example.com/portfolio")
    page.get_by_label("Hours a week you can spend learning (optional)").fill("10")
    finish_without_the_check(page)

    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    figures = expected_figures(role="nlp-engineer", seniority="mid")
    target = figures["nlp-engineer"]
    expect(page.get_by_role("heading", level=1)).to_have_text("NLP Engineer · Mid-level")
    expect(page.get_by_test_id("readiness")).to_have_text(f"{target['readiness']:.1f}%")

    fit_rows = page.locator("section[aria-labelledby=fit-heading] ol > li")
    expect(page.locator("#fit-heading")).to_have_text("Role fit across all 11 roles")
    expect(fit_rows).to_have_count(Role.objects.count())
    ranked = sorted(figures.values(), key=lambda fit: -fit["readiness"])
    readiness_values = [fit["readiness"] for fit in ranked]
    assert len(set(readiness_values)) == 11, "equal readiness would make the order depend on the catalogue's order"
    assert [
        (row.locator(".chart-label").inner_text(), row.locator(".chart-value").inner_text()) for row in fit_rows.all()
    ] == [
        (
            f"{rank}. {fit['name']}"
            + (" target" if fit is target else "")
            + ("" if fit["typical"] else " atypical at this level"),
            f"{fit['readiness']:.1f}%",
        )
        for rank, fit in enumerate(ranked, start=1)
    ]

    gaps = page.locator("[data-testid=top-gaps] li > strong")
    assert gaps.all_inner_texts() == [label for *_, label in target["gaps"][:5]]
    expect(page.locator("section[aria-labelledby=gaps-heading] li").first).to_contain_text(
        f"priority {target['gaps'][0][0]}."
    )

    # The pick in full, the others folded beneath it: their text, shown or not.
    recommended = [t.strip() for t in page.locator("section[aria-labelledby=certs-heading] h3").all_text_contents()]
    held_name = Certification.objects.get(slug=HELD_CERTIFICATION).name
    assert held_name not in recommended
    assert 1 <= len(recommended) <= 5
    assert set(recommended) <= set(Certification.objects.active().values_list("name", flat=True))

    phases = page.locator("section[aria-labelledby=roadmap-heading] .roadmap > li")
    assert phases.locator("h4").all_inner_texts() == [
        f"Phase {number}: {name}"
        for number, name in RoadmapPhase.objects.order_by("number").values_list("number", "name")
    ]
    phase_hours = [
        int(match.group(1).replace(",", ""))
        for text in phases.locator(".card-header > span").all_inner_texts()
        if (match := re.search(r"· ([\d,]+) h$", text))
    ]
    assert sum(phase_hours) > 0
    expect(page.locator("section[aria-labelledby=roadmap-heading]")).to_contain_text(
        f"Skills plan: {sum(phase_hours):,} h"
    )
    expect(page.locator("[data-testid=next-actions] > li")).to_have_count(5)
    weeks = -(-sum(phase_hours) // 10)
    expect(page.locator("[data-testid=expected-date]")).to_contain_text(
        f"At 10 hours a week, the skills plan ({sum(phase_hours):,} h) takes {weeks} weeks: "
        "you can expect to reach the target around"
    )

    how = page.locator("section[aria-labelledby=how-heading]")
    expect(how.get_by_role("heading", name="How this was calculated")).to_be_visible()
    expect(how.locator(".formula")).to_have_text("gap = max(0, t − r) · readiness = Σ w·min(r, t) ÷ Σ w·t × 100")
    expect(how).to_contain_text(f"Here: {target['earned']} ÷ {target['possible']} × 100 = {target['readiness']:.1f}%.")
    profile = RequirementProfile.objects.get(role__slug="nlp-engineer", seniority__slug="mid")
    expect(how.locator("tbody tr")).to_have_count(
        profile.skill_requirements.count() + profile.duty_requirements.count() + profile.education_requirements.count()
    )

    screenshots(page, name="report", artifacts_dir=artifacts_dir)


@pytest.mark.django_db(transaction=True)
def test_questionnaire_without_javascript_reaches_a_full_report(browser: Browser, base_url, catalogue):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Start your assessment").click()
        choose_target(page, role="AI Developer", seniority="Junior")
        page.get_by_role("button", name="Start the questionnaire").click()

        titles = []
        for _ in STEP_TITLES[:-1]:
            titles.append(page.get_by_role("heading", level=1).inner_text())
            for group in page.locator("fieldset.rating").all():
                top = group.locator("label").last
                expect(top.locator(".rating-level")).to_have_text(re.compile(r"^4 · (Expert|Lead)$|^Level 4$"))
                top.click()
            if titles[-1] == "Education and certifications":
                page.get_by_label(Certification.objects.get(slug=HELD_CERTIFICATION).name).check()
            save_and_continue(page)
        titles.append(page.get_by_role("heading", level=1).inner_text())
        assert titles == STEP_TITLES
        expect(page.get_by_text(f"Step 6 of 7 · {QUESTION_COUNT} of {QUESTION_COUNT} answered")).to_be_visible()
        page.get_by_label("Years of hands-on experience in software or data").fill("12")
        page.get_by_label("AI or ML projects you have shipped (to users, a client or production)").fill("9")
        finish_without_the_check(page)

        expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("AI Developer · Junior")
        expect(page.get_by_test_id("readiness")).to_have_text("100.0%")
        expect(page.locator("section[aria-labelledby=fit-heading] ol > li")).to_have_count(11)
        expect(page.locator("section[aria-labelledby=gaps-heading]")).to_contain_text(
            "No gaps: you meet or exceed every target of this profile."
        )
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_candidate_answers_a_step(page: Page, catalogue):
    page.set_viewport_size(DESKTOP)
    page.goto("/assess/?role=nlp-engineer")
    page.get_by_role("button", name="Start the questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programming, machine learning and data")
    assessment_url = page.url
    others = {key: level for key, level in STEPS[0][2].items() if key != "python"}
    answer(page, kind=AnswerKind.SKILL, answers=others)

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "python":
            break
    expect(page.locator("input[name=python]:focus")).to_have_value("0")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=python]:checked")).to_have_value("3")
    expect(page.locator("input[name=python]:focus")).to_have_value("3")
    # The chosen card shows where the keyboard focus is.
    outline = page.locator("input[name=python]:focus + label").evaluate("label => getComputedStyle(label).outlineStyle")
    assert outline == "solid"
    # One tab stop per question (a radio group), then the button.
    for _ in range(len(others)):
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Save and continue →")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Production engineering and workplace skills")
    assert page.url == assessment_url.replace("/skills-programming/", "/skills-production/")
    expect(page.get_by_text(f"Step 2 of 7 · 6 of {QUESTION_COUNT} answered")).to_be_visible()
    assert sorted(Answer.objects.values_list("key", "rating")) == sorted({**others, "python": 3}.items())
