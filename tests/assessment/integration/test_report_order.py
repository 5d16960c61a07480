"""The report reads like a verdict: what it says first, its one certification pick, and what moved since last time."""

import re

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, Report
from assessment.recommendations import PICK_ACTION_PREFIX
from assessment.selectors import questionnaire_get
from assessment.templatetags.report_format import certification_pick
from career.models import Role, SeniorityLevel
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SECTION_ORDER = [
    *("verdict", "next-steps", "change", "gaps", "certifications", "plan", "career", "role-fit", "calculation")
]


def make_report(client, *, role: str = "mlops-engineer", rating: int = 2, **experience) -> Report:
    assessment = start_assessment(client, role=role)
    answer_steps(client, assessment, rating=rating, **experience)
    return Report.objects.get(assessment=assessment)


def report_page(client, report: Report) -> str:
    return client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()


def sections(page: str) -> list[str]:
    return re.findall(r'data-report-section="([a-z-]+)"', page)


def test_owner_page_puts_the_verdict_first_and_the_details_last(client):
    report = make_report(client, hours_per_week=8, cloud="aws")

    assert sections(report_page(client, report)) == SECTION_ORDER


def test_the_offer_to_adopt_the_plan_follows_the_verdict_and_the_next_steps(client):
    page = report_page(client, make_report(client))

    offer = page.index('data-testid="adopt-plan"')
    assert page.index('data-report-section="next-steps"') < offer < page.index('data-report-section="change"')


def test_verdict_says_how_far_what_blocks_and_how_long_at_the_candidates_pace(client):
    report = make_report(client, hours_per_week=8, cloud="aws")
    plan, verdict = report.snapshot["plan"], report.snapshot["verdict"]

    page = report_page(client, report)

    how_long = re.search(r'data-testid="how-long">(.*?)</dd>', page, re.S).group(1)
    blocking = re.search(r'data-testid="blocking">(.*?)</dd>', page, re.S).group(1)
    assert f"about <strong>{plan['weeks']} weeks</strong>" in how_long
    assert f"{len(verdict['blocking'])} must-haves are short" in blocking
    assert [item["label"] for item in verdict["blocking"] if item["label"] not in blocking] == []


def test_one_certification_pick_in_next_steps_plan_roadmap_and_certifications(client):
    report = make_report(client, hours_per_week=8, cloud="aws")
    snapshot = report.snapshot
    pick = certification_pick(snapshot)["certification"]
    roadmap_certificates = [
        entry["action"]["slug"]
        for phase in snapshot["roadmap"]["phases"]
        for entry in phase["actions"]
        if entry["action"]["key"] == "ai-certification"
    ]

    page = report_page(client, report)
    next_steps = re.search(r'data-testid="next-steps">(.*?)</ol>', page, re.S).group(1)

    assert roadmap_certificates == [PICK_ACTION_PREFIX + pick["slug"]]
    assert f"Certification pick: {pick['name']}" in next_steps.replace("&ndash;", "–")
    assert next_steps.count("<li") == 3
    assert f"Prepare for and pass {pick['name']}" in page


def test_certification_cards_show_the_official_page_and_the_exam_facts_with_the_day_checked(client):
    report = make_report(client, cloud="aws")
    pick = report.snapshot["certifications"][0]["certification"]

    page = report_page(client, report)

    card = page[page.index('data-testid="certification"') :].split('data-testid="certification"')[1]
    assert pick["fee"] and pick["facts_checked_on"]
    assert f"<dt>Fee</dt><dd>{pick['fee']}</dd>" in card
    assert f'href="{pick["url"]}"' in card
    assert "What it proves:" in card


def test_change_since_the_previous_report_for_the_same_target(client):
    first = make_report(client, rating=2)
    make_report(client, role="ai-engineer", rating=1)  # another target: not a previous report of this one
    second = make_report(client, rating=3)

    first_page, second_page = report_page(client, first), report_page(client, second)

    change = second.readiness - first.readiness
    assert "This is your first report for MLOps Engineer (Mid-level)" in first_page
    assert f"had <strong>{first.readiness}%</strong>; this one has <strong>{second.readiness}%</strong>" in second_page
    assert f"up {change} points" in second_page


