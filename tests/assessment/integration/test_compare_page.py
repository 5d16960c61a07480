"""The compare page shows what moved as change bars grouped by how each gap moved, beside the table."""

import re

import pytest
from django.urls import reverse

from assessment.comparison import change_groups, compare_snapshots
from assessment.models import Report
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_compare_page_groups_change_bars_as_the_comparison_does(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("cam", "cam@example.org", "irrelevant-pass-123"))
    answer_steps(client, start_assessment(client, role="mlops-engineer"), rating=2)
    answer_steps(client, start_assessment(client, role="mlops-engineer"), rating=3)
    before, after = Report.objects.order_by("created_at")
    result = compare_snapshots(
        before=before.snapshot, after=after.snapshot, before_at=before.created_at, after_at=after.created_at
    )

    html = client.get(reverse("assessment:report-compare"), {"before": before.pk, "after": after.pk}).content.decode()

    shown = {
        key: re.findall(r'<span class="chart-label">([^<]*)</span>', body)
        for key, body in re.findall(r'data-testid="change-([a-z]+)">(.*?)</ul>', html, re.S)
    }
    expected = {group.key: [c.label for c in group.items] for group in change_groups(result.items) if group.items}
    assert shown == expected
    assert len(shown["improved"]) > 0
    assert "Ratings and gaps before and after" in html  # the table stays, for screen readers
