"""Role × seniority pairs outside the job description's experience ranges are flagged, not hidden."""

import pytest
from django.urls import reverse

from assessment.models import Report
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_role_fit_marks_the_roles_atypical_at_the_target_seniority(client):
    assessment = start_assessment(client, role="ai-engineer", seniority="mid")
    answer_steps(client, assessment, rating=2)
    report = Report.objects.get(assessment=assessment)

    atypical = sorted(fit["role"] for fit in report.snapshot["role_fit"] if fit["typical"] is False)
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    # The seed lists ML Platform and MLOps Engineer as Senior, AI Developer as Junior.
    assert atypical == ["ai-developer", "ml-platform-engineer", "mlops-engineer"]
    assert page.count("atypical at this level</span>") == 3


def test_role_page_names_the_must_haves_of_each_profile(client):
    page = client.get(reverse("career:role-detail", args=["mlops-engineer"])).content.decode()

    assert page.count("must-have</strong>") >= 4 * 5  # Python, MLOps, monitoring and two duties at every seniority
    assert page.count("atypical for this title") == 3
