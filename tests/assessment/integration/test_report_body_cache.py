"""The report body is rendered once per process and reused: a snapshot never changes.

Tests run with DEBUG on, where the fragment cache is a dummy; these switch it to
the production's per-process memory cache.
"""

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse

from assessment.models import Report
from tests.assessment.integration.conftest import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def fragment_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "report-body-tests",
        },
    }
    cache = caches["template_fragments"]
    cache.clear()
    yield cache
    cache.clear()


def make_report(client, *, rating: int) -> Report:
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=rating)
    return Report.objects.get(assessment=assessment)


def cached_body(cache, report: Report) -> str | None:
    return cache.get(make_template_fragment_key("report_body", [report.pk]))


def report_page(client, report: Report) -> str:
    return client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()


def test_report_body_is_cached_on_first_view_and_served_from_the_cache(client, fragment_cache):
    report = make_report(client, rating=2)
    before = cached_body(fragment_cache, report)

    first = report_page(client, report)
    body = cached_body(fragment_cache, report)
    second = report_page(client, report)

    assert (before, f"{report.readiness}%" in body, body in first, body in second) == (None, True, True, True)


def test_report_body_cache_keeps_each_report_apart(client, fragment_cache):
    low, high = make_report(client, rating=1), make_report(client, rating=4)

    low_page, high_page = report_page(client, low), report_page(client, high)
    low_body, high_body = cached_body(fragment_cache, low), cached_body(fragment_cache, high)

    assert low.readiness != high.readiness
    assert (low_body in low_page, high_body in high_page, low_body in high_page, high_body in low_page) == (
        True,
        True,
        False,
        False,
    )
