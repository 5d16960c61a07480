"""A report's body is rendered once, when the report is made, and stored with it: a snapshot never changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services
from assessment.models import Report
from career.models import Role
from tests.assessment.integration.conftest import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def make_report(client, *, rating: int = 2) -> Report:
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=rating)
    return Report.objects.get(assessment=assessment)


def test_completion_stores_the_rendered_body_with_the_report(client):
    report = make_report(client)

    assert report.body_template == services.report_body_template()
    assert f"{report.readiness}%" in report.body_html
    assert report.body_html == services.report_body_render(report=report)


def test_report_page_serves_the_stored_body_without_reading_the_snapshot(client):
    report = make_report(client)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    assert report.body_html in page
    assert [q["sql"] for q in queries.captured_queries if '"snapshot"' in q["sql"]] == []


def test_a_body_from_another_template_version_is_rendered_again_and_stored(client):
    report = make_report(client)
    Report.objects.filter(pk=report.pk).update(body_html="<p>an older design</p>", body_template="0123456789abcdef")

    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    report.refresh_from_db()
    assert ("an older design" in page, report.body_template) == (False, services.report_body_template())
    assert report.body_html in page


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
    first = report.snapshot["certifications"][0]
    assert first["in_cloud"] is True
    assert "those for Amazon Web Services (AWS) (your cloud) first" in body
    assert f'{first["certification"]["name"]} <span class="badge text-bg-primary">your cloud</span>' in body
    assert body.count("<strong>What it proves:</strong>") == len(report.snapshot["certifications"]) == 3
    assert "business-level ones (meant for leadership roles) are never suggested" in body
