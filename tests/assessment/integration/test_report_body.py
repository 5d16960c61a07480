"""A report's body is rendered once, when the report is made, and stored with it: a snapshot never changes."""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services
from assessment.models import Report
from career.models import Role
from tests.journeys import answer_steps, as_schema_1, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def make_report(client, *, rating: int = 2) -> Report:
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=rating)
    return Report.objects.get(assessment=assessment)


def owner_page_shows_body(page: str, report: Report) -> bool:
    """The owner's page shows the stored body whole, around what only it adds (the change since the previous report)."""
    head, rest = report.body_html.split(services.REPORT_BODY_MARKER)
    return head in page and rest in page and page.index(head) < page.index(rest)


def test_completion_stores_the_rendered_body_with_the_report(client):
    report = make_report(client)

    assert report.body_template == services.report_body_template()
    assert f"{report.readiness}%" in report.body_html
    assert report.body_html == services.report_body_render(report=report)


def test_report_page_serves_the_stored_body_without_reading_the_snapshot(client):
    report = make_report(client)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    assert owner_page_shows_body(page, report)
    assert [q["sql"] for q in queries.captured_queries if '"snapshot"' in q["sql"]] == []


def test_a_body_from_another_template_version_is_rendered_again_and_stored(client):
    report = make_report(client)
    Report.objects.filter(pk=report.pk).update(body_html="<p>an older design</p>", body_template="0123456789abcdef")

    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    report.refresh_from_db()
    assert ("an older design" in page, report.body_template) == (False, services.report_body_template())
    assert owner_page_shows_body(page, report)


def test_catalogue_edits_after_completion_leave_the_stored_body_alone(client):
    report = make_report(client)
    body = report.body_html

    Role.objects.filter(slug="ai-engineer").update(name="Renamed role")
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    report.refresh_from_db()
    assert (report.body_html == body, "Renamed role" in page) == (True, False)


def test_shared_page_shows_the_same_stored_body(client, django_user_model):
    user = django_user_model.objects.create_user("sharer", "sharer@example.com", "irrelevant-pass-123")
    client.force_login(user)
    report = make_report(client)
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    page = client.get(reverse("assessment:shared-report", kwargs={"token": link.token})).content.decode()

    assert report.body_html in page


def test_report_body_ranks_certifications_for_the_candidates_cloud_and_says_what_each_proves(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=1, cloud="aws")

    report = Report.objects.get(assessment=assessment)
    body = report.body_html
    ours = [rec for rec in report.snapshot["certifications"] if rec["in_cloud"]]
    assert "Certificates on your cloud count 1.25 times per hour." in body
    assert ours and all(
        f'{rec["certification"]["name"]} <span class="badge text-bg-primary">your cloud</span>' in body for rec in ours
    )
    assert body.count("<strong>What it proves:</strong>") == len(report.snapshot["certifications"]) == 3
    assert "Held, retired and business-level certificates are never suggested" in body


def body_text(report: Report) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.unescape(report.body_html)).split())


def test_report_body_lists_the_next_five_actions_and_the_expected_date(client):
    assessment = start_assessment(client, role="nlp-engineer", seniority="mid")
    answer_steps(client, assessment, rating=1, hours_per_week=12)

    report = Report.objects.get(assessment=assessment)
    plan, text = report.snapshot["plan"], body_text(report)
    titles = re.findall(
        r'<li class="list-group-item">\s*<strong>([^<]+)</strong>',
        report.body_html[report.body_html.index('data-testid="next-actions"') :].split("</ol>")[0],
    )
    day = date.fromisoformat(plan["expected_date"])
    assert [html.unescape(title) for title in titles] == [step["action"]["title"] for step in plan["next_actions"]]
    assert len(titles) == 5
    assert (
        f"At 12 hours a week, the skills plan ({plan['skills_hours']:,} h) takes {plan['weeks']} weeks: you can "
        f"expect to reach the target around {day.day} {day:%B %Y}, at {plan['readiness_after']:.1f}% readiness."
    ) in text
    assert text.index("Your next five actions") < text.index("Your roadmap")


def test_report_body_without_hours_per_week_says_there_is_no_date(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=1)

    report = Report.objects.get(assessment=assessment)

    assert (
        "You did not say how many hours a week you can spend learning, so there is no expected date. "
        f"The skills plan takes {report.snapshot['plan']['skills_hours']:,} h in all"
    ) in body_text(report)


def test_an_old_report_without_the_plan_renders_again_as_it_was_made(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=1)
    report = Report.objects.get(assessment=assessment)
    old = as_schema_1(report.snapshot)
    Report.objects.filter(pk=report.pk).update(snapshot=old, body_template="0123456789abcdef")

    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    report.refresh_from_db()
    text = body_text(report)
    assert page.status_code == 200
    assert owner_page_shows_body(page.content.decode(), report)
    assert "Your next five actions" not in text
    assert "What it proves" not in text
    assert f"Total effort: {old['roadmap']['total_hours']:,} h." in text
    assert "(1 course certificate, 2 foundational, 3 associate, 4 professional or specialty)" in text
    assert [
        rec["certification"]["name"] for rec in old["certifications"] if rec["certification"]["name"] not in text
    ] == []
