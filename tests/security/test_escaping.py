"""Text that an admin or a candidate typed is shown as text everywhere: never run as markup."""

import csv
import io
import json
import shutil
import subprocess
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessment.models import Report
from assessment.questionnaire import KIND_EXPERIENCE
from assessment.selectors import questionnaire_get
from career.models import FaqEntry, KnowledgeCheckItem, KnowledgeCheckOption, Role, Skill
from tests.journeys import answer_steps, check_question_on, start_assessment, step_answers, take_check

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ROLE_NAME = f"AI {SCRIPT} Engineer"
SKILL_NAME = f"Python {IMG}"
FAQ_ANSWER = f"It depends {SCRIPT} and {IMG}"
SHARE_LABEL = f"Mentor {IMG}"
PORTFOLIO_URL = 'https://example.com/?q="><script>alert(1)</script>'


def raw_and_missing(body: str, *values: str) -> tuple[list[str], list[str]]:
    """The payload fragments found unescaped, and the values whose escaped form is missing."""
    raw = [fragment for fragment in ("<script>alert(1)", "<img src=x onerror") if fragment in body]
    missing = [value for value in values if escape(value) not in body]
    return raw, missing


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(  # noqa: S603 (a fixed tool on a file we wrote)
            [shutil.which("pdftotext"), "-enc", "UTF-8", pdf.name, "-"], capture_output=True, check=True
        )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def planted(db):
    """An admin's hostile edits to the catalogue."""
    Role.objects.filter(slug="ai-engineer").update(name=ROLE_NAME)
    Skill.objects.filter(slug="python").update(name=SKILL_NAME)
    faq = FaqEntry.objects.order_by("order").first()
    faq.answer = FAQ_ANSWER
    faq.save()


@pytest.fixture
def candidate_client(planted):
    client = Client()
    user = get_user_model().objects.create_user(username="mallory", email="mallory@example.org", password="x")
    client.force_login(user)
    return client


@pytest.fixture
def report(candidate_client) -> Report:
    """A report built after the edits, with a hostile portfolio address and share-link label (showing the portfolio)."""
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")
    for step in questionnaire_get().steps:
        data = step_answers(step)
        if step.kind == KIND_EXPERIENCE:
            data["portfolio_url"] = PORTFOLIO_URL
        url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug})
        assert candidate_client.post(url, data).status_code == 302
    report = Report.objects.get(assessment=assessment)
    share = candidate_client.post(
        reverse("assessment:share-create", kwargs={"pk": report.pk}),
        {"label": SHARE_LABEL, "expires_in_days": "", "show_portfolio": "on"},
    )
    assert share.status_code == 302
    return report


def test_hostile_input_is_stored_as_typed(report):
    assert (report.role_name, report.snapshot["experience"]["portfolio_url"], report.share_links.get().label) == (
        ROLE_NAME,
        PORTFOLIO_URL,
        SHARE_LABEL,
    )


@pytest.mark.parametrize(
    ("url", "values"),
    [
        (reverse("career:role-detail", kwargs={"slug": "ai-engineer"}), (ROLE_NAME, SKILL_NAME)),
        (reverse("career:role-list"), (ROLE_NAME,)),
        (reverse("career:skill-list"), (SKILL_NAME,)),
        (reverse("career:faq"), (FAQ_ANSWER,)),
        (reverse("assessment:start"), (ROLE_NAME,)),
    ],
    ids=["role", "role-list", "skill-list", "faq", "start"],
)
def test_catalogue_pages_escape_admin_text(planted, url, values):
    response = Client().get(url)

    assert (response.status_code, raw_and_missing(response.content.decode(), *values)) == (200, ([], []))


def test_questionnaire_step_escapes_skill_names(candidate_client):
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")

    response = candidate_client.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}), follow=True)

    assert raw_and_missing(response.content.decode(), SKILL_NAME) == ([], [])


def test_review_page_escapes_skill_names(candidate_client):
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")

    response = candidate_client.get(reverse("assessment:review", kwargs={"pk": assessment.pk}))

    assert raw_and_missing(response.content.decode(), SKILL_NAME) == ([], [])


def test_report_page_escapes_names_portfolio_and_share_label(candidate_client, report):
    response = candidate_client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    body = response.content.decode()
    assert raw_and_missing(body, ROLE_NAME, SKILL_NAME, PORTFOLIO_URL, SHARE_LABEL) == ([], [])


def test_shared_page_escapes_names_and_portfolio(report):
    response = Client().get(f"/s/{report.share_links.get().token}/")

    assert raw_and_missing(response.content.decode(), ROLE_NAME, SKILL_NAME, PORTFOLIO_URL) == ([], [])


@pytest.mark.parametrize("url_name", ["assessment:report-list", "assessment:report-progress"])
def test_report_list_and_progress_chart_escape_role_names(candidate_client, report, url_name):
    response = candidate_client.get(reverse(url_name))

    body = response.content.decode()
    assert raw_and_missing(body, ROLE_NAME) == ([], [])


def test_progress_chart_svg_escapes_role_names(candidate_client, report):
    body = candidate_client.get(reverse("assessment:report-progress")).content.decode()

    svg = body.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert raw_and_missing(svg, ROLE_NAME) == ([], [])


