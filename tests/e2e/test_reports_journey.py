import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.defaultfilters import date as date_filter
from playwright.sync_api import Browser, Page, expect

from assessment import exports
from assessment.models import AnswerKind, Report, ShareLink
from assessment.selectors import questionnaire_get
from career.models import (
    RequirementProfile,
    Role,
    SeniorityLevel,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.questionnaire_pages import (
    answer_card,
    choose_target,
    finish_without_the_check,
    question_label,
    save_and_continue,
)

pytestmark = [pytest.mark.e2e]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
USERNAME = "robin-returns"
EMAIL = "robin.returns@example.com"
PASSWORD = "correct-horse-battery-9"
ROLE, SENIORITY = "machine-learning-engineer", "mid"
ROLE_NAME, SENIORITY_NAME = "Machine Learning Engineer", "Mid-level"
SHARE_LABEL = "Mentor at the meetup"
YEARS_LABEL = "Years of hands-on experience in software or data"
PROJECTS_LABEL = "AI or ML projects you have shipped (to users, a client or production)"

# A data analyst aiming at Machine Learning Engineer, Mid-level, with low ratings throughout.
FIRST_STEPS = [
    (
        "Programming, machine learning and data",
        AnswerKind.SKILL,
        {
            "python": 1,
            "supervised-learning-model-design": 1,
            "deep-learning-frameworks": 1,
            "neural-network-architectures": 0,
            "data-preprocessing-pipelines": 1,
            "data-security-privacy": 0,
        },
    ),
    (
        "Production engineering and workplace skills",
        AnswerKind.SKILL,
        {
            "mlops": 1,
            "model-optimisation-deployment": 0,
            "monitoring-retraining-ab-testing": 0,
            "scalable-cloud-systems": 1,
            "system-integration": 1,
            "problem-solving-analysis": 2,
            "communication-collaboration": 2,
        },
    ),
    (
        "Specialisms",
        AnswerKind.SKILL,
        {
            "nlp-llms": 0,
            "generative-ai": 1,
            "computer-vision": 0,
            "robotics-physical-systems": 0,
            "conversational-ai": 0,
            "edge-deployment": 0,
            "recommendation-systems": 0,
            "predictive-analytics": 1,
        },
    ),
    (
        "Duties",
        AnswerKind.DUTY,
        {
            "design-implement-ml-models": 1,
            "build-data-pipelines": 1,
            "integrate-ai-systems": 0,
            "cross-functional-collaboration": 1,
            "maintain-model-performance": 0,
            "ensure-scalability-reliability": 0,
            "develop-neural-networks": 0,
            "implement-mlops": 0,
        },
    ),
    ("Education and certifications", AnswerKind.EDUCATION, {"degree": 2, "portfolio": 1}),
]
# What the candidate learnt before the retake. All but the data pipelines skill reach the
# profile's target, so exactly those gaps close.
IMPROVED = {
    (AnswerKind.SKILL, "python"): 3,
    (AnswerKind.SKILL, "supervised-learning-model-design"): 3,
    (AnswerKind.SKILL, "data-preprocessing-pipelines"): 2,
    (AnswerKind.SKILL, "mlops"): 2,
    (AnswerKind.DUTY, "build-data-pipelines"): 2,
    (AnswerKind.EDUCATION, "portfolio"): 2,
}


def first_ratings() -> dict[tuple[str, str], int]:
    given = {(kind, key): level for _, kind, answers in FIRST_STEPS for key, level in answers.items()}
    return given | {(AnswerKind.EDUCATION, "ai-certification"): 0}  # no certification held


def expected_readiness(ratings: dict[tuple[str, str], int]) -> float:
    """Σ w·min(r, t) ÷ Σ w·t × 100, rounded down to one decimal, from the live catalogue."""
    terms = target_terms()
    earned = sum(weight * min(ratings[item], target) for item, (target, weight) in terms.items())
    possible = sum(weight * target for target, weight in terms.values())
    return (1000 * earned // possible) / 10


def target_terms() -> dict[tuple[str, str], tuple[int, int]]:
    """(kind, key) → (target, weight) for every requirement of the target profile."""
    profile = RequirementProfile.objects.get(role__slug=ROLE, seniority__slug=SENIORITY)
    return (
        {
            (AnswerKind.SKILL, r.skill.slug): (r.target, r.weight)
            for r in profile.skill_requirements.select_related("skill")
        }
        | {
            (AnswerKind.DUTY, r.duty.slug): (r.target, r.weight)
            for r in profile.duty_requirements.select_related("duty")
        }
        | {
            (AnswerKind.EDUCATION, r.qualification.slug): (r.target, r.weight)
            for r in profile.education_requirements.select_related("qualification")
        }
    )


def screenshots(page: Page, *, name: str, artifacts_dir, phone: bool = True) -> None:
    """Full-page screenshots at desktop (and phone) width; each layout must fit its width and pass axe."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE))[: 2 if phone else 1]:
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def pdf_text(path) -> str:
    result = subprocess.run(  # noqa: S603 (a fixed tool on a file the test wrote)
        [shutil.which("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def sign_up(page: Page) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    expect(page.get_by_text("No reports yet.")).to_be_visible()


def take_first_assessment(page: Page) -> None:
    page.get_by_role("link", name="New assessment").click()
    choose_target(page, role=ROLE_NAME, seniority=SENIORITY_NAME)
    # Nothing to start from yet.
    expect(page.get_by_label("Start from my latest answers")).to_have_count(0)
    page.get_by_role("button", name="Start the questionnaire").click()
    for title, kind, answers in FIRST_STEPS:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        for key, level in answers.items():
            answer_card(page, kind=kind, key=key, level=level).click()
        save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Experience")
    page.get_by_label(YEARS_LABEL).fill("2")
    page.get_by_label(PROJECTS_LABEL).fill("0")
    finish_without_the_check(page)


def retake_with_improvements(page: Page) -> None:
    """From the report: Retake, keep the latest answers, change only what improved."""
    page.get_by_role("link", name="Retake").click()
    expect(page).to_have_url(re.compile(r"/assess/\?role=machine-learning-engineer&seniority=mid$"))
    expect(page.get_by_role("radio", name=ROLE_NAME, exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name=SENIORITY_NAME, exact=True)).to_be_checked()
    expect(page.get_by_label("Start from my latest answers")).to_be_checked()

    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    page.get_by_role("button", name="Start the questionnaire").click()

    # Every pre-filled answer on one review page: change what improved, then finish.
    expect(page).to_have_url(re.compile(rf"/assess/{UUID}/review/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers and finish")
    # 31 questions less the six specialisms Machine Learning Engineer (mid) does not ask for.
    expect(page.get_by_text("25 of 25 required questions are answered")).to_be_visible()
    step_of = {(q.kind, q.key): step.slug for step in questionnaire_get().steps for q in step.questions}
    for _, kind, answers in FIRST_STEPS:
        for key, level in answers.items():
            field = page.locator(f"select[name='{step_of[kind, key]}-{key}']")
            expect(field).to_have_value(str(level))  # pre-filled from the first report
            if (kind, key) in IMPROVED:
                field.select_option(str(IMPROVED[kind, key]))
    expect(page.get_by_label(YEARS_LABEL)).to_have_value("2")
    expect(page.get_by_label(PROJECTS_LABEL)).to_have_value("0")
    page.get_by_role("button", name="Finish and see my report").click()
    # The knowledge check is offered once the answers are in; this candidate skips it.
    page.get_by_role("heading", level=1, name="Knowledge check").wait_for()
    page.get_by_role("button", name="Skip the check and finish").click()
    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    # After the start page: the review page, the check's offer, then the report.
    assert [re.sub(UUID, "<id>", url.split("//", 1)[1].split("/", 1)[1]).split("/")[:3] for url in loads] == [
        ["assess", "<id>", "review"],
        ["assess", "<id>", loads[1].rstrip("/").rsplit("/", 1)[1]],
        ["reports", "<id>", ""],
    ]
    assert len(loads) <= 3


@pytest.mark.django_db(transaction=True)
def test_reports_journey_retake_compare_progress_pdf_and_revocable_share_link(
    page: Page, browser: Browser, base_url, catalogue, artifacts_dir, tmp_path
):
    page.set_viewport_size(DESKTOP)
    role_name, seniority_name = Role.objects.get(slug=ROLE).name, SeniorityLevel.objects.get(slug=SENIORITY).name
    target_name = f"{role_name} · {seniority_name}"
    target = f"{role_name} ({seniority_name})"  # the same, as the compare page writes it
    readiness_first = expected_readiness(first_ratings())
    readiness_second = expected_readiness(first_ratings() | IMPROVED)
    terms = target_terms()
    closed = {
        f"{question_label(kind, key)}: rated {first_ratings()[kind, key]} → {rating}"
        for (kind, key), rating in IMPROVED.items()
        if first_ratings()[kind, key] < terms[kind, key][0] <= rating
    }
    assert len(closed) == 5, "the persona closes five gaps and narrows one"

    sign_up(page)
    take_first_assessment(page)

    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target_name)
    expect(page.get_by_test_id("readiness")).to_have_text(f"{readiness_first:.1f}%")

    retake_with_improvements(page)

    expect(page).to_have_url(re.compile(rf"/reports/{UUID}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target_name)
    expect(page.get_by_test_id("readiness")).to_have_text(f"{readiness_second:.1f}%")
    user = get_user_model().objects.get(username=USERNAME)
    first, second = Report.objects.filter(user=user).order_by("created_at")
    assert (float(first.readiness), float(second.readiness)) == (readiness_first, readiness_second)
    assert page.url.endswith(f"/reports/{second.pk}/")
    report_url = page.url
    delta = readiness_second - readiness_first
    assert delta > 0

    # My reports: newest first, with the change since the previous report.
    page.get_by_role("link", name="← All your reports").click()
    rows = page.locator("table tbody tr")
    assert [
        (row.locator("th").inner_text(), *row.locator("td.text-end").all_inner_texts()[:2]) for row in rows.all()
    ] == [
        (target_name, f"{readiness_second:.1f}%", f"+{delta:.1f}"),
        (target_name, f"{readiness_first:.1f}%", "first"),
    ]
    screenshots(page, name="reports-list", artifacts_dir=artifacts_dir)

    # Compare: the form preselects the two latest reports, older as "before".
    page.goto(report_url)
    page.get_by_role("link", name="Compare", exact=True).click()
    expect(page.get_by_label("Earlier report")).to_have_value(str(first.pk))
    expect(page.get_by_label("Later report")).to_have_value(str(second.pk))
    # Same-day reports stay apart in the closed select: the readiness comes before the long role name.
    assert page.get_by_label("Earlier report").locator("option").all_inner_texts() == [
        f"{date_filter(report.created_at, 'j M Y H:i')} · {float(report.readiness):.1f}% · {target}"
        for report in (second, first)
    ]
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(rf"/reports/compare/\?before={first.pk}&after={second.pk}$"))
    expect(page.get_by_test_id("readiness-delta")).to_have_text(
        f"Readiness {readiness_first:.1f}% → {readiness_second:.1f}% (+{delta:.1f} points) in 0 days."
    )
    expect(page.locator("#closed-heading")).to_have_text("Gaps closed (5)")
    assert set(page.locator("section[aria-labelledby=closed-heading] li").all_inner_texts()) == closed
    expect(page.locator("#new-heading")).to_have_text("New gaps (0)")
    # The change bars: the five closed gaps improved, the data pipelines gap narrowed.
    expect(page.get_by_test_id("change-improved").locator(".chart-label")).to_have_count(len(closed))
    expect(page.get_by_test_id("change-narrowed").locator(".chart-label")).to_have_text(
        ["Data preprocessing and pipelines"]
    )
    page.get_by_text("The same changes as a table").click()  # folded under the change bars
    python_row = page.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Python", exact=True))
    assert python_row.locator("td").all_inner_texts() == ["Skill", "1", "3", "+2", "2", "0", "-2"]
    pipelines_row = page.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Data preprocessing and pipelines", exact=True)
    )
    assert pipelines_row.locator("td").all_inner_texts() == ["Skill", "1", "2", "+1", "2", "1", "-1"]
    expect(page.get_by_text("The requirement profile changed between these reports")).to_have_count(0)
    screenshots(page, name="reports-compare", artifacts_dir=artifacts_dir)

    # Progress over time: a chart with one point per report and a table of the same numbers.
    page.goto("/reports/")
    page.get_by_role("link", name="Progress over time").click()
    chart = page.locator("svg.progress-chart")
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart.locator("title").first).to_have_text(
        f"Readiness of your 2 reports, oldest first, from {readiness_first:.1f}% to {readiness_second:.1f}%"
    )
    assert chart.locator("circle > title").all_text_contents() == [
        f"{report.created_at.strftime('%d %b %Y')} · {target_name}: {float(report.readiness):.1f}%"
        for report in (first, second)
    ]
    first_y, second_y = (
        float(y) for y in chart.locator("circle").evaluate_all("cs => cs.map(c => c.getAttribute('cy'))")
    )
    assert second_y < first_y, "the later, higher readiness is drawn higher"
    readiness_table = page.locator("section[aria-labelledby=readiness-heading] table tbody tr")
    assert [row.locator("td, th").all_inner_texts() for row in readiness_table.all()] == [
        [date_filter(report.created_at, "j M Y, H:i"), target_name, f"{float(report.readiness):.1f}%"]
        for report in (first, second)
    ]
    trend = page.locator("section[aria-labelledby=trends-heading] tbody tr").filter(
        has=page.get_by_role("rowheader", name="Python", exact=True)
    )
    assert trend.locator("td.text-end").all_inner_texts() == ["1", "3"]
    screenshots(page, name="reports-progress", artifacts_dir=artifacts_dir)

    # PDF from the report page.
    page.goto(report_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == exports.export_filename(second, "pdf")
    pdf_path = tmp_path / "report.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf_path)
    assert f"{readiness_second:.1f}%" in text
    assert target_name in text

    # A share link that expires in 7 days, read from the page.
    share = page.locator("#share-links")
    share.get_by_label("Who is it for? (optional)").fill(SHARE_LABEL)
    share.get_by_label("The link stops working").select_option(label="After 7 days")
    share.get_by_role("button", name="Create a share link").click()
    expect(page.get_by_text("Share link created: anyone who has it can read this report")).to_be_visible()
    link = ShareLink.objects.get(report=second)
    expiry_days = round((link.expires_at - link.created_at).total_seconds() / 86400, 2)
    assert (link.label, link.revoked_at, expiry_days) == (SHARE_LABEL, None, 7.0)
    live_row = share.get_by_test_id("share-link")
    expect(live_row).to_contain_text(f"Live {SHARE_LABEL}")
    share_url = share.get_by_label(f"Address of the share link “{SHARE_LABEL}”").input_value()
    assert share_url == f"{base_url}/s/{link.token}/"

    # The person it was sent to: a fresh browser with no cookies.
    guest_context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    try:
        guest = guest_context.new_page()
        response = guest.goto(share_url)
        assert response.status == 200
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "no-store" in response.headers["cache-control"].replace(" ", "").split(",")
        expect(guest.get_by_role("heading", level=1)).to_have_text(target_name)
        expect(guest.get_by_test_id("readiness")).to_have_text(f"{readiness_second:.1f}%")
        expect(guest.locator("a[href='/reports/']")).to_have_count(0)  # not signed in
        html = guest.content()
        assert [secret for secret in (USERNAME, EMAIL, SHARE_LABEL) if secret in html] == []
        expect(guest.get_by_role("button", name="Create a share link")).to_have_count(0)
        # Desktop only: the report body's phone layout is covered by the candidate journey.
        screenshots(guest, name="reports-shared", artifacts_dir=artifacts_dir, phone=False)

        # The owner revokes the link; the guest's reload gets the "not available" page.
        live_row.get_by_role("button", name="Revoke").click()
        expect(page.get_by_text("Share link revoked. It no longer opens this report.")).to_be_visible()
        expect(share.get_by_test_id("share-link")).to_contain_text(f"Revoked {SHARE_LABEL}")
        link.refresh_from_db()
        assert link.revoked_at is not None

        response = guest.reload()
        assert response.status == 404
        expect(guest.get_by_role("heading", level=1)).to_have_text("This shared report is not available")
        expect(guest.get_by_test_id("readiness")).to_have_count(0)
        guest.screenshot(path=artifacts_dir / "reports-shared-revoked-desktop.png", full_page=True)
    finally:
        guest_context.close()
