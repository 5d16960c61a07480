"""Every candidate-facing page says only what is true: what is stored where, for how long, and where figures come from.

The walk opens every page a candidate can reach, as the candidate who would see it,
and fails on sentences the app used to say that were not true.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, Report
from assessment.selectors import questionnaire_get
from career.models import SkillRequirement
from tests.career.test_pages import page
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Sentences that were on these pages and were not true.
UNTRUE = [
    "kept in this browser only",  # reports are stored on the server, tied to the browser's session
    "export and share it",  # the downloads work without an account
    "export them",
    "no name, email or account details",  # the shared page showed the portfolio link
    "catalogue version",  # a hash means nothing to a candidate
    "within a day",  # the confirmation link works for SIGNUP_CONFIRM_HOURS
    "everything we hold about you",  # the account's data, not sessions, logs or counters
    "do not change the score",  # experience feeds the seniority estimate's confidence
    "base pay",  # the job description does not say base pay or total compensation
    "10–15 minutes",  # a guess: the questionnaire measures at more (questionnaire.time_estimate)
    "saved as you go",  # answers are saved when a step is submitted; nothing saves mid-page
]
SIGNED_IN_UNTRUE = ["No account needed", "no account needed"]

CATALOGUE_PAGES = [
    "career:home",
    "career:role-list",
    ("career:role-detail", {"slug": "mlops-engineer"}),
    "career:skill-list",
    "career:duty-list",
    "career:certification-list",
    "career:roadmap",
    "career:career-path",
    "career:outlook",
    "career:kpi-list",
    "career:faq",
]
FIGURE_PAGES = [
    "career:home",
    ("career:role-detail", {"slug": "mlops-engineer"}),
    "career:career-path",
    "career:outlook",
]


def url(name) -> str:
    return reverse(name[0], kwargs=name[1]) if isinstance(name, tuple) else reverse(name)


def completed_report(client) -> Report:
    assessment = start_assessment(client)
    answer_steps(client, assessment)
    return Report.objects.get(assessment=assessment)


@pytest.fixture
def member():
    client = Client()
    client.force_login(get_user_model().objects.create_user("ines-5120", "ines-5120@example.org", "x"))
    return client


def anonymous_pages() -> tuple[Client, dict[str, str], list[Report]]:
    """Every page an anonymous candidate sees, as (client, {label: url}, reports made)."""
    client = Client()
    draft = start_assessment(client, role="mlops-engineer")
    report = completed_report(client)
    first_step = questionnaire_get().steps[0].slug
    urls = {str(name): url(name) for name in CATALOGUE_PAGES} | {
        "start": reverse("assessment:start"),
        "step": reverse("assessment:step", kwargs={"pk": draft.pk, "slug": first_step}),
        "report (anonymous)": reverse("assessment:report", kwargs={"pk": report.pk}),
        "login": reverse("login"),
        "signup": reverse("signup"),
        "signup-done": reverse("signup-done"),
        "password_reset": reverse("password_reset"),
        "privacy": reverse("assessment:privacy"),
    }
    return client, urls, [report]


def member_pages(client) -> tuple[dict[str, str], list[Report]]:
    """Every page a signed-in candidate sees, with two reports and a live share link."""
    first, second = completed_report(client), completed_report(client)
    client.post(reverse("assessment:share-create", kwargs={"pk": second.pk}), {"expires_in_days": "30"})
    token = second.share_links.get().token
    client.post(reverse("assessment:start"), {"role": "ai-engineer", "seniority": "mid", "prefill": "on"})
    retake = Assessment.objects.filter(status="in_progress").latest("created_at")
    urls = {str(name): url(name) for name in CATALOGUE_PAGES} | {
        "start (signed in)": reverse("assessment:start"),
        "report (owner)": reverse("assessment:report", kwargs={"pk": second.pk}),
        "shared report": f"/s/{token}/",
        "report list": reverse("assessment:report-list"),
        "review (retake)": reverse("assessment:review", kwargs={"pk": retake.pk}),
        "compare": reverse("assessment:report-compare") + f"?before={first.pk}&after={second.pk}",
        "progress": reverse("assessment:report-progress"),
        "account": reverse("assessment:account"),
        "account data": reverse("assessment:account-data"),
        "account delete": reverse("assessment:account-delete"),
        "password change": reverse("password_change"),
        "privacy (signed in)": reverse("assessment:privacy"),
    }
    return urls, [first, second]


def problems(client, urls: dict[str, str], reports: list[Report], untrue: list[str]) -> list[str]:
    found = []
    for label, address in urls.items():
        response = client.get(address)
        html = response.content.decode()
        text = " ".join("".join(page(response).find("body")[0].parts).split())
        if response.status_code != 200:
            found.append(f"{label}: status {response.status_code}")
        found += [f"{label}: says “{phrase}”" for phrase in untrue if phrase.lower() in text.lower()]
        found += [f"{label}: shows the catalogue hash" for r in reports if r.catalogue_version in text]
        if reverse("assessment:privacy") not in html:
            found.append(f"{label}: no link to the privacy page")
        if "names no source of its own" not in text:
            found.append(f"{label}: does not say where the salary and growth figures come from")
    return found


def test_no_page_an_anonymous_candidate_sees_says_what_is_not_true():
    client, urls, reports = anonymous_pages()

    assert len(urls) == 19
    assert problems(client, urls, reports, UNTRUE) == []


def test_no_page_a_signed_in_candidate_sees_says_what_is_not_true(member):
    urls, reports = member_pages(member)

    assert len(urls) == 23
    assert problems(member, urls, reports, UNTRUE + SIGNED_IN_UNTRUE) == []


def test_pages_with_salary_or_growth_figures_cite_their_source_beside_them(client):
    sources = {url(name): page(client.get(url(name))).texts("p", data_testid="figures-source") for name in FIGURE_PAGES}

    assert {address: len(texts) for address, texts in sources.items()} == {
        "/": 1,
        "/roles/mlops-engineer/": 1,
        "/career-path/": 1,
        "/outlook/": 2,
    }
    assert sources["/"] == [
        "Source: the 2026 job description for AI engineers that this catalogue is built on. It names no source of "
        "its own for the salary range and the growth projection, and we have not checked them against one."
    ]


def test_anonymous_report_says_where_it_is_stored_how_long_and_that_downloads_need_no_account(client, settings):
    settings.ANONYMOUS_RETENTION_DAYS = 9
    report = completed_report(client)

    response = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    assert page(response).texts("div", data_testid="anonymous-note") == [
        "This report is stored on our server and opens only in this browser. It will be deleted 9 days after it was "
        "made. You can download it now without an account; create an account or log in to keep it, compare it with "
        "later reports and share it privately. What we store."
    ]
    assert client.get(reverse("assessment:report-pdf", kwargs={"pk": report.pk}))["Content-Type"] == "application/pdf"


def test_report_header_shows_a_date_instead_of_the_catalogue_hash(client):
    report = completed_report(client)

    response = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    header = page(response).find("header", cls="report-header")[0]
    assert header.texts("p")[0] == (
        f"Skills-gap report · {report.created_at:%-d %B %Y} · scored against the role profiles as they stood that day"
    )
    assert report.catalogue_version not in response.content.decode()


def test_sign_up_pages_give_the_real_retention_and_link_lifetime(client, settings):
    settings.ANONYMOUS_RETENTION_DAYS = 45
    settings.SIGNUP_CONFIRM_HOURS = 6

    signup = page(client.get(reverse("signup"))).find("main")[0].texts("p")[0]
    done = page(client.get(reverse("signup-done"))).find("main")[0].texts("p")[0]

    assert signup == (
        "An account keeps your reports until you delete them (without one, they are deleted after 45 days), lets "
        "you compare them over time and share them privately. Assessments and reports from this browser come with you."
    )
    assert done == (
        "We have sent a message to the address you gave. To finish creating your account, open the link in it "
        "within 6 hours."
    )


def test_compare_says_when_the_profile_changed_without_showing_catalogue_hashes(member):
    before = completed_report(member)
    SkillRequirement.objects.filter(
        profile__role__slug="ai-engineer", profile__seniority__slug="mid", skill__slug="python"
    ).update(target=4, weight=5)
    after = completed_report(member)

    response = member.get(reverse("assessment:report-compare"), {"before": before.pk, "after": after.pk})

    html = response.content.decode()
    day = f"{after.created_at:%-d %B %Y}"
    assert before.catalogue_version != after.catalogue_version
    assert [version for version in (before.catalogue_version, after.catalogue_version) if version in html] == []
    assert f"The requirement profile changed between these reports (a curator edited it between {day} and {day})" in (
        " ".join(page(response).find("main")[0].text.split())
    )
