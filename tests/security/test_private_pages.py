"""Pages and downloads that show a candidate's data are never stored by a browser or a proxy."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessment import services
from assessment.models import Report
from assessment.selectors import questionnaire_get
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def owner():
    return get_user_model().objects.create_user(username="olga-private", email="olga@example.org", password="x")


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def reports(owner_client) -> list[Report]:
    made = []
    for rating in (2, 3):
        assessment = start_assessment(owner_client)
        answer_steps(owner_client, assessment, rating=rating)
        made.append(Report.objects.get(assessment=assessment))
    return made


def cache_headers(response) -> tuple:
    return response.get("Cache-Control"), response.has_header("Expires")


PRIVATE_PAGES = {
    "report": (lambda r: reverse("assessment:report", kwargs={"pk": r[0].pk}), 200),
    "reports-list": (lambda r: reverse("assessment:report-list"), 200),
    "compare": (lambda r: reverse("assessment:report-compare") + f"?before={r[0].pk}&after={r[1].pk}", 200),
    "progress": (lambda r: reverse("assessment:report-progress"), 200),
    "pdf": (lambda r: reverse("assessment:report-pdf", kwargs={"pk": r[0].pk}), 200),
    "csv": (lambda r: reverse("assessment:report-csv", kwargs={"pk": r[0].pk}), 200),
    "json": (lambda r: reverse("assessment:report-json", kwargs={"pk": r[0].pk}), 200),
    "account": (lambda r: reverse("assessment:account"), 200),
    "account-data": (lambda r: reverse("assessment:account-data"), 200),
    "account-delete": (lambda r: reverse("assessment:account-delete"), 200),
    "password-change": (lambda r: reverse("password_change"), 200),
    "report-delete": (lambda r: reverse("assessment:report-delete", kwargs={"pk": r[0].pk}), 200),
    "start": (lambda r: reverse("assessment:start"), 200),
    "missing-report": (
        lambda r: reverse("assessment:report", kwargs={"pk": "00000000-0000-0000-0000-000000000000"}),
        404,
    ),
}


@pytest.mark.parametrize(("url_for", "status"), PRIVATE_PAGES.values(), ids=PRIVATE_PAGES.keys())
def test_owner_pages_and_exports_are_no_store(owner_client, reports, url_for, status):
    response = owner_client.get(url_for(reports))

    assert (response.status_code, cache_headers(response)) == (status, (NO_STORE, True))


def test_questionnaire_step_pages_are_no_store(owner_client):
    assessment = start_assessment(owner_client)
    steps = questionnaire_get().steps

    headers = [
        cache_headers(owner_client.get(reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": s.slug})))
        for s in steps
    ]

    assert headers == [(NO_STORE, True)] * len(steps)


def test_review_page_is_no_store(owner_client):
    assessment = start_assessment(owner_client)

    response = owner_client.get(reverse("assessment:review", kwargs={"pk": assessment.pk}))

    assert (response.status_code, cache_headers(response)) == (200, (NO_STORE, True))


def test_a_refused_step_post_is_no_store_too(owner_client):
    assessment = start_assessment(owner_client)
    step = questionnaire_get().steps[0]

    response = owner_client.post(reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug}), {})

    assert (response.status_code, cache_headers(response)) == (400, (NO_STORE, True))


def test_shared_report_page_is_no_store(reports):
    link = services.report_share_link_create(report=reports[0], label="", expires_in_days=None)

    response = Client().get(f"/s/{link.token}/")

    assert (response.status_code, cache_headers(response)) == (200, (NO_STORE, True))


@pytest.mark.parametrize("url_name", ["login", "signup", "password_reset"])
def test_account_forms_are_no_store(url_name):
    response = Client().get(reverse(url_name))

    assert (response.status_code, cache_headers(response)) == (200, (NO_STORE, True))


@pytest.mark.parametrize("url_name", ["career:home", "career:role-list", "career:faq"])
def test_public_catalogue_pages_stay_cacheable(url_name):
    response = Client().get(reverse(url_name))

    assert (response.status_code, cache_headers(response)) == (200, (None, False))
