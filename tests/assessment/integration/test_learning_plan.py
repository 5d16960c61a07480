import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import LearningPlan
from tests.journeys import report_made

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_smoke(client):
    user = get_user_model().objects.create_user(username="ada", email="ada@example.org", password="x")
    client.force_login(user)
    report = report_made(user=user, hours_per_week=5)
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))
    assert "Adopt this plan" in page.text
    response = client.post(reverse("assessment:plan-adopt", kwargs={"pk": report.pk}))
    plan = LearningPlan.objects.get()
    assert response["Location"] == reverse("assessment:plan", kwargs={"pk": plan.pk})
    page = client.get(response["Location"])
    print(plan.items.count(), [ (i.title, i.hours, i.kind) for i in plan.items.all()][:40])
    with open("/tmp/t12/plan.html", "w") as f:
        f.write(page.text)
    assert page.status_code == 200