def test_change_since_previous_ignores_another_candidates_reports(client, django_user_model):
    other = django_user_model.objects.create_user("other", "other@example.com", "irrelevant-pass-123")
    client.force_login(other)
    make_report(client, rating=1)
    client.logout()
    mine = make_report(client, rating=3)

    page = report_page(client, mine)

    assert "This is your first report for MLOps Engineer (Mid-level)" in page


def test_shared_page_and_stored_body_leave_out_the_change_since_previous(client, django_user_model):
    user = django_user_model.objects.create_user("sharer", "sharer@example.com", "irrelevant-pass-123")
    client.force_login(user)
    make_report(client, rating=2)
    report = make_report(client, rating=3)
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    shared = client.get(reverse("assessment:shared-report", kwargs={"token": link.token})).content.decode()

    assert ("Since your previous report" in shared, "Since your previous report" in report.body_html) == (False, False)
    assert sections(shared) == [name for name in SECTION_ORDER if name != "change"]


def test_calculation_and_role_fit_tables_the_roadmap_and_the_other_certifications_are_folded(client):
    report = make_report(client)
    others = len(report.snapshot["certifications"]) - 1

    page = report_page(client, report)

    body = page[page.index('data-report-section="verdict"') :]
    folds = re.findall(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>", body, re.S)
    rows = len(report.snapshot["score"]["items"])
    phases = [p for p in report.snapshot["roadmap"]["phases"] if p["actions"]]
    assert [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fold)).strip() for fold in folds] == [
        f"{others} other certifications that also close some of your gaps",
        *(
            f"Phase {p['phase']['number']}: {p['phase']['name']} {len(p['actions'])} "
            f"action{'s' if len(p['actions']) > 1 else ''} · {p['effort_hours']:,} h"
            for p in phases
        ),
        "Role fit as a table",
        f"Every requirement with the numbers behind it ({rows} rows)",
    ]
    assert page.count('data-testid="certification"') == others + 1  # folded, not left out


def test_every_template_the_body_includes_at_any_depth_is_part_of_its_fingerprint():
    names = services.report_body_templates()

    # _certification_card.html is included by _certifications.html, itself included by the body.
    assert (names[0], "assessment/report/_certification_card.html" in names) == (services.REPORT_BODY_TEMPLATE, True)


@pytest.mark.parametrize("rating", [1, 2])
def test_every_role_names_one_certification_pick_in_its_certifications_plan_and_roadmap(rating):
    """Over every role: wherever the roadmap asks for a certification, it is the report's pick, and never a
    second, different certificate (tests/assessment/integration/test_certification_pick_catalogue.py goes
    over every seniority, cloud and more rating patterns)."""
    questionnaire = questionnaire_get()
    ratings = {(q.kind, q.key): rating for step in questionnaire.steps for q in step.questions}
    found = {}
    for role in Role.objects.all():
        assessment = Assessment.objects.create(
            role=role, seniority=SeniorityLevel.objects.get(slug="mid"), anonymous_token="t"
        )
        snapshot = services.report_snapshot_build(assessment=assessment, questionnaire=questionnaire, ratings=ratings)
        planned = [
            entry["action"]
            for phase in snapshot["roadmap"]["phases"]
            for entry in phase["actions"]
            if entry["action"]["key"] == "ai-certification"
        ]
        pick = (certification_pick(snapshot) or {}).get("certification")
        gap = next(i["gap"] for i in snapshot["score"]["items"] if i["key"] == "ai-certification")
        if pick and gap:
            ok = [a["slug"] for a in planned] == [PICK_ACTION_PREFIX + pick["slug"]]
            found[role.slug] = "the pick" if ok else f"not the pick: {planned}"
        else:
            generic = all(not a["slug"].startswith(PICK_ACTION_PREFIX) for a in planned) and len(planned) <= 1
            found[role.slug] = "no pick to name" if generic else f"wrong: {planned}"
    assert set(found.values()) <= {"the pick", "no pick to name"}, found
    assert "the pick" in found.values()


def test_a_report_against_a_job_ad_is_not_the_previous_report_of_the_plain_role(client):
    earlier = make_report(client, rating=2)
    Report.objects.filter(pk=earlier.pk).update(job_ad_key="5b0f8d6e-0000-4000-8000-000000000000")
    later = make_report(client, rating=3)

    page = report_page(client, later)

    assert "This is your first report for MLOps Engineer (Mid-level)" in page