def test_pdf_shows_hostile_text_as_text(candidate_client, report):
    response = candidate_client.get(reverse("assessment:report-pdf", kwargs={"pk": report.pk}))

    text = pdf_text(response.content)
    assert (ROLE_NAME in text, SKILL_NAME in text) == (True, True)


def test_csv_holds_the_exact_text_in_a_non_html_download(candidate_client, report):
    response = candidate_client.get(reverse("assessment:report-csv", kwargs={"pk": report.pk}))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    python_row = next(row for row in rows if row["key"] == "python")
    assert (python_row["label"], response["Content-Type"], response["X-Content-Type-Options"]) == (
        SKILL_NAME,
        "text/csv; charset=utf-8",
        "nosniff",
    )


def test_json_holds_the_exact_text_in_a_non_html_download(candidate_client, report):
    response = candidate_client.get(reverse("assessment:report-json", kwargs={"pk": report.pk}))

    data = json.loads(response.content)
    assert (data["report"]["role_name"], data["snapshot"]["experience"]["portfolio_url"]) == (ROLE_NAME, PORTFOLIO_URL)
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/json; charset=utf-8",
        "nosniff",
    )


def test_account_data_download_holds_the_exact_text_in_a_non_html_download(candidate_client, report):
    response = candidate_client.post(reverse("assessment:account-data"))

    data = json.loads(response.content)
    assert (data["share_links"][0]["label"], response["Content-Type"], response["X-Content-Type-Options"]) == (
        SHARE_LABEL,
        "application/json; charset=utf-8",
        "nosniff",
    )


@pytest.mark.parametrize(
    ("url_for", "values"),
    [
        (lambda: reverse("admin:career_role_changelist"), (ROLE_NAME,)),
        (lambda: reverse("admin:career_role_change", args=[Role.objects.get(slug="ai-engineer").pk]), (ROLE_NAME,)),
        (lambda: reverse("admin:career_skill_changelist"), (SKILL_NAME,)),
        (
            lambda: reverse("admin:career_faqentry_change", args=[FaqEntry.objects.order_by("order")[0].pk]),
            (FAQ_ANSWER,),
        ),
    ],
    ids=["role-list", "role-change", "skill-list", "faq-change"],
)
def test_admin_escapes_admin_text(client, admin_user, planted, url_for, values):
    client.force_login(admin_user)

    response = client.get(url_for())

    assert (response.status_code, raw_and_missing(response.content.decode(), *values)) == (200, ([], []))


# --- The knowledge check ------------------------------------------------------------------------

STEM = f"Which {SCRIPT} is right?"
OPTION_TEXT = f"This one {IMG}"
EXPLANATION = f"Because {SCRIPT}"


@pytest.fixture
def hostile_bank(planted):
    """A curator's hostile edits to every Python item of the bank: stem, explanation and option texts."""
    items = KnowledgeCheckItem.objects.filter(skill__slug="python")
    for item in items:
        item.stem, item.explanation = f"{STEM} #{item.pk}", EXPLANATION
        item.save()
    KnowledgeCheckOption.objects.filter(item__in=items, position=1).update(text=OPTION_TEXT)


def test_check_question_escapes_the_items_text(candidate_client, hostile_bank):
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")
    answer_steps(candidate_client, assessment, rating=3, until="check")
    url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})
    offer = candidate_client.get(url).content.decode()
    candidate_client.post(url, {"nav": "start"})

    page = candidate_client.get(url).content.decode()

    item = KnowledgeCheckItem.objects.get(pk=check_question_on(page)[0])
    assert item.skill.slug == "python"  # the heaviest skill comes first
    assert raw_and_missing(offer, SKILL_NAME) == ([], [])
    assert raw_and_missing(page, item.stem, OPTION_TEXT, SKILL_NAME) == ([], [])


def test_check_review_and_exports_hold_the_items_text_as_text(candidate_client, hostile_bank):
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")
    answer_steps(candidate_client, assessment, rating=3, until="check")
    take_check(candidate_client, assessment, right=False)
    report = Report.objects.get(assessment=assessment)
    python_item = next(i for i in report.snapshot["knowledge_check"]["items"] if i["skill"] == "python")

    page = candidate_client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    pdf = pdf_text(candidate_client.get(reverse("assessment:report-pdf", kwargs={"pk": report.pk})).content)
    exported = json.loads(candidate_client.get(reverse("assessment:report-json", kwargs={"pk": report.pk})).content)

    assert raw_and_missing(page, python_item["stem"], OPTION_TEXT, EXPLANATION) == ([], [])
    assert EXPLANATION in pdf and "This one" in pdf
    assert exported["snapshot"]["knowledge_check"]["items"][0]["explanation"] == EXPLANATION


def test_item_statistics_escape_the_items_text(client, admin_user, candidate_client, hostile_bank):
    assessment = start_assessment(candidate_client, role="ai-engineer", seniority="mid")
    answer_steps(candidate_client, assessment, rating=3, until="check")
    take_check(candidate_client, assessment, right=True)
    client.force_login(admin_user)

    page = client.get(reverse("check-statistics")).content.decode()

    stem = KnowledgeCheckItem.objects.filter(skill__slug="python").first().stem
    assert raw_and_missing(page, SKILL_NAME, stem) == ([], [])
